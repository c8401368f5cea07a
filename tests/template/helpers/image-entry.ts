/**
 * The image's entry built as the Dockerfile builds it (the esbuild options of
 * template/node-ts/build.mjs, the one configuration the image and npm run build:functions share),
 * with a test handler in ./function/handler.js, started behind the of-watchdog stand-in
 * (tests/image/fwatchdog.ts): the process model of the pod.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { entryBuildOptions } from '../../../template/node-ts/build.mjs';

const root = resolve(import.meta.dirname, '../../..');
const esbuildBin = join(root, 'node_modules/.bin/esbuild');

/** Bundles the entry into DIR/out with `handlerSource` as out/function/handler.js; returns out/. */
export function buildEntry(handlerSource: string): string {
  const out = join(mkdtempSync(join(tmpdir(), 'image-entry-')), 'out');
  buildSync(entryBuildOptions({ templateDir: join(root, 'template/node-ts'), outdir: out }));
  writeFileSync(join(out, 'package.json'), '{ "type": "commonjs" }\n');
  mkdirSync(join(out, 'function'), { recursive: true });
  writeFileSync(join(out, 'function/handler.js'), handlerSource);
  return out;
}

/** The watchdog stand-in, bundled once into `dir` (as the stand-in image holds it). */
export function buildWatchdog(dir: string): string {
  const file = join(dir, 'fwatchdog.js');
  execFileSync(esbuildBin, [
    join(root, 'tests/image/fwatchdog.ts'),
    '--bundle',
    '--platform=node',
    '--format=cjs',
    `--outfile=${file}`,
    '--log-level=warning',
  ]);
  return file;
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
  exited: Promise<number | null>;
}

/** Starts the stand-in watchdog with fprocess="node index.js" in `out`, as the image's CMD does. */
export async function startPod(out: string, env: Record<string, string>): Promise<Pod> {
  const [port, httpPort] = [await freePort(), await freePort()];
  const proc = spawn(process.execPath, [buildWatchdog(join(out, '..'))], {
    cwd: out,
    env: {
      PATH: process.env.PATH,
      TMPDIR: join(out, '..'),
      mode: 'http',
      fprocess: `${process.execPath} index.js`,
      upstream_url: `http://127.0.0.1:${httpPort}`,
      http_port: String(httpPort),
      port: String(port),
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
  return { proc, url: `http://127.0.0.1:${port}`, lines, waitFor, exited };
}
