/**
 * Image entry point (bundled to CommonJS as /home/app/index.js; ./function/handler stays external):
 * loads the bundled function, serves it on http_port for of-watchdog, answers its readiness on
 * /_/ready, and on SIGTERM keeps serving while of-watchdog drains, then finishes in-flight calls
 * and exits 0. Rejections and exceptions are logged and survived: one bad request must not restart
 * the container (docs/openfaas.md#template-pitfalls).
 */
import { fstatSync } from 'node:fs';
import { drainOnSignal, parseDuration, watchdogKeepServingMs } from './graceful';
import { loadFunction } from './load-handler';
import { createFunctionServer } from './server';

const log = (entry: Record<string, unknown>): void => console.log(JSON.stringify(entry));
process.on('unhandledRejection', (reason) =>
  console.error(
    JSON.stringify({ level: 'error', msg: 'unhandled rejection', error: String((reason as Error)?.message ?? reason) }),
  ),
);
process.on('uncaughtException', (err) =>
  console.error(JSON.stringify({ level: 'error', msg: 'uncaught exception', error: err.message })),
);

const { handler, ready } = loadFunction();
const port = Number(process.env.http_port ?? 3000);
const maxBodyBytes = Number(process.env.MAX_JSON_SIZE_BYTES ?? 1024 * 1024);
const server = createFunctionServer(handler, { maxBodyBytes, log, ...(ready ? { ready } : {}) });
// exec_timeout=0 disables the watchdog's deadline; then write_timeout bounds the drain.
const execMs = parseDuration(process.env.exec_timeout, 0);
const keepServingMs = watchdogKeepServingMs(process.env, fstatSync(0).isFIFO());
drainOnSignal(server, {
  timeoutMs: execMs > 0 ? execMs : parseDuration(process.env.write_timeout, 30_000),
  log,
  // Under of-watchdog: keep serving while it drains (graceful.ts), until it exits or its interval passes.
  ...(keepServingMs !== undefined ? { watchdog: { keepServingMs, stdin: process.stdin } } : {}),
});
server.listen(port, '127.0.0.1', () => log({ level: 'info', msg: 'listening', port }));
