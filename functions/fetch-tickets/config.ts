/** fetch-tickets' settings: the ticket system, which tickets need triage, and how to hand them on. */
import { z } from 'zod';
import { parseEnv, signingSettings, ticketSystemSettings, type Env, type SigningSettings, type TicketSystemSettings } from '@shared/config';
import type { GatewaySettings } from '@shared/triage/dispatch';
import type { SelectionRules } from '@shared/triage';

const FetchEnv = z.object({
  gateway_url: z.url().default('http://gateway.openfaas:8080'),
  DISPATCH_MODE: z.enum(['async', 'sync']).default('async'),
  LOOKBACK_MINUTES: z.coerce.number().int().positive().default(24 * 60),
  STATUSES: z.string().regex(/^\d+(,\d+)*$/, 'comma-separated status ids, e.g. 2,3').default('2,3'),
  MARKER_TAG: z.string().regex(/^[A-Za-z0-9._-]{1,20}$/).default('ai-triaged'),
  MODEL_VERSION: z.string().min(1).default('2.0.0'),
  MAX_TICKETS_PER_RUN: z.coerce.number().int().positive().default(500),
  DISPATCH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  CLAIM_TTL_SECONDS: z.coerce.number().int().positive().default(600),
  GATEWAY_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
});

export interface FetchConfig {
  ticketSystem: TicketSystemSettings;
  gateway: GatewaySettings;
  rules: SelectionRules;
  lookbackMinutes: number;
  maxTickets: number;
  concurrency: number;
  claimTtlMs: number;
  signing: SigningSettings;
}

export function loadConfig(env: Env): FetchConfig {
  const e = parseEnv(FetchEnv, env);
  const signing = signingSettings(env);
  return {
    ticketSystem: ticketSystemSettings(env),
    gateway: { url: e.gateway_url, mode: e.DISPATCH_MODE, signing, timeoutMs: e.GATEWAY_TIMEOUT_MS },
    rules: { statuses: e.STATUSES.split(',').map(Number), markerTag: e.MARKER_TAG, modelVersion: e.MODEL_VERSION },
    lookbackMinutes: e.LOOKBACK_MINUTES,
    maxTickets: e.MAX_TICKETS_PER_RUN,
    concurrency: e.DISPATCH_CONCURRENCY,
    claimTtlMs: e.CLAIM_TTL_SECONDS * 1000,
    signing,
  };
}
