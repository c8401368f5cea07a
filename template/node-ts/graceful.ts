/**
 * Graceful stop for the image's entry. On SIGTERM (of-watchdog forwards it on every rolling update,
 * drain and scale-down) the server stops accepting connections, calls already in flight finish,
 * then the process exits 0. The wait is bounded by the function's exec_timeout: the watchdog would
 * have cut those calls by then anyway (docs/openfaas.md#of-watchdog).
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
  /** Longest wait for in-flight calls after the signal. */
  timeoutMs: number;
  log?: (entry: Record<string, unknown>) => void;
  /** @default process.exit */
  exit?: (code: number) => void;
  /** @default ['SIGTERM', 'SIGINT'] */
  signals?: NodeJS.Signals[];
}

/** Counts in-flight requests and drains them on the first signal; returns how many are in flight. */
export function drainOnSignal(server: Server, options: DrainOptions): () => number {
  const log = options.log ?? defaultLog;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let inFlight = 0;
  let draining = false;
  let exited = false;
  const done = (reason: string): void => {
    if (exited) return;
    exited = true;
    log({ level: 'info', msg: 'stopped', reason, inFlight });
    exit(0);
  };
  server.on('request', (_req, res) => {
    inFlight += 1;
    if (draining) res.setHeader('connection', 'close');
    res.once('close', () => {
      inFlight -= 1;
      // setImmediate: let the socket flush the answer before the process goes.
      if (draining && inFlight === 0) setImmediate(() => done('in-flight calls finished'));
    });
  });
  const onSignal = (signal: NodeJS.Signals): void => {
    if (draining) return;
    draining = true;
    log({ level: 'info', msg: 'draining', signal, inFlight, timeoutMs: options.timeoutMs });
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
  for (const s of options.signals ?? ['SIGTERM', 'SIGINT']) process.on(s, onSignal);
  return () => inFlight;
}
