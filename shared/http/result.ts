/**
 * One way for every handler to answer: `toHttpResult` sets the status and a JSON content type on
 * success and on every error, because the stock template turns a thrown error into a 200 with the
 * error text (openfaas.md §1.5). Domain errors map to statuses here, once: the ticket system's
 * through the port's error classes (shared/ticket-system/errors.ts), never a help desk's own.
 */
import { ConfigError } from '../config/env';
import {
  TicketChangeRejectedError,
  TicketNotFoundError,
  TicketSystemError,
  TicketSystemRateLimitError,
} from '../ticket-system/errors';
import { cut, MAX_ERROR_CHARS } from './bounded';
import { InputError } from './input-error';
import type { FunctionContextLike, FunctionEventLike } from './types';
import { TIMESTAMP_HEADER, verify, type SigningLike } from './signature';

export { InputError };

/** A failure while working on one ticket: the answer names the ticket (cycle summaries list it). */
export class TicketFailure extends Error {
  constructor(
    readonly ticketId: number,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'TicketFailure';
  }
}

function respond(
  context: FunctionContextLike,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): unknown {
  context.status(status).headers({ 'content-type': 'application/json', ...headers });
  return body;
}

/**
 * Maps an error to a status and a small JSON body without stack traces or secrets.
 * @internal exported for tests and benches, not used by the product
 */
export function errorResult(err: unknown): {
  status: number;
  body: { error: string; details?: unknown; upstreamStatus?: number; ticketId?: number };
  headers: Record<string, string>;
} {
  const r = mapError(err);
  return { ...r, body: { ...r.body, error: cut(r.body.error, MAX_ERROR_CHARS) } };
}

function mapError(err: unknown): {
  status: number;
  body: { error: string; details?: unknown; upstreamStatus?: number; ticketId?: number };
  headers: Record<string, string>;
} {
  if (err instanceof TicketFailure) {
    const inner = mapError(err.cause);
    return { ...inner, body: { ...inner.body, ticketId: err.ticketId } };
  }
  if (err instanceof InputError)
    return {
      status: err.status,
      body: { error: err.message, ...(err.details ? { details: err.details } : {}) },
      headers: {},
    };
  if (err instanceof TicketSystemRateLimitError) {
    return {
      status: 429,
      body: { error: err.message },
      headers: { 'retry-after': String(Math.ceil(err.retryAfterMs / 1000)) },
    };
  }
  if (err instanceof TicketNotFoundError) return { status: 404, body: { error: err.message }, headers: {} };
  if (err instanceof TicketChangeRejectedError) return { status: 422, body: { error: err.message }, headers: {} };
  if (err instanceof ConfigError) return { status: 500, body: { error: err.message }, headers: {} };
  // The ticket system's own status lets a caller say "Freshdesk answered 401" rather than "502".
  if (err instanceof TicketSystemError)
    return {
      status: 502,
      body: { error: `ticket system: ${err.message}`, ...(err.status ? { upstreamStatus: err.status } : {}) },
      headers: {},
    };
  return { status: 500, body: { error: 'internal error' }, headers: {} };
}

export async function toHttpResult(
  context: FunctionContextLike,
  work: () => Promise<{ status?: number; body: unknown; headers?: Record<string, string> }>,
  log?: (e: Record<string, unknown>) => void,
): Promise<unknown> {
  try {
    const r = await work();
    return respond(context, r.status ?? 200, r.body, r.headers);
  } catch (err) {
    const e = errorResult(err);
    if (e.status >= 500)
      log?.({
        level: 'error',
        msg: 'request failed',
        ...(err instanceof TicketFailure ? { ticketId: err.ticketId } : {}),
        error: cut((err as Error)?.message ?? String(err), MAX_ERROR_CHARS),
      });
    return respond(context, e.status, e.body, e.headers);
  }
}

/** With a signing secret configured, only requests with a valid HMAC header get through (401 otherwise). */
export function requireSignature(event: FunctionEventLike, signing: SigningLike, nowMs = Date.now()): void {
  if (!signing.secret) return;
  const how = `sign with: faas-cli invoke --sign ${signing.header} --key <secret>`;
  if (signing.maxAgeSeconds === undefined) {
    if (!verify(event.rawBody, event.headers[signing.header], signing.secret))
      throw new InputError(`missing or invalid ${signing.header} signature (${how})`, 401);
    return;
  }
  const raw = event.headers[TIMESTAMP_HEADER];
  const ts = Array.isArray(raw) ? raw[0] : raw;
  if (!ts || !/^\d{1,12}$/.test(ts))
    throw new InputError(`missing ${TIMESTAMP_HEADER}: replay protection is on (SIGNATURE_MAX_AGE_SECONDS)`, 401);
  if (Math.abs(nowMs / 1000 - Number(ts)) > signing.maxAgeSeconds)
    throw new InputError(
      `${TIMESTAMP_HEADER} is outside the ${signing.maxAgeSeconds} s window: a replay, or a clock off`,
      401,
    );
  if (!verify(event.rawBody, event.headers[signing.header], signing.secret, ts))
    throw new InputError(`missing or invalid ${signing.header} signature over "<timestamp>.<body>"`, 401);
}

/** A body that arrived as text (faas-cli sends text/plain by default) but holds JSON is parsed. */
export function jsonish(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  const t = body.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return body;
  try {
    return JSON.parse(t);
  } catch {
    throw new InputError('the body looks like JSON but is malformed');
  }
}
