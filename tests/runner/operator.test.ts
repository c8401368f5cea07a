/**
 * What an operator sees from `npm start` when something is wrong: a wrong key, an unreachable
 * host, a bad setting, a bad schedule, and per-ticket failures each named in the human output,
 * before or without --json. Real processes against a real sandbox on loopback.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../tools/freshdesk-sandbox/index';
import { processesWith } from './processes';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm start` with an environment of our own (no FRESHDESK_* from the caller's shell). */
function start(args: string[], env: Record<string, string> = {}, timeout = 120_000): Promise<Run> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FRESHDESK_')));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'tools/runner/main.ts', '--port', '0', ...args],
      { env: { ...base, ...env }, timeout },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ port: 0, seed: 'demo', plan: 'unlimited' });
});
afterAll(() => sb.close());

describe('npm start tells the operator why', () => {
  it('a wrong API key is one line naming the key, exit 1, before any function starts', async () => {
    const marker = `RUNNER_KEY_${process.pid}`;
    // The base URL without /api/v2: accepted (otherwise the answer would be a 404).
    const r = await start(['--once'], {
      FRESHDESK_BASE_URL: sb.origin,
      FRESHDESK_API_KEY: 'not-the-key',
      [marker]: '1',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Freshdesk at ${sb.origin}/api/v2 answered 401: check FRESHDESK_API_KEY`);
    expect(r.stderr).not.toContain('not-the-key');
    expect(processesWith(marker)).toEqual([]);
  }, 60_000);

  it('an unreachable host is one line naming the host, exit 1', async () => {
    const r = await start(['--once'], { FRESHDESK_BASE_URL: 'http://127.0.0.1:1/api/v2', FRESHDESK_API_KEY: 'k' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /Freshdesk at http:\/\/127\.0\.0\.1:1\/api\/v2 could not be reached \(ECONNREFUSED\): check FRESHDESK_DOMAIN \/ FRESHDESK_BASE_URL/,
    );
  }, 60_000);

  it('a bad setting from the shell fails before anything starts, naming the variable', async () => {
    const marker = `RUNNER_SETTING_${process.pid}`;
    const r = await start(['--once'], { APPLY_THRESHOLD: 'high', FRESHDESK_API_KEY: 'a-key', [marker]: '1' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'warning: FRESHDESK_API_KEY is set but neither FRESHDESK_DOMAIN nor FRESHDESK_BASE_URL: running the embedded demo, not your account',
    );
    expect(r.stderr).toContain('nothing was started');
    expect(r.stderr).toMatch(/update-ticket: configuration: APPLY_THRESHOLD: .*number/);
    expect(processesWith(marker)).toEqual([]);
  }, 60_000);

  it('a bad cron schedule in stack.yml fails before any function starts and leaves no process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stack-'));
    const file = join(dir, 'stack.yml');
    writeFileSync(file, readFileSync('stack.yml', 'utf8').replace('schedule: "*/5 * * * *"', 'schedule: "*/5 * * *"'));
    const marker = `RUNNER_CRON_${process.pid}`;
    const r = await start(['--once', '--stack', file], { [marker]: '1' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('stack.yml: fetch-tickets schedule "*/5 * * *": "*/5 * * *" must have 5 fields');
    expect(r.stderr).not.toContain('sandbox: base URL');
    expect(processesWith(marker)).toEqual([]);
  }, 60_000);

  it('per-ticket failures under 50% faults are rows with the ticket id, the function and the reason', async () => {
    sb.setFaults({ errorRate: 0.5, seed: 3 });
    try {
      const r = await start(['--once', '--apply'], {
        FRESHDESK_BASE_URL: sb.baseUrl,
        FRESHDESK_API_KEY: sb.apiKey,
        LOOKBACK_MINUTES: String(30 * 24 * 60),
      });
      expect(r.code, r.stderr).toBe(1);
      // The shell's LOOKBACK_MINUTES wins over stack.yml and is reported.
      expect(r.stderr).toContain('LOOKBACK_MINUTES=43200  from the shell (stack.yml: 1440)  [fetch-tickets]');
      const errors = r.stdout.slice(r.stdout.indexOf('errors ('));
      const rows = errors.split('\n').filter((l) => /^\s+\d+\s+(fetch|classify|update)-ticket/.test(l));
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows)
        expect(row).toMatch(/^\s+\d+\s+\S+-ticket\s+Freshdesk answered 5\d\d on (GET|PUT|POST) \/tickets\/\d+/);
      expect(r.stdout).toMatch(/; errors [1-9]\d*/);
    } finally {
      sb.setFaults({});
    }
  }, 120_000);
});
