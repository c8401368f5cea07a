/**
 * The whole system on one machine: the embedded Freshdesk sandbox (or a real account), the three
 * functions each in its own process behind the template server, the gateway-compatible router,
 * and cron firings from stack.yml's annotations. `startRunner` is used by `npm start`, the tests
 * and the benchmarks.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startSandbox, type Sandbox, type SandboxOptions } from '../freshdesk-sandbox/index';
import { parseCron } from './cron';
import { Router, type Exchange } from './router';
import { readStack } from './stack';
import { CycleRecorder, type CycleSummary } from './summary';
import { startFunctionProcess, stopAll, type FunctionProcess } from './supervisor';

export interface RunnerOptions {
  root?: string;
  /** Gateway port. @default 8080 */
  port?: number;
  /** Use this Freshdesk-compatible account instead of the embedded sandbox. */
  freshdesk?: { baseUrl?: string; domain?: string; apiKey: string };
  sandbox?: SandboxOptions;
  /** Write nothing to the help desk (update-ticket answers what it would do). */
  dryRun?: boolean;
  dispatch?: 'async' | 'sync';
  queueConcurrency?: number;
  redeliver?: boolean;
  /** Extra environment for the function processes (thresholds, LOOKBACK_MINUTES, ...). */
  env?: Record<string, string>;
  /**
   * Freshdesk automation webhooks: the embedded sandbox POSTs each new ticket's id to
   * fetch-tickets with a generated token (the README's rule, imitated). Retry delays default to
   * Freshdesk's 5/30/60 minutes.
   */
  webhooks?: boolean | { retryDelaysMs?: number[] };
  onLog?: (fn: string, line: string) => void;
  onExchange?: (e: Exchange) => void;
}

export interface Runner {
  gatewayUrl: string;
  sandbox: Sandbox | undefined;
  processes: FunctionProcess[];
  /** The token the sandbox's webhook rule sends (runner option `webhooks`), for tests and the bench. */
  webhookToken: string | undefined;
  /** One cron-like firing of fetch-tickets, then wait until the chain has drained. */
  runCycle(): Promise<CycleSummary>;
  drain(): Promise<void>;
  /** Fires fetch-tickets at each schedule of its cron annotation until close(). */
  startCron(onCycle: (s: CycleSummary) => void, onError: (e: unknown) => void): void;
  close(): Promise<void>;
}

export async function startRunner(o: RunnerOptions = {}): Promise<Runner> {
  const root = o.root ?? process.cwd();
  const stack = readStack(join(root, 'stack.yml'));
  const sandbox = o.freshdesk ? undefined : await startSandbox({ port: 0, seed: 'demo', ...o.sandbox });
  const fd = o.freshdesk ?? { baseUrl: sandbox!.baseUrl, apiKey: sandbox!.apiKey };
  const router = new Router({ upstreams: new Map(), queueConcurrency: o.queueConcurrency ?? 1, redeliver: o.redeliver ?? false, ...(o.onExchange ? { onExchange: o.onExchange } : {}) });
  await new Promise<void>((resolve, reject) => {
    router.server.once('error', reject);
    router.server.listen(o.port ?? 8080, '127.0.0.1', () => resolve());
  });
  const gatewayUrl = `http://127.0.0.1:${(router.server.address() as AddressInfo).port}`;
  const procs: FunctionProcess[] = [];
  const webhookToken = o.webhooks && sandbox ? randomBytes(18).toString('base64url') : undefined;
  try {
    for (const fn of stack) {
      const env: Record<string, string | undefined> = {
        ...process.env,
        ...fn.environment,
        NODE_ENV: 'production',
        gateway_url: gatewayUrl,
        TICKET_SYSTEM: 'freshdesk',
        FRESHDESK_API_KEY: fd.apiKey,
        SECRETS_DIR: join(root, '.secrets'),
        MODEL_DIR: join(root, 'models/ticket-triage'),
        DISPATCH_MODE: o.dispatch ?? 'async',
        DRY_RUN: o.dryRun ? 'true' : 'false',
        ...(fd.baseUrl ? { FRESHDESK_BASE_URL: fd.baseUrl, FRESHDESK_DOMAIN: undefined } : { FRESHDESK_DOMAIN: fd.domain }),
        // The demo tickets were written over the last weeks: look back far enough to see them all.
        ...(sandbox ? { LOOKBACK_MINUTES: String(30 * 24 * 60) } : {}),
        ...(webhookToken ? { WEBHOOK_TOKEN: webhookToken, WEBHOOK_TOKEN_HEADER: 'X-Triage-Token' } : {}),
        ...o.env,
      };
      procs.push(await startFunctionProcess(root, fn.name, env, o.onLog ?? (() => undefined)));
    }
  } catch (err) {
    await stopAll(procs);
    await new Promise<void>((r) => router.server.close(() => r()));
    await sandbox?.close();
    throw err;
  }
  procs.forEach((p, i) => router.upstreams.set(p.name, { fn: stack[i]!, port: p.port }));
  if (webhookToken && sandbox) {
    const delays = typeof o.webhooks === 'object' && o.webhooks.retryDelaysMs ? { retryDelaysMs: o.webhooks.retryDelaysMs } : {};
    sandbox.setWebhook({ url: `${gatewayUrl}/function/fetch-tickets`, headers: { 'X-Triage-Token': webhookToken }, body: '{"ticket_id": "{{ticket.id}}"}', ...delays });
  }
  const timers: NodeJS.Timeout[] = [];
  let cycleRunning: Promise<CycleSummary> | undefined;

  async function runCycle(): Promise<CycleSummary> {
    if (cycleRunning) return cycleRunning;
    cycleRunning = (async () => {
      const rec = new CycleRecorder();
      router.onExchange = (e: Exchange) => {
        rec.record(e);
        o.onExchange?.(e);
      };
      // Exactly what the cron connector sends: an empty POST with two headers (openfaas.md §5).
      await router.invoke('fetch-tickets', 'POST', '/', { 'x-connector': 'cron-connector', 'x-topic': 'cron-function', 'content-length': '0' }, Buffer.alloc(0), false);
      await router.drained();
      return rec.summary();
    })();
    try {
      return await cycleRunning;
    } finally {
      cycleRunning = undefined;
    }
  }

  return {
    gatewayUrl,
    sandbox,
    processes: procs,
    webhookToken,
    runCycle,
    drain: () => router.drained(),
    startCron(onCycle, onError) {
      for (const fn of stack) {
        if (fn.annotations.topic !== 'cron-function' || !fn.annotations.schedule) continue;
        const schedule = parseCron(fn.annotations.schedule);
        const arm = (): void => {
          const wait = schedule.next(new Date()).getTime() - Date.now();
          timers.push(setTimeout(() => void runCycle().then(onCycle, onError).finally(arm), Math.max(0, wait)));
        };
        arm();
      }
    },
    async close() {
      timers.forEach(clearTimeout);
      await stopAll(procs);
      router.server.closeAllConnections();
      await new Promise<void>((r) => router.server.close(() => r()));
      await sandbox?.close();
    },
  };
}
