/**
 * The whole system on one machine: the embedded Freshdesk sandbox (or a real account), the three
 * functions each in its own process behind the template server, the gateway-compatible router,
 * and cron firings from stack.yml's annotations. `startRunner` is used by `npm start`, the tests
 * and the benchmarks.
 */
import { randomBytes } from 'node:crypto';
import { signingSettings } from '@shared/config';
import { signatureHeaders } from '@shared/http/signature';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { DEFAULT_WEBHOOK_TOKEN_HEADER, signedHeaderNames } from '@shared/contract';
import { startSandbox, type Sandbox, type SandboxOptions } from '../freshdesk-sandbox/index';
import { checkAccount } from '../freshdesk-account';
import { parseCron } from './cron';
import { Router, type Exchange } from './router';
import {
  modelVersionAt,
  resolveSettings,
  SettingsError,
  validateSettings,
  type Env,
  type SettingNote,
} from './settings';
import { readStack } from './stack';
import { CycleRecorder, type CycleSummary } from './summary';
import { callbackAllowList } from './guards';
import { allowedHosts } from '../loopback-guard';
import { handOverOpener } from './hand-over-view';
import { runnerSigning, type SigningMode } from './signing-default';
import { startFunctionProcess, stopAll, type FunctionProcess } from './supervisor';

/** Body limit and callback allow-list from the options or RUNNER_MAX_BODY_BYTES / RUNNER_CALLBACK_ALLOW. */
function runnerGuards(o: RunnerOptions): { maxBodyBytes?: number; callbackAllow: string[]; allowedHosts: string[] } {
  const max = o.maxBodyBytes ?? (Number(process.env.RUNNER_MAX_BODY_BYTES) || undefined);
  return {
    ...(max ? { maxBodyBytes: max } : {}),
    callbackAllow: o.callbackAllow ?? callbackAllowList(process.env),
    allowedHosts: allowedHosts(process.env.RUNNER_ALLOWED_HOSTS),
  };
}

export interface RunnerOptions {
  root?: string;
  /** @default <root>/stack.yml */
  stackFile?: string;
  /** The shell's environment: wins over stack.yml for the functions' settings. @default process.env */
  shell?: Env;
  /** Check the account (one read) before anything starts. @default true with `freshdesk` */
  checkAccount?: boolean;
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
  /** An async call's answer could not be POSTed to its X-Callback-Url. */
  onCallbackError?: (callId: string, url: string, error: string) => void;
  /** Request bodies above this get 413 from the gateway. @default 4 MiB */
  maxBodyBytes?: number;
  /** Callback origins/hosts allowed besides loopback. @default RUNNER_CALLBACK_ALLOW or [] */
  callbackAllow?: string[];
}

export interface Runner {
  gatewayUrl: string;
  sandbox: Sandbox | undefined;
  processes: FunctionProcess[];
  /** The token the sandbox's webhook rule sends (runner option `webhooks`), for tests and the bench. */
  webhookToken: string | undefined;
  /** Settings that differ from stack.yml, with where each came from. */
  settings: SettingNote[];
  /** Whether signatures are checked, and whether the secret was made for this run (signing-default.ts). */
  signing: SigningMode;
  /** Each function's environment as started (includes the shell's: do not print whole). */
  envs: Map<string, Env>;
  /** One cron-like firing of fetch-tickets, then wait until the chain has drained. */
  runCycle(): Promise<CycleSummary>;
  drain(): Promise<void>;
  /** Fires fetch-tickets at each schedule of its cron annotation until close(). */
  startCron(onCycle: (s: CycleSummary, firedAt: Date) => void, onError: (e: unknown) => void): void;
  close(): Promise<void>;
}

