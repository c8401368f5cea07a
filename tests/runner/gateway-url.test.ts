/**
 * Where fetch-tickets sends its classify calls under the runner: the shell's gateway_url wins, then
 * the stack file's (--stack), and only the in-cluster gateway (gateway.openfaas) is replaced by the
 * runner's own URL; every value that differs from the stack file is in the printed notes.
 * Reads the repository's real stack.yml and model manifest.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { functionEnvs, type FunctionEnvInput } from '../../tools/runner/function-env';
import { renderNotes } from '../../tools/runner/settings';
import { readStack } from '../../tools/runner/stack';

const root = resolve(__dirname, '../..');
const account = { baseUrl: 'http://127.0.0.1:1/api/v2', apiKey: 'k' };
const RUNNER = 'http://127.0.0.1:18100';
const input = (over: Partial<FunctionEnvInput>): FunctionEnvInput => ({
  root,
  stack: readStack(join(root, 'stack.yml'), {}),
  shell: {},
  realAccount: false,
  ...over,
});

describe("fetch-tickets' gateway_url under the runner", () => {
  it('default stack.yml: the runner puts itself in, and says so', () => {
    const { envs, notes } = functionEnvs(input({}), account, RUNNER);
    expect(envs.get('fetch-tickets')!.gateway_url).toBe(RUNNER);
    const line = renderNotes(notes).find((l) => l.includes('gateway_url='));
    expect(line).toContain(`gateway_url=${RUNNER}`);
    expect(line).toContain('stack.yml: http://gateway.openfaas:8080');
  });

  it("the shell's gateway_url wins and is printed as coming from the shell", () => {
    const { envs, notes } = functionEnvs(input({ shell: { gateway_url: 'http://127.0.0.1:8080' } }), account, RUNNER);
    expect(envs.get('fetch-tickets')!.gateway_url).toBe('http://127.0.0.1:8080');
    expect(notes.find((n) => n.key === 'gateway_url')).toMatchObject({ from: 'shell', value: 'http://127.0.0.1:8080' });
  });

  it("a stack file's own gateway_url (e.g. --stack) is kept; only the in-cluster gateway is replaced", () => {
    const dir = mkdtempSync(join(tmpdir(), 'stack-'));
    const file = join(dir, 'stack.yml');
    copyFileSync(join(root, 'stack.yml'), file);
    writeFileSync(file, readFileSync(file, 'utf8').replace('http://gateway.openfaas:8080', 'http://127.0.0.1:8080'));
    const { envs, notes } = functionEnvs(input({ stack: readStack(file, {}) }), account, RUNNER);
    expect(envs.get('fetch-tickets')!.gateway_url).toBe('http://127.0.0.1:8080');
    expect(notes.find((n) => n.key === 'gateway_url')).toBeUndefined();
  });
});
