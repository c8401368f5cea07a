/**
 * The Freshdesk account a command-line tool talks to, from FRESHDESK_DOMAIN or FRESHDESK_BASE_URL
 * and FRESHDESK_API_KEY, and a first check of it before any work: one line a person can act on
 * when the host is unreachable or the key is wrong. A base URL is accepted with or without /api/v2.
 */
import {
  AuthenticationError,
  ConnectionError,
  FreshdeskClient,
  FreshdeskError,
  NotFoundError,
  PermissionDeniedError,
  TimeoutError,
} from '@shared/freshdesk';

export interface Account {
  baseUrl?: string;
  domain?: string;
  apiKey: string;
}

/** `http://host:8181` and `http://host:8181/api/v2/` both mean `http://host:8181/api/v2`. */
export function normalizeBaseUrl(raw: string): string {
  const trimmed = raw.trim().replace(/\/+$/, '');
  return /\/api\/v2$/.test(trimmed) ? trimmed : `${trimmed}/api/v2`;
}

/** Where the account is, for messages (never the key). */
export function describeAccount(a: Pick<Account, 'baseUrl' | 'domain'>): string {
  return a.baseUrl ?? `https://${(a.domain ?? '').replace(/\.freshdesk\.com$/i, '')}.freshdesk.com/api/v2`;
}

export function accountFromEnv(env: Record<string, string | undefined>): Account | undefined {
  const apiKey = env.FRESHDESK_API_KEY;
  if (!apiKey || !(env.FRESHDESK_BASE_URL || env.FRESHDESK_DOMAIN)) return undefined;
  return env.FRESHDESK_BASE_URL
    ? { baseUrl: normalizeBaseUrl(env.FRESHDESK_BASE_URL), apiKey }
    : { domain: env.FRESHDESK_DOMAIN!, apiKey };
}

export class AccountCheckError extends Error {
  override name = 'AccountCheckError';
}

/** Reads one ticket: proves the host answers and the key is accepted. Throws AccountCheckError with one line. */
export async function checkAccount(a: Account): Promise<void> {
  const where = describeAccount(a);
  let client: FreshdeskClient;
  try {
    client = new FreshdeskClient({ ...a, maxRetries: 2, timeoutMs: 15_000 });
  } catch (err) {
    throw new AccountCheckError(
      `Freshdesk account settings: ${(err as Error).message.replace(/^SETUP \(client options\): /, '')}`,
    );
  }
  try {
    await client.findFirstTicket();
  } catch (err) {
    if (err instanceof AuthenticationError)
      throw new AccountCheckError(`Freshdesk at ${where} answered 401: check FRESHDESK_API_KEY`);
    if (err instanceof PermissionDeniedError)
      throw new AccountCheckError(
        `Freshdesk at ${where} answered 403: the API key's agent may not list tickets (or the account is suspended)`,
      );
    if (err instanceof NotFoundError)
      throw new AccountCheckError(
        `Freshdesk at ${where} answered 404 for /tickets: check FRESHDESK_BASE_URL (it should end in /api/v2) or FRESHDESK_DOMAIN`,
      );
    if (err instanceof ConnectionError)
      throw new AccountCheckError(
        `Freshdesk at ${where} could not be reached (${/\(([^)]+)\)/.exec(err.message)?.[1] ?? 'connection failed'}): check FRESHDESK_DOMAIN / FRESHDESK_BASE_URL and the network`,
      );
    if (err instanceof TimeoutError)
      throw new AccountCheckError(`Freshdesk at ${where} did not answer within 15 s: check the network`);
    if (err instanceof FreshdeskError) throw new AccountCheckError(`Freshdesk at ${where}: ${err.message}`);
    throw err;
  } finally {
    await client.close();
  }
}
