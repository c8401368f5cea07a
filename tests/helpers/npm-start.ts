/**
 * `npm start -- --no-cron --port 0` as a real child process (the runner's own CLI, tools/runner/main.ts),
 * for tests that point real OpenFaaS programs at it. Resolves once the runner says it is serving.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface StartedRunner {
  gateway: string;
  /** The embedded sandbox's admin URL (its request log). */
  admin: string;
  /** Everything the runner printed on stderr so far. */
  log(): string;
  stop(): Promise<number | null>;
}

export async function npmStart(args: string[], env: Record<string, string> = {}): Promise<StartedRunner> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'tools/runner/main.ts', '--port', '0', '--no-cron', ...args],
    { cwd: resolve(__dirname, '../..'), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  child.stdout!.resume();
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  await new Promise<void>((ok, fail) => {
    const t = setTimeout(() => fail(new Error(`the runner did not come up in 60 s:\n${err}`)), 60_000);
    const check = (): void => {
      if (err.includes('no cron (--no-cron)')) {
        clearTimeout(t);
        ok();
      }
    };
    child.stderr!.on('data', check);
    void exited.then((code) => {
      clearTimeout(t);
      fail(new Error(`the runner exited (${code}) before serving:\n${err}`));
    });
  });
  return {
    gateway: /gateway on (http:\S+)/.exec(err)![1]!,
    admin: /admin (http:\S+)/.exec(err)![1]!,
    log: () => err,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}
