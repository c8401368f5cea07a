/**
 * Configuration is parsed once, at the edge, from environment variables and OpenFaaS secret files,
 * through strict zod schemas; a bad or missing setting is a `ConfigError` naming the variable and
 * the fix. Secrets are read here and never appear in an error.
 */
import { z } from 'zod';
import { SECRETS, SecretsDir } from '../contract/secrets';
import type { TicketSystemConfig } from '../ticket-system';
import { SignatureHeader } from '../contract/signature';
import { ConfigError } from './errors';
import { readSecret } from './secrets';

export { ConfigError };
export type Env = Record<string, string | undefined>;

/** Parses `env` with a schema whose keys are variable names; errors name the variables. */
export function parseEnv<S extends z.ZodType>(schema: S, env: Env): z.output<S> {
  const r = schema.safeParse(env);
  if (r.success) return r.data;
  throw new ConfigError(r.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`).join('; '));
}

export const stringBool = z.stringbool({ truthy: ['true', '1', 'yes'], falsy: ['false', '0', 'no'] });

const FreshdeskEnv = z.object({
  TICKET_SYSTEM: z.enum(['freshdesk']).default('freshdesk'),
  FRESHDESK_DOMAIN: z.string().optional(),
  FRESHDESK_BASE_URL: z.string().optional(),
  FRESHDESK_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  /** The account's rate-limit window (Freshdesk: a minute); the sandbox can run shorter ones. */
  FRESHDESK_RATE_WINDOW_MS: z.coerce.number().int().positive().default(60_000),
  /**
   * The share of the plan's per-minute limit (X-RateLimit-Total) this product may use: calls wait
   * for the next window while X-RateLimit-Remaining is at or below (1 - share) x Total, so agents'
   * tools and other integrations always keep the rest.
   */
  MAX_API_SHARE: z.coerce.number().gt(0).max(1).default(0.5),
  SECRETS_DIR: SecretsDir,
});

/** The ticket system from the environment, as `createTicketSystem` takes it (one type: `TicketSystemConfig`). */
export function ticketSystemSettings(env: Env): TicketSystemConfig {
  const e = parseEnv(FreshdeskEnv, env);
  if (!e.FRESHDESK_DOMAIN && !e.FRESHDESK_BASE_URL)
    throw new ConfigError('set FRESHDESK_DOMAIN (your account sub-domain) or FRESHDESK_BASE_URL');
  const { name, envVar } = SECRETS.freshdeskApiKey;
  const apiKey = readSecret({ name, envVar, dir: e.SECRETS_DIR, env });
  if (!apiKey)
    throw new ConfigError(
      `no Freshdesk API key: create the secret ${name} (faas-cli secret create ${name}) or set ${envVar}`,
    );
  return {
    kind: e.TICKET_SYSTEM,
    freshdesk: {
      ...(e.FRESHDESK_BASE_URL ? { baseUrl: e.FRESHDESK_BASE_URL } : { domain: e.FRESHDESK_DOMAIN! }),
      apiKey,
      timeoutMs: e.FRESHDESK_TIMEOUT_MS,
      rateWindowMs: e.FRESHDESK_RATE_WINDOW_MS,
      maxApiShare: e.MAX_API_SHARE,
    },
  };
}

export interface SigningSettings {
  secret: string | undefined;
  header: string;
  /**
   * Replay protection: when set, a signature covers `<unix seconds>.<body>` with the time in
   * `X-Signature-Timestamp`, and requests older (or newer) than this many seconds are refused.
   * Off by default: `faas-cli invoke --sign` cannot send a timestamp.
   */
  maxAgeSeconds?: number;
}

const SigningEnv = z.object({
  SIGNATURE_HEADER: SignatureHeader,
  SECRETS_DIR: SecretsDir,
  SIGNATURE_MAX_AGE_SECONDS: z.coerce.number().int().min(1).max(86_400).optional(),
  /** `off` is the only way to run without signatures when a secret is configured (printed loudly by the runner). */
  SIGNING: z.enum(['on', 'off']).default('on'),
});

/** An empty or whitespace-only secret is a configuration error naming it, never "signing off". */
export function signingSettings(env: Env): SigningSettings {
  const e = parseEnv(SigningEnv, env);
  const { name, envVar } = SECRETS.signing;
  if (e.SIGNING === 'off') {
    if (e.SIGNATURE_MAX_AGE_SECONDS !== undefined)
      throw new ConfigError('SIGNATURE_MAX_AGE_SECONDS needs signing: remove SIGNING=off');
    return { secret: undefined, header: e.SIGNATURE_HEADER };
  }
  const secret = readSecret({ name, envVar, dir: e.SECRETS_DIR, env, emptyIsError: true });
  if (e.SIGNATURE_MAX_AGE_SECONDS !== undefined && !secret)
    throw new ConfigError(`SIGNATURE_MAX_AGE_SECONDS needs the ${name} secret (or ${envVar})`);
  return {
    secret,
    header: e.SIGNATURE_HEADER,
    ...(e.SIGNATURE_MAX_AGE_SECONDS !== undefined ? { maxAgeSeconds: e.SIGNATURE_MAX_AGE_SECONDS } : {}),
  };
}

/** Loads a config once; a failure is remembered and reported on every request (naming the variable). */
export function once<T>(load: () => T): () => T {
  let value: { ok: true; v: T } | { ok: false; e: unknown } | undefined;
  return () => {
    if (!value) {
      try {
        value = { ok: true, v: load() };
      } catch (e) {
        value = { ok: false, e };
      }
    }
    if (value.ok) return value.v;
    throw value.e;
  };
}
