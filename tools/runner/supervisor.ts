/**
 * Starts each function in its own child process behind the template's server (the same wrapper
 * the image runs), waits until it listens, and stops them all: SIGTERM, then SIGKILL after a grace
 * period, so Ctrl-C leaves no orphan processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export interface FunctionProcess {
  name: string;
  port: number;
  child: ChildProcess;
}

const tsxLoader = createRequire(join(process.cwd(), 'package.json')).resolve('tsx/esm');

export function startFunctionProcess(
  root: string,
  name: string,
  env: Record<string, string | undefined>,
  onLog: (name: string, line: string) => void,
): Promise<FunctionProcess> {
  const child = spawn(
    process.execPath,
    ['--import', tsxLoader, join(root, 'template/node-ts/start-function.ts'), name, '0'],
    {
      cwd: root,
      env: { ...env, http_port: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let ready = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within 30 s`));
    }, 30_000);
    const onLine = (line: string): void => {
      if (!ready) {
        try {
          const msg = JSON.parse(line) as { msg?: string; port?: number };
          if (msg.msg === 'listening' && msg.port) {
            ready = true;
            clearTimeout(timer);
            resolve({ name, port: msg.port, child });
            return;
          }
        } catch {
          // not a JSON line
        }
      }
      onLog(name, line);
    };
    let buf = '';
    const split = (chunk: Buffer): void => {
      buf += chunk.toString('utf8');
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    };
    child.stdout?.on('data', split);
    child.stderr?.on('data', (c: Buffer) =>
      c
        .toString('utf8')
        .split('\n')
        .filter(Boolean)
        .forEach((l) => {
          onLog(name, l);
        }),
    );
    child.on('exit', (code) => {
      if (!ready) {
        clearTimeout(timer);
        reject(new Error(`${name} exited with code ${code} before it was ready`));
      }
    });
  });
}

export async function stopAll(procs: FunctionProcess[], graceMs = 3000): Promise<void> {
  await Promise.all(
    procs.map(
      (p) =>
        new Promise<void>((resolve) => {
          if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve();
          const kill = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
          p.child.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          p.child.kill('SIGTERM');
        }),
    ),
  );
}
