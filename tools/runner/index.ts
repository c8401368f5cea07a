/**
 * The whole system on one machine: the embedded Freshdesk sandbox (or a real account), the three
 * functions each in its own process behind the template server, the gateway-compatible router,
 * and cron firings from stack.yml's annotations. `startRunner` is used by `npm start`, the tests
 * and the benchmarks.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { DEFAULT_WEBHOOK_TOKEN_HEADER, signedHeaderNames } from '@shared/contract';
import { startSandbox, type Sandbox, type SandboxOptions } from '../freshdesk-sandbox/index';
import { checkAccount } from '../freshdesk-account';
import { cycles } from './cycles';
import { functionEnvs, type FunctionEnvInput } from './function-env';
import { allowedHosts } from '../loopback-guard';
import { callbackAllowList } from './guards';
import { Router, type Exchange } from './router';
import { SettingsError, validateSettings, type Env, type SettingNote } from './settings';
import { readStack, type StackFunction } from './stack';
import type { CycleSummary } from './summary';
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

/** Everything checked before anything starts: a bad schedule or setting leaves no process. */
function plan(o: RunnerOptions): {
  stack: StackFunction[];
  input: FunctionEnvInput;
  signedHeaders: string[];
  signing: SigningMode;
} {
  const root = o.root ?? process.cwd();
  const stack = readStack(resolve(root, o.stackFile ?? 'stack.yml'));
  const webhookToken = o.webhooks && !o.freshdesk ? randomBytes(18).toString('base64url') : undefined;
  const shell = o.shell ?? process.env;
  // Signing on unless SIGNING=off: a random secret for this run when none is configured.
  const signing = runnerSigning(shell, o.env, shell.SECRETS_DIR ?? o.env?.SECRETS_DIR ?? join(root, '.secrets'));
  const input: FunctionEnvInput = {
    root,
    stack,
    shell,
    realAccount: o.freshdesk !== undefined,
    ...(webhookToken ? { webhookToken } : {}),
    ...(signing.env.SIGNING_SECRET ? { signingSecret: signing.env.SIGNING_SECRET } : {}),
    ...(o.dispatch ? { dispatch: o.dispatch } : {}),
    ...(o.dryRun ? { dryRun: o.dryRun } : {}),
    ...(o.env ? { extra: o.env } : {}),
  };
  const placeholder = o.freshdesk ?? { baseUrl: 'http://127.0.0.1:1/api/v2', apiKey: 'sandbox-key-not-yet-known' };
  const checked = functionEnvs(input, placeholder, 'http://127.0.0.1:8080').envs;
  const problems = validateSettings(root, stack, checked);
  if (problems.length > 0) throw new SettingsError(problems);
  // The queue worker passes a signed answer on with the header the functions are configured to sign with.
  const signedHeaders = [...new Set([...checked.values()].flatMap((env) => signedHeaderNames(env)))];
  return { stack, input, signedHeaders, signing: signing.mode };
}

async function listen(router: Router, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    router.server.once('error', reject);
    router.server.listen(port, '127.0.0.1', () => resolve());
  });
  return `http://127.0.0.1:${(router.server.address() as AddressInfo).port}`;
}

async function closeRouter(router: Router): Promise<void> {
  router.server.closeAllConnections();
  await new Promise<void>((r) => router.server.close(() => r()));
}

/** The embedded sandbox's automation rule: each new ticket's id POSTed to fetch-tickets with the token. */
function wireWebhooks(o: RunnerOptions, sandbox: Sandbox, gatewayUrl: string, token: string): void {
  const delays =
    typeof o.webhooks === 'object' && o.webhooks.retryDelaysMs ? { retryDelaysMs: o.webhooks.retryDelaysMs } : {};
  sandbox.setWebhook({
    url: `${gatewayUrl}/function/fetch-tickets`,
    headers: { [DEFAULT_WEBHOOK_TOKEN_HEADER]: token },
    body: '{"ticket_id": "{{ticket.id}}"}',
    ...delays,
  });
}

export async function startRunner(o: RunnerOptions = {}): Promise<Runner> {
  const { stack, input, signedHeaders, signing } = plan(o);
  if (o.freshdesk && o.checkAccount !== false) await checkAccount(o.freshdesk);
  const sandbox = o.freshdesk ? undefined : await startSandbox({ port: 0, seed: 'demo', ...o.sandbox });
  const account = o.freshdesk ?? { baseUrl: sandbox!.baseUrl, apiKey: sandbox!.apiKey };
  const router = new Router({
    upstreams: new Map(),
    queueConcurrency: o.queueConcurrency ?? 1,
    redeliver: o.redeliver ?? false,
    ...(o.onExchange ? { onExchange: o.onExchange } : {}),
    ...(o.onCallbackError ? { onCallbackError: o.onCallbackError } : {}),
    signedHeaders,
    ...runnerGuards(o),
  });
  let gatewayUrl: string;
  try {
    gatewayUrl = await listen(router, o.port ?? 8080);
  } catch (err) {
    await sandbox?.close();
    throw err;
  }
  const { envs, notes } = functionEnvs(input, account, gatewayUrl);
  const procs: FunctionProcess[] = [];
  try {
    for (const fn of stack)
      procs.push(await startFunctionProcess(input.root, fn.name, envs.get(fn.name)!, o.onLog ?? (() => undefined)));
  } catch (err) {
    await stopAll(procs);
    await closeRouter(router);
    await sandbox?.close();
    throw err;
  }
  for (const [i, p] of procs.entries()) router.upstreams.set(p.name, { fn: stack[i]!, port: p.port });
  if (input.webhookToken && sandbox) wireWebhooks(o, sandbox, gatewayUrl, input.webhookToken);
  const c = cycles(router, stack, envs.get('fetch-tickets') ?? {}, o.onExchange);
  return {
    gatewayUrl,
    sandbox,
    processes: procs,
    webhookToken: input.webhookToken,
    settings: notes,
    signing,
    envs,
    runCycle: c.runCycle,
    drain: () => router.drained(),
    startCron: c.startCron,
    async close() {
      c.stopCron();
      await stopAll(procs);
      await closeRouter(router);
      await sandbox?.close();
    },
  };
}
