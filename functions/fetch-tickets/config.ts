/** fetch-tickets' settings: the ticket system, which tickets need triage, and how to hand them on. */
import { z } from 'zod';
import { DEFAULT_WEBHOOK_TOKEN_HEADER, MarkerTag, SECRETS, SecretsDir } from '@shared/contract';
import {
  parseEnv,
  readSecret,
  signingSettings,
  ticketSystemSettings,
  type Env,
  type SigningSettings,
} from '@shared/config';
import type { TicketSystemConfig } from '@shared/ticket-system';
import type { FetchServiceConfig, GatewaySettings } from '@shared/triage-services';
import type { WebhookAuth } from './webhook';

export const FetchEnv = z.object({
  gateway_url: z.url().default('http://gateway.openfaas:8080'),
  DISPATCH_MODE: z.enum(['async', 'sync']).default('async'),
  LOOKBACK_MINUTES: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 60),
  /** How far back `{"backlog": true}` looks for untriaged tickets. */
  BACKLOG_DAYS: z.coerce.number().int().positive().max(3650).default(90),
  /** A cron run also walks the backlog this often (0: never; `{"backlog": true}` still works). */
  BACKLOG_EVERY_MINUTES: z.coerce.number().min(0).default(60),
  /** Tickets one backlog pass lists (it continues where the previous one stopped). */
  BACKLOG_MAX_SCANNED: z.coerce.number().int().positive().default(2000),
  STATUSES: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'comma-separated status ids, e.g. 2,3')
    .default('2,3'),
  MARKER_TAG: MarkerTag,
  MODEL_VERSION: z.string().min(1).default('2.0.0'),
  MAX_TICKETS_PER_RUN: z.coerce.number().int().positive().default(500),
  DISPATCH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Below the cron interval (5 min), so a ticket whose update failed is handed on at the next run. */
  CLAIM_TTL_SECONDS: z.coerce.number().int().positive().default(240),
  /** Hand-overs without coming back triaged before a ticket is dead-lettered (listed, not dispatched). */
  MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  GATEWAY_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Every Freshdesk call of one run ends by then, Retry-After waits included (below exec_timeout 50s). */
  RUN_DEADLINE_SECONDS: z.coerce.number().positive().max(3600).default(45),
  WEBHOOK_TOKEN_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/, 'an HTTP header name')
    .default(DEFAULT_WEBHOOK_TOKEN_HEADER),
  SECRETS_DIR: SecretsDir,
});

export interface FetchConfig extends FetchServiceConfig {
  ticketSystem: TicketSystemConfig;
  gateway: GatewaySettings;
  signing: SigningSettings;
  webhook: WebhookAuth;
}

export function loadConfig(env: Env): FetchConfig {
  const e = parseEnv(FetchEnv, env);
  const signing = signingSettings(env);
  return {
    ticketSystem: ticketSystemSettings(env),
    gateway: { url: e.gateway_url, mode: e.DISPATCH_MODE, signing, timeoutMs: e.GATEWAY_TIMEOUT_MS },
    rules: { statuses: e.STATUSES.split(',').map(Number), markerTag: e.MARKER_TAG, modelVersion: e.MODEL_VERSION },
    lookbackMinutes: e.LOOKBACK_MINUTES,
    backlogDays: e.BACKLOG_DAYS,
    backlog: { everyMinutes: e.BACKLOG_EVERY_MINUTES, days: e.BACKLOG_DAYS, maxScanned: e.BACKLOG_MAX_SCANNED },
    maxTickets: e.MAX_TICKETS_PER_RUN,
    concurrency: e.DISPATCH_CONCURRENCY,
    claimTtlMs: e.CLAIM_TTL_SECONDS * 1000,
    maxAttempts: e.MAX_ATTEMPTS,
    signing,
    deadlineMs: e.RUN_DEADLINE_SECONDS * 1000,
    webhook: {
      token: readSecret({ ...SECRETS.webhookToken, dir: e.SECRETS_DIR, env }),
      header: e.WEBHOOK_TOKEN_HEADER.toLowerCase(),
    },
  };
}
