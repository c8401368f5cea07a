/**
 * A STAND-IN for of-watchdog (http mode), because the real binary is in neither the npm nor the
 * Debian registry and nothing else can be downloaded here. It does what the image test relies on,
 * as docs/deploy.md#building-the-images-without-docker and docs/openfaas.md#of-watchdog describe the real one:
 * - starts `fprocess` (split on spaces) with the same environment, its output passed through;
 * - listens on `port` (8080) and proxies every request to `upstream_url` (502 while the upstream is
 *   not listening; 504 after `exec_timeout`); writes $TMPDIR/.lock when started, answers
 *   `/_/health` (503 once stopping) and `/_/ready` (proxied to `ready_path` when set);
 * - on SIGTERM removes the lock, forwards SIGTERM to the function and lets in-flight calls finish
 *   for up to `write_timeout`.
 * Not modelled: the metrics port 8081, max_inflight, log prefixes. Unlike the real one (which exits
 * on its own schedule), it exits with the function's exit code, so a test can see a clean stop.
 * Bundled to one file (`/fwatchdog` in the stand-in image); the graceful-stop test runs it too.
 */
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer, request, Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDuration } from '../../template/node-ts/graceful';

const env = process.env;
const log = (msg: string, extra: Record<string, unknown> = {}): void =>
  console.log(JSON.stringify({ level: 'info', source: 'fwatchdog', msg, ...extra }));
const fprocess = (env.fprocess ?? env.function_process ?? '').split(' ').filter(Boolean);
const upstream = new URL(env.upstream_url ?? env.http_upstream_url ?? '');
const execMs = parseDuration(env.exec_timeout, 30_000);
const writeMs = parseDuration(env.write_timeout, 30_000);
const lock = join(env.TMPDIR || tmpdir(), '.lock');
if (fprocess.length === 0) throw new Error('fwatchdog: fprocess is not set');

const child = spawn(fprocess[0]!, fprocess.slice(1), { stdio: 'inherit', env });
const agent = new Agent({ keepAlive: true });
let stopping = false;
let inFlight = 0;
let childExit: number | undefined;

function proxy(req: IncomingMessage, res: ServerResponse, path: string, timeoutMs: number): void {
  inFlight += 1;
  // The real watchdog logs a call when it ends; the stand-in also says when one starts (tests wait for it).
  if (!path.startsWith('/_/')) log('forwarding', { method: req.method, path, inFlight });
  res.once('close', () => {
    inFlight -= 1;
    maybeExit();
  });
  const up = request(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path,
      headers: req.headers,
      agent,
      timeout: timeoutMs > 0 ? timeoutMs : undefined,
    },
    (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    },
  );
  up.on('timeout', () => {
    up.destroy();
    if (!res.headersSent) res.writeHead(504).end();
  });
  up.on('error', (err) => {
    if (!res.headersSent)
      res.writeHead(502, { 'content-type': 'text/plain' }).end(`Can't reach service for: ${err.message}`);
    else res.destroy();
  });
  req.pipe(up);
}

const server = createServer((req, res) => {
  const path = req.url ?? '/';
  if (path === '/_/health') {
    res.writeHead(stopping ? 503 : 200).end(stopping ? 'stopping' : 'OK');
    return;
  }
  if (path === '/_/ready' && env.ready_path && !stopping) {
    proxy(req, res, env.ready_path, writeMs);
    return;
  }
  if (path === '/_/ready') {
    res.writeHead(stopping ? 503 : 200).end(stopping ? 'stopping' : 'OK');
    return;
  }
  proxy(req, res, path, execMs);
});

function maybeExit(): void {
  if (childExit !== undefined && stopping && inFlight === 0) {
    log('stopped', { exitCode: childExit });
    process.exit(childExit);
  }
}

child.on('exit', (code, signal) => {
  childExit = code ?? (signal ? 1 : 0);
  if (!stopping) {
    log('Forked function has terminated', { code, signal });
    process.exit(1);
  }
  maybeExit();
});

process.on('SIGTERM', () => {
  if (stopping) return;
  stopping = true;
  rmSync(lock, { force: true });
  log('SIGTERM received, forwarding to the function', { inFlight });
  child.kill('SIGTERM');
  setTimeout(() => {
    log('write_timeout reached while stopping', { inFlight });
    process.exit(childExit ?? 1);
  }, writeMs).unref();
});

server.listen(Number(env.port ?? 8080), () => {
  writeFileSync(lock, '');
  const address = server.address();
  log('listening', { port: typeof address === 'object' && address ? address.port : env.port, upstream: upstream.href });
});
