/** `npm start` as a user runs it: --once --json, and Ctrl-C leaving no processes behind. */
import { execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

function processesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/environ`, 'utf8').includes(marker)) pids.push(Number(d));
    } catch {
      // gone, or not ours
    }
  }
  return pids;
}

describe('npm start', () => {
  it('--once --json triages every demo ticket and prints one JSON object', async () => {
    const { stdout } = await run('npm', ['start', '--silent', '--', '--once', '--json', '--port', '0'], { timeout: 90_000 });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const s = JSON.parse(lines[0]!);
    expect(Object.keys(s)).toEqual(['scanned', 'eligible', 'triaged', 'outcomes', 'errors', 'results']);
    expect(s.triaged).toBe(s.eligible);
    expect(s.errors).toEqual([]);
    expect(Object.keys(s.outcomes)).toEqual(['applied', 'suggested', 'review', 'skipped']);
    expect(Object.keys(s.results[0])).toEqual(['id', 'queue', 'priority', 'type', 'confidence', 'outcome']);
  }, 120_000);

  it('stops every function process on Ctrl-C', async () => {
    const marker = `RUNNER_TEST_${process.pid}_${Date.now()}`;
    const child = spawn(process.execPath, ['--import', 'tsx', 'tools/runner/main.ts', '--port', '0'], { env: { ...process.env, [marker]: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
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
    await new Promise((r) => setTimeout(r, 300));
    expect(processesWith(marker)).toEqual([]);
  }, 90_000);
});
