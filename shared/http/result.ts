/**
 * One way for every handler to answer: `toHttpResult` sets the status and a JSON content type on
 * success and on every error, because the stock template turns a thrown error into a 200 with the
 * error text (openfaas.md §1.5). Domain errors map to statuses here, once.
 */
import { z } from 'zod';
import { FreshdeskError, NotFoundError, RateLimitError, ValidationError } from '../freshdesk';
import { ConfigError } from '../config/env';
import type { FunctionContextLike, FunctionEventLike } from './types';
import { verify } from './signature';

/** Bad input from the caller: 4xx with a message that names the problem. */
export class InputError extends Error {
  constructor(message: string, readonly status = 400, readonly details?: unknown) {
    super(message);
    this.name = 'InputError';
  }

  static fromZod(what: string, err: z.ZodError): InputError {
    return new InputError(`${what}: ${z.prettifyError(err).replace(/\n/g, '; ')}`, 400, z.flattenError(err));
  }
}

export function respond(context: FunctionContextLike, status: number, body: unknown, headers: Record<string, string> = {}): unknown {
  context.status(status).headers({ 'content-type': 'application/json', ...headers });
  return body;
}

/** Maps an error to a status and a JSON body without stack traces or secrets. */
export function errorResult(err: unknown): { status: number; body: { error: string; details?: unknown; upstreamStatus?: number }; headers: Record<string, string> } {
  if (err instanceof InputError) return { status: err.status, body: { error: err.message, ...(err.details ? { details: err.details } : {}) }, headers: {} };
  if (err instanceof RateLimitError) {
    return { status: 429, body: { error: err.message }, headers: { 'retry-after': String(Math.ceil(err.retryAfterMs / 1000)) } };
  }
  if (err instanceof NotFoundError) return { status: 404, body: { error: err.message }, headers: {} };
  if (err instanceof ValidationError) return { status: 422, body: { error: err.message }, headers: {} };
  if (err instanceof ConfigError) return { status: 500, body: { error: err.message }, headers: {} };
  // The ticket system's own status lets a caller say "Freshdesk answered 401" rather than "502".
  if (err instanceof FreshdeskError) return { status: 502, body: { error: `ticket system: ${err.message}`, ...(err.status ? { upstreamStatus: err.status } : {}) }, headers: {} };
  return { status: 500, body: { error: 'internal error' }, headers: {} };
}

export async function toHttpResult(context: FunctionContextLike, work: () => Promise<{ status?: number; body: unknown; headers?: Record<string, string> }>, log?: (e: Record<string, unknown>) => void): Promise<unknown> {
  try {
    const r = await work();
    return respond(context, r.status ?? 200, r.body, r.headers);
  } catch (err) {
    const e = errorResult(err);
    if (e.status >= 500) log?.({ level: 'error', msg: 'request failed', error: (err as Error)?.message ?? String(err) });
    return respond(context, e.status, e.body, e.headers);
  }
}

/** With a signing secret configured, only requests with a valid HMAC header get through (401 otherwise). */
export function requireSignature(event: FunctionEventLike, signing: { secret: string | undefined; header: string }): void {
  if (!signing.secret) return;
  if (!verify(event.rawBody, event.headers[signing.header], signing.secret)) {
    throw new InputError(`missing or invalid ${signing.header} signature (sign with: faas-cli invoke --sign ${signing.header} --key <secret>)`, 401);
  }
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
