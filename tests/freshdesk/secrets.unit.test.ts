import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSecret } from '@shared/config/secrets';

describe('readSecret', () => {
  it('prefers the OpenFaaS secret file (trimmed) over the environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
    writeFileSync(join(dir, 'freshdesk-api-key'), '  from-file\n');
    expect(
      readSecret({
        name: 'freshdesk-api-key',
        dir,
        envVar: 'FRESHDESK_API_KEY',
        env: { FRESHDESK_API_KEY: 'from-env' },
      }),
    ).toBe('from-file');
  });
  it('falls back to the variable, and gives undefined when neither is set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
    expect(readSecret({ name: 'x', dir, envVar: 'K', env: { K: ' v ' } })).toBe('v');
    expect(readSecret({ name: 'x', dir, envVar: 'K', env: {} })).toBeUndefined();
  });
});
