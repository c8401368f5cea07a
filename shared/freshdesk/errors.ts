/**
 * One error class per failure kind, all extending `FreshdeskError`, built by `errorFromResponse`.
 * Every error carries method, path, status and request id where present, and never the API key:
 * request headers are not kept on any error.
 */
import type { ZodError } from 'zod';
import { ErrorBody, type FieldErrorDetail } from './schemas';

export interface RequestFacts {
  method: string;
  /** Path below the API base, e.g. `/tickets/42` (no query string: it may carry e-mails). */
  path: string;
}

export class FreshdeskError extends Error {
  readonly method: string;
  readonly path: string;
  readonly status: number | undefined;
  readonly requestId: string | undefined;

  constructor(
    facts: RequestFacts,
    detail: string,
    extra: { status?: number; requestId?: string; cause?: unknown } = {},
  ) {
    super(`${facts.method} ${facts.path}: ${detail}`, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = new.target.name;
    this.method = facts.method;
    this.path = facts.path;
    this.status = extra.status;
    this.requestId = extra.requestId;
  }
}

/** Bad input caught before any request is sent (invalid id, unknown patch field, bad options). */
export class InvalidRequestError extends FreshdeskError {}

/** A Freshdesk answer with an HTTP error status. */
export class FreshdeskApiError extends FreshdeskError {
  readonly body: ErrorBody | undefined;
  constructor(
    facts: RequestFacts,
    detail: string,
    status: number,
    requestId: string | undefined,
    body: ErrorBody | undefined,
  ) {
    super(facts, detail, { status, ...(requestId ? { requestId } : {}) });
    this.body = body;
  }
}

/** 400: `errors[]` holds every field problem Freshdesk found (§2.4). */
export class ValidationError extends FreshdeskApiError {
  get errors(): FieldErrorDetail[] {
    return this.body?.errors ?? [];
  }
}
/** Alias in the naming of style.md rule 1. */
export class AuthenticationError extends FreshdeskApiError {}
/** 403: access denied, feature missing, or the account suspended (`body.code`). */
export class PermissionDeniedError extends FreshdeskApiError {}
export class NotFoundError extends FreshdeskApiError {}
class ConflictError extends FreshdeskApiError {}
export class RateLimitError extends FreshdeskApiError {
  /** How long Freshdesk asked us to wait (`Retry-After`), in ms. */
  readonly retryAfterMs: number;
  constructor(facts: RequestFacts, detail: string, requestId: string | undefined, retryAfterMs: number) {
    super(facts, detail, 429, requestId, undefined);
    this.retryAfterMs = retryAfterMs;
  }
}
/** @public the Freshdesk client's documented API (docs: the Freshdesk client) */
export class ServerError extends FreshdeskApiError {}
/**
 * Client-side pacing waited `rounds` times and the budget still was not free: the clock did not
 * move past the window end or the 429 block (an injected `sleep` that does not advance `now`), or
 * other callers took every window. A `RateLimitError`, so callers stop the run the same way.
 */
export class PacingStalledError extends RateLimitError {
  readonly rounds: number;
  /** The limiter's last answer: how long the next slot still was away. */
  readonly lastWaitMs: number;
  readonly budget: { total: number | undefined; remaining: number | undefined; blockedUntilMs: number };
  constructor(facts: RequestFacts, rounds: number, lastWaitMs: number, budget: PacingStalledError['budget']) {
    const left = budget.remaining === undefined ? 'unknown' : `${budget.remaining} of ${budget.total ?? '?'}`;
    super(
      facts,
      `rate-limit pacing gave up after ${rounds} waits: the next slot is still ${lastWaitMs} ms away (credits left: ${left}); does the clock advance while waiting?`,
      undefined,
      lastWaitMs,
    );
    this.rounds = rounds;
    this.lastWaitMs = lastWaitMs;
    this.budget = budget;
  }
}

/** The connection failed or broke (refused, reset, DNS). */
export class ConnectionError extends FreshdeskError {}
/** No (complete) answer within `timeoutMs`. */
export class TimeoutError extends FreshdeskError {}
/** The answer did not fit the schema; `issuePath` names where. */
export class ResponseValidationError extends FreshdeskError {
  readonly issuePath: string;
  constructor(
    facts: RequestFacts,
    status: number,
    schemaName: string,
    zodError: ZodError | undefined,
    detail?: string,
  ) {
    const issue = zodError?.issues[0];
    const where = issue ? formatPath(issue.path) : '(body)';
    super(facts, `response does not match ${schemaName} at ${where}: ${detail ?? issue?.message ?? 'invalid'}`, {
      status,
    });
    this.issuePath = where;
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

function describe(body: ErrorBody | undefined, fallback: string): string {
  const errors = body?.errors ?? [];
  if (errors.length > 0)
    return errors.map((e) => `${e.field ?? '(request)'}: ${e.message ?? e.code ?? 'invalid'}`).join('; ');
  return body?.message ?? body?.description ?? fallback;
}

/** Picks the class for an error status. `text` is the raw body (may be empty on 404/429). */
export function errorFromResponse(
  facts: RequestFacts,
  status: number,
  text: string,
  requestId: string | undefined,
  retryAfterMs: number,
): FreshdeskApiError {
  let body: ErrorBody | undefined;
  if (text.trim() !== '') {
    try {
      const parsed = ErrorBody.safeParse(JSON.parse(text));
      if (parsed.success) body = parsed.data;
    } catch {
      // Not JSON (an HTML error page from an edge proxy): keep the status, drop the body.
    }
  }
  if (status === 429)
    return new RateLimitError(
      facts,
      `rate limited, retry after ${Math.ceil(retryAfterMs / 1000)} s`,
      requestId,
      retryAfterMs,
    );
  const detail = describe(body, `HTTP ${status}`);
  if (status === 400) return new ValidationError(facts, detail, status, requestId, body);
  if (status === 401) return new AuthenticationError(facts, detail, status, requestId, body);
  if (status === 403) return new PermissionDeniedError(facts, detail, status, requestId, body);
  if (status === 404)
    return new NotFoundError(facts, text.trim() === '' ? 'not found' : detail, status, requestId, body);
  if (status === 409) return new ConflictError(facts, detail, status, requestId, body);
  if (status >= 500) return new ServerError(facts, detail, status, requestId, body);
  return new FreshdeskApiError(facts, detail, status, requestId, body);
}