export async function startRunner(o: RunnerOptions = {}): Promise<Runner> {
  const root = o.root ?? process.cwd();
  const stack = readStack(resolve(root, o.stackFile ?? 'stack.yml'));
  // Everything is checked before anything starts: a bad schedule or setting leaves no process.
  const fixedFd = o.freshdesk ?? { baseUrl: 'http://127.0.0.1:1/api/v2', apiKey: 'sandbox-key-not-yet-known' };
  const webhookToken = o.webhooks && !o.freshdesk ? randomBytes(18).toString('base64url') : undefined;
  const shell = o.shell ?? process.env;
  // fetch-tickets looks for the marker of the model classify-ticket really runs: its manifest says which.
  // Signing on unless SIGNING=off: a random secret for this run when none is configured.
  const signing = runnerSigning(shell, o.env, shell.SECRETS_DIR ?? o.env?.SECRETS_DIR ?? join(root, '.secrets'));
  const modelVersion = modelVersionAt(resolve(root, shell.MODEL_DIR ?? o.env?.MODEL_DIR ?? 'models/ticket-triage'));
  const settingsFor = (fd: { baseUrl?: string; domain?: string; apiKey: string }, gatewayUrl: string) =>
    resolveSettings(stack, {
      shell,
      local: {
        MODEL_DIR: {
          value: join(root, 'models/ticket-triage'),
          why: "the repository's model (stack.yml names the image's path)",
          quiet: true,
        },
        ...(modelVersion
          ? { MODEL_VERSION: { value: modelVersion, why: "the version in classify-ticket's model manifest" } }
          : {}),
        SECRETS_DIR: { value: join(root, '.secrets'), why: 'local secret files', quiet: true },
        ...(signing.env.SIGNING_SECRET
          ? { SIGNING_SECRET: { value: signing.env.SIGNING_SECRET, why: 'made for this run', quiet: true } }
          : {}),
        // The demo tickets were written over the last weeks: look back far enough to see them all.
        ...(o.freshdesk
          ? {}
          : { LOOKBACK_MINUTES: { value: String(30 * 24 * 60), why: 'the embedded demo tickets span 30 days' } }),
        // Nobody else uses the embedded sandbox's API budget: the product may use all of it.
        ...(o.freshdesk
          ? {}
          : { MAX_API_SHARE: { value: '1', why: "nobody else uses the embedded sandbox's API budget", quiet: true } }),
      },
      fixed: {
        ...(webhookToken ? { WEBHOOK_TOKEN: webhookToken, WEBHOOK_TOKEN_HEADER: DEFAULT_WEBHOOK_TOKEN_HEADER } : {}),
        NODE_ENV: 'production',
        gateway_url: gatewayUrl,
        TICKET_SYSTEM: 'freshdesk',
        FRESHDESK_API_KEY: fd.apiKey,
        DISPATCH_MODE: o.dispatch ?? 'async',
        DRY_RUN: o.dryRun ? 'true' : 'false',
        ...(fd.baseUrl
          ? { FRESHDESK_BASE_URL: fd.baseUrl, FRESHDESK_DOMAIN: undefined }
          : { FRESHDESK_DOMAIN: fd.domain, FRESHDESK_BASE_URL: undefined }),
      },
      fixedWhy: { DRY_RUN: o.dryRun ? 'dry run (add --apply to write)' : '', DISPATCH_MODE: '--dispatch' },
      ...(o.env ? { extra: o.env } : {}),
    });
  const checked = settingsFor(fixedFd, 'http://127.0.0.1:8080').envs;
  const problems = validateSettings(root, stack, checked);
  if (problems.length > 0) throw new SettingsError(problems);
  // The queue worker passes a signed answer on with the header the functions are configured to sign with.
  const signedHeaders = [...new Set([...checked.values()].flatMap((env) => signedHeaderNames(env)))];
  if (o.freshdesk && o.checkAccount !== false) await checkAccount(o.freshdesk);
  const sandbox = o.freshdesk ? undefined : await startSandbox({ port: 0, seed: 'demo', ...o.sandbox });
  const fd = o.freshdesk ?? { baseUrl: sandbox!.baseUrl, apiKey: sandbox!.apiKey };
  const router = new Router({
    upstreams: new Map(),
    queueConcurrency: o.queueConcurrency ?? 1,
    redeliver: o.redeliver ?? false,
    ...(o.onExchange ? { onExchange: o.onExchange } : {}),
    ...(o.onCallbackError ? { onCallbackError: o.onCallbackError } : {}),
    signedHeaders,
    ...runnerGuards(o),
  });
  try {
    await new Promise<void>((resolve, reject) => {
      router.server.once('error', reject);
      router.server.listen(o.port ?? 8080, '127.0.0.1', () => resolve());
    });
  } catch (err) {
    await sandbox?.close();
    throw err;
  }
  const gatewayUrl = `http://127.0.0.1:${(router.server.address() as AddressInfo).port}`;
  const { envs, notes } = settingsFor(fd, gatewayUrl);
  const procs: FunctionProcess[] = [];
  try {
    for (const fn of stack)
      procs.push(await startFunctionProcess(root, fn.name, envs.get(fn.name)!, o.onLog ?? (() => undefined)));
  } catch (err) {
    await stopAll(procs);
    await new Promise<void>((r) => router.server.close(() => r()));
    await sandbox?.close();
    throw err;
  }
  for (const [i, p] of procs.entries()) router.upstreams.set(p.name, { fn: stack[i]!, port: p.port });
  if (webhookToken && sandbox) {
    const delays =
      typeof o.webhooks === 'object' && o.webhooks.retryDelaysMs ? { retryDelaysMs: o.webhooks.retryDelaysMs } : {};
    sandbox.setWebhook({
      url: `${gatewayUrl}/function/fetch-tickets`,
      headers: { [DEFAULT_WEBHOOK_TOKEN_HEADER]: webhookToken },
      body: '{"ticket_id": "{{ticket.id}}"}',
      ...delays,
    });
  }
  const timers: NodeJS.Timeout[] = [];
  let cycleRunning: Promise<CycleSummary> | undefined;

  async function runCycle(): Promise<CycleSummary> {
    if (cycleRunning) return cycleRunning;
    cycleRunning = (async () => {
      const rec = new CycleRecorder(handOverOpener(signingSettings(envs.get('fetch-tickets') ?? {}).secret));
      router.onExchange = (e: Exchange) => {
        rec.record(e);
        o.onExchange?.(e);
      };
      // Exactly what the cron connector sends: an empty POST with two headers (openfaas.md §5).
      await router.invoke(
        'fetch-tickets',
        'POST',
        '/',
        // Signed (the runner has the secret), so fetch-tickets' unsigned-trigger gate does not hold back its cycles.
        {
          'x-connector': 'cron-connector',
          'x-topic': 'cron-function',
          'content-length': '0',
          ...signatureHeaders('', signingSettings(envs.get('fetch-tickets') ?? {})),
        },
        Buffer.alloc(0),
        false,
      );
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
    settings: notes,
    signing: signing.mode,
    envs,
    runCycle,
    drain: () => router.drained(),
    startCron(onCycle, onError) {
      for (const fn of stack) {
        if (fn.annotations.topic !== 'cron-function' || !fn.annotations.schedule) continue;
        const schedule = parseCron(fn.annotations.schedule);
        const arm = (): void => {
          const wait = schedule.next(new Date()).getTime() - Date.now();
          timers.push(
            setTimeout(
              () => {
                const firedAt = new Date();
                void runCycle()
                  .then((c) => onCycle(c, firedAt), onError)
                  .finally(arm);
              },
              Math.max(0, wait),
            ),
          );
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
