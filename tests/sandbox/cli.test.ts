import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = 'tools/freshdesk-sandbox/cli.ts';

/** Runs the CLI with tsx in a child process; resolves once it printed its banner or exited. */
function launch(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve) => {
    const check = () => (out.includes('Press Ctrl-C') ? resolve() : undefined);
    child.stdout.on('data', check);
    void exited.then(() => resolve());
  });
  return { child, ready, exited, output: () => out, errors: () => err };
}

describe('npm run sandbox (cli.ts)', () => {
  it('prints base URL and key, serves a seed file, and stops cleanly on SIGINT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fd-cli-'));
    try {
      const seed = join(dir, 'seed.json');
      writeFileSync(seed, JSON.stringify([{ subject: 'From a file', group: 'IT Support' }]));
      const run = launch([
        '--port',
        '0',
        '--api-key',
        'cli-key',
        '--seed',
        seed,
        '--plan',
        'growth',
        '--window-ms',
        '1000',
      ]);
      await run.ready;
      const baseUrl = /base URL:\s+(\S+)/.exec(run.output())?.[1];
      expect(run.output()).toContain('API key:   cli-key');
      expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v2$/);
      const res = await fetch(`${baseUrl}/tickets/1`, {
        headers: { Authorization: `Basic ${Buffer.from('cli-key:X').toString('base64')}` },
      });
      expect(res.headers.get('x-ratelimit-total')).toBe('200');
      expect(((await res.json()) as { subject: string }).subject).toBe('From a file');
      run.child.kill('SIGINT');
      expect(await run.exited).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits with 2 and the usage on bad arguments', async () => {
    const run = launch(['--plan', 'platinum']);
    expect(await run.exited).toBe(2);
    expect(run.errors()).toContain('--plan must be one of');
    expect(run.errors()).toContain('usage: npm run sandbox');
  });

  it('refuses webhook options without --webhook, and a malformed header, with exit 2', async () => {
    const orphan = launch(['--webhook-header', 'X-Triage-Token: t']);
    expect(await orphan.exited).toBe(2);
    expect(orphan.errors()).toContain('need --webhook URL');
    const bad = launch(['--webhook', 'http://127.0.0.1:9/hook', '--webhook-header', 'no colon here']);
    expect(await bad.exited).toBe(2);
    expect(bad.errors()).toContain("must look like 'Name: value'");
  });
});
