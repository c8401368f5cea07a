/**
 * MODEL_VERSION follows the model manifest instead of being kept equal by hand: the local runner
 * reads it from classify-ticket's manifest, refuses a fetch-tickets version that differs, and the
 * values the cluster uses (stack.yml, fetch-tickets' default) are checked against the shipped model.
 * Reads this repository's stack.yml and models/ticket-triage/manifest.json (no model is loaded).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FetchEnv } from '../../functions/fetch-tickets/config';
import { modelVersionAt, resolveSettings, validateSettings } from '../../tools/runner/settings';
import { readStack } from '../../tools/runner/stack';

const stack = readStack('stack.yml', {});
const shipped = modelVersionAt('models/ticket-triage');
const settings = (shell: Record<string, string>) =>
  resolveSettings(stack, {
    shell,
    local: {
      MODEL_DIR: { value: 'models/ticket-triage', why: 'the repository model', quiet: true },
      MODEL_VERSION: { value: shipped ?? '', why: "the version in classify-ticket's model manifest" },
    },
    fixed: {
      gateway_url: 'http://127.0.0.1:8080',
      FRESHDESK_BASE_URL: 'http://127.0.0.1:1/api/v2',
      FRESHDESK_API_KEY: 'k',
      FRESHDESK_DOMAIN: undefined,
    },
    fixedWhy: {},
  });

describe('MODEL_VERSION and the model manifest', () => {
  it("the shipped values equal the shipped model: stack.yml and fetch-tickets' default", () => {
    expect(shipped).toMatch(/^\d+\.\d+\.\d+/);
    expect(stack.find((f) => f.name === 'fetch-tickets')?.environment.MODEL_VERSION).toBe(shipped);
    expect(FetchEnv.parse({}).MODEL_VERSION).toBe(shipped);
  });

  it("reads a retrained model's version, and nothing from a directory without a manifest", () => {
    const dir = mkdtempSync(join(tmpdir(), 'model-version-'));
    expect(modelVersionAt(dir)).toBeUndefined();
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ name: 'ticket-triage', version: '2.1.0-local' }));
    expect(modelVersionAt(dir)).toBe('2.1.0-local');
  });

  it('the runner refuses a fetch-tickets version the model does not have, naming both', () => {
    expect(validateSettings(process.cwd(), stack, settings({}).envs)).toEqual([]);
    expect(validateSettings(process.cwd(), stack, settings({ MODEL_VERSION: '1.0.0' }).envs)).toEqual([
      `fetch-tickets: MODEL_VERSION is 1.0.0 but classify-ticket's model (manifest.json) is ${shipped}: set MODEL_VERSION=${shipped} (or unset it locally: the runner reads the manifest)`,
    ]);
  });
});
