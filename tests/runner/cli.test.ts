/** `npm start` as a user runs it: --once --json, and Ctrl-C leaving no processes behind. */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { processesWith } from './processes';

const run = promisify(execFile);
const appliedFields = (s: any) =>
  s.results.flatMap((r: any) => Object.values(r.fields)).filter((f: any) => f.action === 'applied') as {
    confidence: number;
  }[];

describe('npm start', () => {
  it('--once --json triages every demo ticket and prints per-field outcomes; APPLY_THRESHOLD from the shell changes them', async () => {
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith('FRESHDESK_') && k !== 'APPLY_THRESHOLD'),
    );
    const [plain, strict] = await Promise.all([
      run('npm', ['start', '--silent', '--', '--once', '--json', '--port', '0'], { timeout: 90_000, env }),
      run('npm', ['start', '--silent', '--', '--once', '--json', '--port', '0'], {
        timeout: 90_000,
        env: { ...env, APPLY_THRESHOLD: '0.99' },
      }),
    ]);
    const lines = plain.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const s = JSON.parse(lines[0]!);
    expect(Object.keys(s)).toEqual(['scanned', 'eligible', 'triaged', 'outcomes', 'errors', 'results']);
    expect(s.triaged).toBe(s.eligible);
    expect(s.errors).toEqual([]);
    expect(Object.keys(s.outcomes)).toEqual(['applied', 'suggested', 'review', 'skipped']);
    expect(Object.keys(s.results[0])).toEqual([
      'id',
      'queue',
      'priority',
      'type',
      'confidence',
      'outcome',
      'fields',
      'reason',
      'dryRun',
    ]);
    for (const r of s.results) {
      expect(Object.keys(r.fields).sort()).toEqual(['priority', 'queue', 'type']);
      for (const f of Object.values(r.fields) as any[])
        expect(['applied', 'suggested', 'kept', 'review', 'unmapped']).toContain(f.action);
      expect(r.fields.queue.label).toBe(r.queue);
    }
    // The demo's own look-back is said, not silent.
    expect(plain.stderr).toContain(
      'LOOKBACK_MINUTES=43200  set by the runner: the embedded demo tickets span 30 days (stack.yml: 1440)  [fetch-tickets]',
    );
    expect(plain.stderr).toMatch(
      /sandbox: base URL http:\/\/127\.0\.0\.1:\d+\/api\/v2 {2}key \S+ {2}admin http:\/\/127\.0\.0\.1:\d+\/_sandbox/,
    );
    // The shell wins over stack.yml, and says so.
    expect(strict.stderr).toContain('APPLY_THRESHOLD=0.99  from the shell (stack.yml: 0.6)  [update-ticket]');
    const t = JSON.parse(strict.stdout.trim());
    const [loose, tight] = [appliedFields(s), appliedFields(t)];
    expect(tight.length).toBeLessThan(loose.length);
    for (const f of tight) expect(f.confidence).toBeGreaterThanOrEqual(0.99);
    expect(loose.some((f) => f.confidence < 0.99)).toBe(true);
  }, 120_000);

  it('stops every function process on Ctrl-C', async () => {
    const marker = `RUNNER_TEST_${process.pid}_${Date.now()}`;
    const child = spawn(process.execPath, ['--import', 'tsx', 'tools/runner/main.ts', '--port', '0'], {
      env: { ...process.env, [marker]: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`runner did not finish its first cycle: ${err}`)), 60_000);
      child.stderr.on('data', (c: Buffer) => {
        err += c.toString();
        if (err.includes('Ctrl-C stops everything')) {
          clearTimeout(t);
          resolve();
        }
      });
    });
    expect(processesWith(marker).length).toBeGreaterThanOrEqual(4); // the runner and three functions
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(130);
    // The functions exit on their own SIGINT; a busy machine may take a moment: poll, do not race a short timer.
    const until = Date.now() + 10_000;
    while (processesWith(marker).length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(processesWith(marker)).toEqual([]);
  }, 90_000);

  it('--no-cron fires nothing and serves the gateway for a real cron connector', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tools/runner/main.ts', '--port', '0', '--no-cron'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`runner did not come up: ${err}`)), 60_000);
      child.stderr.on('data', (c: Buffer) => {
        err += c.toString();
        if (err.includes('no cron (--no-cron)')) {
          clearTimeout(t);
          resolve();
        }
      });
    });
    try {
      const admin = /admin (http:\S+)/.exec(err)![1]!;
      const gateway = /gateway on (http:\S+)/.exec(err)![1]!;
      await new Promise((r) => setTimeout(r, 1000));
      const ticketCalls = async () =>
        ((await (await fetch(`${admin}/requests`)).json()) as { path: string }[]).filter((e) =>
          e.path.startsWith('/api/v2/tickets'),
        );
      expect(await ticketCalls()).toEqual([]);
      // What the cron connector sends: an empty POST; fetch-tickets answers with its summary.
      const res = await fetch(`${gateway}/function/fetch-tickets`, {
        method: 'POST',
        headers: { 'x-connector': 'cron-connector' },
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { scanned: number }).scanned).toBeGreaterThan(0);
      expect((await ticketCalls()).length).toBeGreaterThan(0);
    } finally {
      child.kill('SIGINT');
      await new Promise((r) => child.on('exit', r));
    }
  }, 90_000);
});
