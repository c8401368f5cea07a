/**
 * The function processes' environment as the runner starts them (settings.ts holds the
 * precedence): the runner's local adaptations (the repository's model, local secrets, the demo's
 * look-back) and the values it must fix (the account, the flags).
 *
 * `gateway_url` (where fetch-tickets dispatches classify calls): the shell's value wins, then the
 * stack file's (e.g. one named with `--stack`); only the in-cluster gateway of the shipped stack.yml
 * (`gateway.openfaas`, which does not resolve off the cluster) is replaced by the runner's own URL.
 * Each value that differs from the stack file is printed with the other differing settings, so a
 * runner placed behind a real gateway (as its provider) can send fetch-tickets' calls through it.
 */
import { join, resolve } from 'node:path';
import { DEFAULT_WEBHOOK_TOKEN_HEADER } from '@shared/contract';
import { modelVersionAt, resolveSettings, type Env, type SettingNote } from './settings';
import type { StackFunction } from './stack';

export interface Account {
  baseUrl?: string;
  domain?: string;
  apiKey: string;
}

export interface FunctionEnvInput {
  root: string;
  stack: StackFunction[];
  shell: Env;
  /** A real account (not the embedded sandbox). */
  realAccount: boolean;
  webhookToken?: string;
  /** A signing secret made for this run (signing-default.ts), below the shell and the options. */
  signingSecret?: string;
  dispatch?: 'async' | 'sync';
  dryRun?: boolean;
  extra?: Record<string, string>;
}

/** The OpenFaaS in-cluster gateway host, which the runner stands in for. */
const IN_CLUSTER = /^https?:\/\/gateway\.openfaas(\.svc(\.cluster\.local)?)?(:\d+)?\/?$/;

function inCluster(stack: StackFunction[]): boolean {
  const url = stack.find((f) => f.environment.gateway_url !== undefined)?.environment.gateway_url;
  return url === undefined || IN_CLUSTER.test(url);
}

/** Each function's environment for an account and the runner's gateway URL. */
export function functionEnvs(
  i: FunctionEnvInput,
  account: Account,
  gatewayUrl: string,
): { envs: Map<string, Env>; notes: SettingNote[] } {
  // fetch-tickets looks for the marker of the model classify-ticket really runs: its manifest says which.
  const modelVersion = modelVersionAt(
    resolve(i.root, i.shell.MODEL_DIR ?? i.extra?.MODEL_DIR ?? 'models/ticket-triage'),
  );
  const demo = !i.realAccount;
  return resolveSettings(i.stack, {
    shell: i.shell,
    local: {
      MODEL_DIR: {
        value: join(i.root, 'models/ticket-triage'),
        why: "the repository's model (stack.yml names the image's path)",
        quiet: true,
      },
      ...(modelVersion
        ? { MODEL_VERSION: { value: modelVersion, why: "the version in classify-ticket's model manifest" } }
        : {}),
      SECRETS_DIR: { value: join(i.root, '.secrets'), why: 'local secret files', quiet: true },
      ...(i.signingSecret ? { SIGNING_SECRET: { value: i.signingSecret, why: 'made for this run', quiet: true } } : {}),
      ...(!inCluster(i.stack)
        ? {}
        : {
            gateway_url: {
              value: gatewayUrl,
              why: 'the runner is the gateway (set gateway_url in the shell or the stack file to send calls elsewhere)',
            },
          }),
      // The demo tickets were written over the last weeks: look back far enough to see them all.
      ...(demo
        ? { LOOKBACK_MINUTES: { value: String(30 * 24 * 60), why: 'the embedded demo tickets span 30 days' } }
        : {}),
      // Nobody else uses the embedded sandbox's API budget: the product may use all of it.
      ...(demo
        ? { MAX_API_SHARE: { value: '1', why: "nobody else uses the embedded sandbox's API budget", quiet: true } }
        : {}),
    },
    fixed: {
      ...(i.webhookToken ? { WEBHOOK_TOKEN: i.webhookToken, WEBHOOK_TOKEN_HEADER: DEFAULT_WEBHOOK_TOKEN_HEADER } : {}),
      NODE_ENV: 'production',
      TICKET_SYSTEM: 'freshdesk',
      FRESHDESK_API_KEY: account.apiKey,
      DISPATCH_MODE: i.dispatch ?? 'async',
      DRY_RUN: i.dryRun ? 'true' : 'false',
      ...(account.baseUrl
        ? { FRESHDESK_BASE_URL: account.baseUrl, FRESHDESK_DOMAIN: undefined }
        : { FRESHDESK_DOMAIN: account.domain, FRESHDESK_BASE_URL: undefined }),
    },
    fixedWhy: { DRY_RUN: i.dryRun ? 'dry run (add --apply to write)' : '', DISPATCH_MODE: '--dispatch' },
    ...(i.extra ? { extra: i.extra } : {}),
  });
}
