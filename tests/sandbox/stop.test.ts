/**
 * `npm run sandbox` stopped through npm's own pid (what a process manager or `kill <pid>` does)
 * stops the server too: the script execs node, so no child is left holding the port.
 */
import { execFileSync, spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm run sandbox', () => {
  it('SIGTERM on npm stops the server process it started', async () => {
    const npm = spawn('npm', ['run', '-s', 'sandbox', '--', '--port', '0', '--seed', 'empty'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      npm.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('Press Ctrl-C to stop.')) resolve();
      });
      npm.on('exit', (code) => reject(new Error(`npm exited ${code}: ${out}`)));
    });
    const children = execFileSync('pgrep', ['-P', String(npm.pid)])
      .toString()
      .trim()
      .split('\n')
      .map(Number);
    expect(children.length).toBeGreaterThan(0);
    const stopped = new Promise<void>((resolve) => npm.on('exit', () => resolve()));
    npm.kill('SIGTERM');
    await stopped;
    // The server says it stops and exits; poll without a fixed sleep, bounded by the test timeout.
    while (children.some(alive)) await new Promise((r) => setImmediate(r));
    expect(out).toContain('SIGTERM: stopping the sandbox');
  }, 30_000);
});
