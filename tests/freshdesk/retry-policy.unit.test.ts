/** The retry decisions as pure functions: what is retried, how long to wait, when to give up. */
import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  decideRateLimitWait,
  decideRetry,
  DEFAULT_MAX_RATE_LIMIT_WAITS,
  isRetryable,
  MAX_BACKOFF_MS,
  MIN_RATE_LIMIT_WAITS_WITH_DEADLINE,
  parseRetryAfterMs,
  rateLimitWaitBudget,
  type FailureKind,
} from '../../shared/freshdesk/retry-policy';

describe('isRetryable', () => {
  it.each<[string, FailureKind, number | undefined, boolean]>([
    ['GET', 'status', 500, true],
    ['GET', 'status', 503, true],
    ['PUT', 'status', 408, true],
    ['GET', 'status', 404, false],
    ['PUT', 'status', 400, false],
    ['GET', 'timeout', undefined, true],
    ['PUT', 'connection', undefined, true],
    // A POST may have created the note: never sent again after it may have arrived.
    ['POST', 'status', 500, false],
    ['POST', 'timeout', undefined, false],
    ['POST', 'connection', undefined, false],
    // ... but a 429 or a refused connection means nothing was done.
    ['POST', 'status', 429, true],
    ['POST', 'connect-refused', undefined, true],
  ])('%s %s %s -> %s', (method, kind, status, expected) => {
    expect(isRetryable(method, kind, status)).toBe(expected);
  });
});

describe('backoffMs', () => {
  it('doubles per attempt with jitter in [50%, 100%] of the step, capped', () => {
    expect([0, 1, 2, 3].map((a) => backoffMs(a, 0))).toEqual([250, 500, 1000, 2000]);
    expect([0, 1, 2, 3].map((a) => backoffMs(a, 0.999_999))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffMs(20, 0.999_999)).toBe(MAX_BACKOFF_MS);
    expect(backoffMs(20, 0)).toBe(MAX_BACKOFF_MS / 2);
  });
});

describe('decideRetry', () => {
  const base = {
    method: 'GET',
    attempt: 0,
    maxRetries: 2,
    kind: 'status' as const,
    status: 502,
    remainingMs: Number.POSITIVE_INFINITY,
    random: 0.5,
  };

  it('retries with backoff until maxRetries, then is exhausted', () => {
    expect(decideRetry(base)).toEqual({ retry: true, delayMs: 375 });
    expect(decideRetry({ ...base, attempt: 1 })).toEqual({ retry: true, delayMs: 750 });
    expect(decideRetry({ ...base, attempt: 2 })).toEqual({ retry: false, reason: 'exhausted' });
  });

  it('waits exactly Retry-After when given, never less', () => {
    expect(decideRetry({ ...base, status: 429, retryAfterMs: 2000 })).toEqual({ retry: true, delayMs: 2000 });
  });

  it('gives up when the wait reaches the deadline', () => {
    expect(decideRetry({ ...base, remainingMs: 375 })).toEqual({ retry: false, reason: 'deadline' });
    expect(decideRetry({ ...base, remainingMs: 376 })).toEqual({ retry: true, delayMs: 375 });
  });

  it('refuses what is not safe to send again before counting attempts', () => {
    expect(decideRetry({ ...base, method: 'POST', attempt: 5 })).toEqual({ retry: false, reason: 'not-retryable' });
  });
});

describe('429 waits', () => {
  it('allows a few waits without a deadline and many with one', () => {
    expect(rateLimitWaitBudget(undefined, false)).toBe(DEFAULT_MAX_RATE_LIMIT_WAITS);
    expect(rateLimitWaitBudget(0, false)).toBe(0);
    expect(rateLimitWaitBudget(undefined, true)).toBe(MIN_RATE_LIMIT_WAITS_WITH_DEADLINE);
    expect(rateLimitWaitBudget(500, true)).toBe(500);
  });

  const wait = {
    waitsSoFar: 0,
    maxWaits: 3,
    retryAfterMs: 2000,
    remainingMs: Number.POSITIVE_INFINITY,
    maxRetryAfterMs: 60_000,
  };

  it('waits Retry-After until the waits are used up', () => {
    expect(decideRateLimitWait(wait)).toEqual({ retry: true, delayMs: 2000 });
    expect(decideRateLimitWait({ ...wait, waitsSoFar: 3 })).toEqual({ retry: false, reason: 'exhausted' });
  });

  it('without a deadline, waits up to and including the cap', () => {
    expect(decideRateLimitWait({ ...wait, retryAfterMs: 60_000 })).toEqual({ retry: true, delayMs: 60_000 });
    expect(decideRateLimitWait({ ...wait, retryAfterMs: 60_001 })).toEqual({
      retry: false,
      reason: 'retry-after-too-long',
    });
  });

  it('with a deadline, the deadline is the bound and the cap does not apply', () => {
    expect(decideRateLimitWait({ ...wait, retryAfterMs: 90_000, remainingMs: 120_000 })).toEqual({
      retry: true,
      delayMs: 90_000,
    });
    expect(decideRateLimitWait({ ...wait, retryAfterMs: 30_000, remainingMs: 30_000 })).toEqual({
      retry: false,
      reason: 'deadline',
    });
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-11-24T10:00:00Z');
  it.each<[string | undefined, number]>([
    ['2', 2000],
    ['0.5', 500],
    ['0', 0],
    ['-3', 0],
    [undefined, 1000],
    ['', 1000],
    ['soon', 1000],
    ['Tue, 24 Nov 2026 10:00:30 GMT', 30_000],
    ['Tue, 24 Nov 2026 09:00:00 GMT', 0],
  ])('%j -> %i ms', (value, ms) => {
    expect(parseRetryAfterMs(value, now)).toBe(ms);
  });
});
