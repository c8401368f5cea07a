/**
 * The retry decision as a pure function (style.md rule 2). Retry only what is safe to send again:
 * idempotent methods (GET, PUT) on 408/5xx, connection failures and timeouts; any method on 429,
 * because Freshdesk rejected it before doing anything. A note POST that timed out or lost its
 * connection may have been created, so it is never retried here: the caller checks the ticket's
 * conversations for its marker before posting again.
 */
export type FailureKind = 'status' | 'connection' | 'timeout' | 'connect-refused';

export interface RetryInput {
  method: string;
  /** 0 for the first retry. */
  attempt: number;
  maxRetries: number;
  kind: FailureKind;
  status?: number;
  /** From `Retry-After`, in ms. */
  retryAfterMs?: number;
  /** Time left before the caller's deadline, in ms (Infinity without one). */
  remainingMs: number;
  /** In [0, 1): injected so tests are deterministic. */
  random: number;
}

export type RetryDecision =
  | { retry: true; delayMs: number }
  | { retry: false; reason: 'not-retryable' | 'exhausted' | 'deadline' | 'retry-after-too-long' };

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);
/** First backoff step, doubled per attempt, capped. @default 500 ms, cap 8 s */
const BASE_DELAY_MS = 500;
/** @internal exported for tests and benches, not used by the product */
export const MAX_BACKOFF_MS = 8_000;

/** @internal exported for tests and benches, not used by the product */
export function isRetryable(method: string, kind: FailureKind, status?: number): boolean {
  if (kind === 'status' && status === 429) return true;
  // Refused before the request was sent: nothing can have been created.
  if (kind === 'connect-refused') return true;
  if (!IDEMPOTENT.has(method)) return false;
  if (kind === 'connection' || kind === 'timeout') return true;
  return status === 408 || (status !== undefined && status >= 500);
}

/**
 * Exponential backoff with full jitter in [50%, 100%] of the step.
 * @internal exported for tests and benches, not used by the product
 */
export function backoffMs(attempt: number, random: number): number {
  const step = Math.min(MAX_BACKOFF_MS, BASE_DELAY_MS * 2 ** attempt);
  return Math.round(step * (0.5 + random / 2));
}

export function decideRetry(input: RetryInput): RetryDecision {
  if (!isRetryable(input.method, input.kind, input.status)) return { retry: false, reason: 'not-retryable' };
  if (input.attempt >= input.maxRetries) return { retry: false, reason: 'exhausted' };
  // Never earlier than Retry-After: a retry before it costs a credit and earns another 429.
  const delayMs = input.retryAfterMs !== undefined ? input.retryAfterMs : backoffMs(input.attempt, input.random);
  if (delayMs >= input.remainingMs) return { retry: false, reason: 'deadline' };
  return { retry: true, delayMs };
}

/**
 * 429 waits per call when the client options name none.
 * @internal exported for tests and benches, not used by the product
 */
export const DEFAULT_MAX_RATE_LIMIT_WAITS = 3;
/**
 * 429 waits per call when the call has a deadline: the deadline is then the real bound, and a burst
 * of several 429s is normal on an account other apps share, so a few waits would give up too early.
 * @internal exported for tests and benches, not used by the product
 */
export const MIN_RATE_LIMIT_WAITS_WITH_DEADLINE = 50;
/** Longest `Retry-After` waited out by a call without a deadline. @default 60 s (one Freshdesk window) */
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

/** How many 429s one call waits out before it gives up with `RateLimitError`. */
export function rateLimitWaitBudget(configured: number | undefined, hasDeadline: boolean): number {
  const waits = configured ?? DEFAULT_MAX_RATE_LIMIT_WAITS;
  return hasDeadline ? Math.max(waits, MIN_RATE_LIMIT_WAITS_WITH_DEADLINE) : waits;
}

export interface RateLimitWaitInput {
  /** 429s this call has already waited out. */
  waitsSoFar: number;
  maxWaits: number;
  retryAfterMs: number;
  /** Time left before the caller's deadline, in ms (Infinity without one). */
  remainingMs: number;
  /** Longest `Retry-After` waited out when there is no deadline (inclusive). */
  maxRetryAfterMs: number;
}

/**
 * A 429 is always safe to send again (Freshdesk did nothing), after exactly `Retry-After`. With a
 * deadline the wait must end before it; without one, `Retry-After` must not exceed the cap.
 */
export function decideRateLimitWait(input: RateLimitWaitInput): RetryDecision {
  if (input.waitsSoFar >= input.maxWaits) return { retry: false, reason: 'exhausted' };
  if (Number.isFinite(input.remainingMs)) {
    if (input.retryAfterMs >= input.remainingMs) return { retry: false, reason: 'deadline' };
  } else if (input.retryAfterMs > input.maxRetryAfterMs) {
    return { retry: false, reason: 'retry-after-too-long' };
  }
  return { retry: true, delayMs: input.retryAfterMs };
}

/** `Retry-After` is seconds or an HTTP date; missing or unparsable means 1 s. */
export function parseRetryAfterMs(value: string | undefined, nowMs: number): number {
  if (value === undefined || value.trim() === '') return 1_000;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? 1_000 : Math.max(0, date - nowMs);
}
