/**
 * Graceful stop for the image's entry, fitted to of-watchdog 0.10's own shutdown (main.go
 * listenUntilShutdown and executor/http_runner.go at tag 0.10.10): on SIGTERM the watchdog passes
 * the signal to this process AT ONCE, marks itself unhealthy, but keeps accepting and proxying calls
 * for `healthcheck_interval` (default: its `write_timeout`) so the platform can stop routing to it;
 * only then does it stop accepting and wait up to `write_timeout` for calls in flight before it
 * exits. So under the watchdog this process keeps serving after SIGTERM, and stops accepting only
 * when the watchdog is gone (our stdin, the watchdog's pipe, ends) or its health-check interval plus
 * a grace has passed; then calls in flight finish and the process exits 0. Alone (no watchdog:
 * the local runner, a plain `node index.js`) it stops accepting at once. Either way the wait for
 * calls in flight is bounded by the function's exec_timeout: the watchdog would have cut them by then.
 */
import type { Server } from 'node:http';
import { defaultLog } from './log';

/** of-watchdog's duration syntax: a bare integer is seconds, else Go units (`1m30s`, `500ms`). */
export function parseDuration(value: string | undefined, fallbackMs: number): number {
  const v = value?.trim();
  if (!v) return fallbackMs;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };
  let total = 0;
  let rest = v;
  while (rest) {
    const m = /^(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/.exec(rest);
    if (!m) return fallbackMs;
    total += Number(m[1]) * units[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return total;
}

export interface DrainOptions {
  /** Longest wait for in-flight calls once the server stops accepting. */
  timeoutMs: number;
  /**
   * Running under of-watchdog: after SIGTERM keep serving until `stdin` ends (the watchdog exited)
   * or `keepServingMs` (its health-check interval plus a grace) has passed.
   */
  watchdog?: { keepServingMs: number; stdin: NodeJS.ReadableStream };
  log?: (entry: Record<string, unknown>) => void;
  /** @default process.exit */
  exit?: (code: number) => void;
  /** @default ['SIGTERM', 'SIGINT'] */
  signals?: NodeJS.Signals[];
}

/**
 * Under of-watchdog (the image sets `fprocess` for it, the child inherits it, and its stdin is the
 * watchdog's pipe): how long to keep
 * serving after SIGTERM. The watchdog keeps accepting for `healthcheck_interval` (default
 * `write_timeout`); the grace covers a call it accepted just before it stopped.
 */
export function watchdogKeepServingMs(
  env: Record<string, string | undefined>,
  stdinIsPipe: boolean,
  graceMs = 2000,
): number | undefined {
  if (!env.fprocess || !stdinIsPipe) return undefined;
  const writeMs = parseDuration(env.write_timeout, 10_000);
  return parseDuration(env.healthcheck_interval, writeMs) + graceMs;
}

/** Counts in-flight requests and drains them on the first signal; returns how many are in flight. */
export function drainOnSignal(server: Server, options: DrainOptions): () => number {
  const log = options.log ?? defaultLog;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let inFlight = 0;
  let signalled = false;
  let closing = false;
  let exited = false;
  const done = (reason: string): void => {
    if (exited) return;
    exited = true;
    log({ level: 'info', msg: 'stopped', reason, inFlight });
    exit(0);
  };
  server.on('request', (_req, res) => {
    inFlight += 1;
    if (closing) res.setHeader('connection', 'close');
    res.once('close', () => {
      inFlight -= 1;
      // setImmediate: let the socket flush the answer before the process goes.
      if (closing && inFlight === 0) setImmediate(() => done('in-flight calls finished'));
    });
  });
  /** Stops accepting, lets calls in flight finish (bounded), then exits 0. */
  const close = (why: string): void => {
    if (closing) return;
    closing = true;
    log({ level: 'info', msg: 'closing', why, inFlight, timeoutMs: options.timeoutMs });
    server.close();
    server.closeIdleConnections();
    if (inFlight === 0) {
      setImmediate(() => done('nothing in flight'));
      return;
    }
    setTimeout(() => {
      server.closeAllConnections();
      done('exec timeout reached');
    }, options.timeoutMs).unref();
  };
  const wd = options.watchdog;
  // The watchdog gone (its pipe to our stdin closed): after SIGTERM nothing will call this process
  // any more. Before a signal it only is noted (a container's PID 1 exiting ends us anyway).
  let watchdogGone = false;
  if (wd) {
    const gone = (): void => {
      watchdogGone = true;
      if (signalled) close('the watchdog exited');
    };
    wd.stdin.on('end', gone);
    wd.stdin.on('error', gone);
    wd.stdin.resume();
  }
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) return;
    signalled = true;
    if (wd && signal === 'SIGTERM' && !watchdogGone) {
      log({ level: 'info', msg: 'draining', signal, inFlight, keepServingMs: wd.keepServingMs });
      setTimeout(() => close("the watchdog's health-check interval passed"), wd.keepServingMs).unref();
      return;
    }
    log({ level: 'info', msg: 'draining', signal, inFlight, timeoutMs: options.timeoutMs });
    close(signal);
  };
  for (const s of options.signals ?? ['SIGTERM', 'SIGINT']) process.on(s, onSignal);
  return () => inFlight;
}
