/**
 * The image's entry built as the Dockerfile builds it (the esbuild options of
 * template/node-ts/build.mjs, the one configuration the image and npm run build:functions share),
 * with a test handler in ./function/handler.js, started behind the real of-watchdog 0.10.10
 * (tests/helpers/openfaas-tools.ts) in http mode: the process model of the pod. The watchdog runs
 * under reaper.py, which reports the exit codes of the watchdog and of the function process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { entryBuildOptions } from '../../../template/node-ts/build.mjs';

const root = resolve(import.meta.dirname, '../../..');
const reaper = join(import.meta.dirname, 'reaper.py');

/** Bundles the entry into DIR/out with `handlerSource` as out/function/handler.js; returns out/. */
export function buildEntry(handlerSource: string): string {
  const out = join(mkdtempSync(join(tmpdir(), 'image-entry-')), 'out');
  buildSync(entryBuildOptions({ templateDir: join(root, 'template/node-ts'), outdir: out }));
  writeFileSync(join(out, 'package.json'), '{ "type": "commonjs" }\n');
  mkdirSync(join(out, 'function'), { recursive: true });
  writeFileSync(join(out, 'function/handler.js'), handlerSource);
  return out;
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

export interface Pod {
  proc: ChildProcess;
  url: string;
  lines: string[];
  /** Resolves with the first output line matching. */
  waitFor(re: RegExp): Promise<string>;
  /** The watchdog's exit code (the container's). */
  exited: Promise<number | null>;
  /** The function process's own exit code, as reaper.py saw it. */
  functionExit(): Promise<number>;
}

/** Starts the real fwatchdog with fprocess="node index.js" in `out`, as the image's CMD does. */
export async function startPod(fwatchdog: string, out: string, env: Record<string, string>): Promise<Pod> {
  // of-watchdog 0.10.10 always serves its metrics on :8081 (and panics when that port is taken):
  // the pods of these tests run one at a time, and nothing else in the suite listens there.
  const [port, httpPort] = [await freePort(), await freePort()];
  const proc = spawn('python3', [reaper, fwatchdog], {
    cwd: out,
    env: {
      PATH: process.env.PATH,
      TMPDIR: join(out, '..'),
      mode: 'http',
      fprocess: `${process.execPath} index.js`,
      upstream_url: `http://127.0.0.1:${httpPort}`,
      http_port: String(httpPort),
      port: String(port),
      prefix_logs: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  const onData = (chunk: Buffer): void => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      lines.push(line);
      for (const w of waiters.filter((x) => x.re.test(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  const waitFor = (re: RegExp): Promise<string> => {
    const seen = lines.find((l) => re.test(l));
    return seen ? Promise.resolve(seen) : new Promise((r) => waiters.push({ re, resolve: r }));
  };
  await waitFor(/"msg":"listening","port":\d+\}/);
  const functionExit = async (): Promise<number> =>
    (JSON.parse(await waitFor(/"reaped": "function"/)) as { code: number }).code;
  return { proc, url: `http://127.0.0.1:${port}`, lines, waitFor, exited, functionExit };
}
