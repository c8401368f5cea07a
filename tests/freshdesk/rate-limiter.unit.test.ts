/** The client's pacing state on explicit times (every method takes `nowMs`): no clock, no network. */
import { describe, expect, it } from 'vitest';
import { parseRateLimitHeaders, RateLimiter } from '../../shared/freshdesk/rate-limiter';

const T0 = Date.parse('2026-11-24T10:00:00Z');

describe('RateLimiter', () => {
  it('lets calls go before it has seen any rate-limit header', () => {
    const rl = new RateLimiter();
    expect(rl.delayBeforeRequest(T0)).toBe(0);
    rl.acquire();
    rl.release(T0); // a transport failure: no headers
    expect(rl.snapshot()).toEqual({
      total: undefined,
      remaining: undefined,
      blockedUntilMs: 0,
      windowStartMs: undefined,
    });
    expect(rl.delayBeforeRequest(T0)).toBe(0);
  });

  it('waits for the end of the window once the credits left reach the reserve (5% of Total, at least 1)', () => {
    const rl = new RateLimiter();
    rl.acquire();
    rl.release(T0, { total: 100, remaining: 6 });
    expect(rl.delayBeforeRequest(T0 + 1000)).toBe(0); // 6 - 1 >= 5
    rl.release(T0 + 1000, { total: 100, remaining: 5 });
    expect(rl.delayBeforeRequest(T0 + 1000)).toBe(59_000);
    // A call costing more than the credits above the reserve waits too.
    rl.release(T0 + 1000, { total: 100, remaining: 8 });
    expect(rl.delayBeforeRequest(T0 + 1000, 3)).toBe(0);
    expect(rl.delayBeforeRequest(T0 + 1000, 4)).toBe(60_000);
  });

  it('counts credits of calls in flight until their answer arrives', () => {
    const rl = new RateLimiter();
    rl.release(T0, { total: 100, remaining: 10 });
    rl.acquire(3);
    expect(rl.delayBeforeRequest(T0)).toBe(0); // 10 - 3 - 1 = 6 >= 5
    rl.acquire(2);
    expect(rl.delayBeforeRequest(T0)).toBe(60_000); // 10 - 5 - 1 = 4 < 5
    rl.release(T0, undefined, 2);
    expect(rl.delayBeforeRequest(T0)).toBe(0);
  });

  it('starts a new window when Remaining rises, not when it falls', () => {
    const rl = new RateLimiter({ windowMs: 10_000 });
    rl.release(T0, { total: 100, remaining: 50 });
    rl.release(T0 + 4000, { total: 100, remaining: 40 });
    expect(rl.snapshot().windowStartMs).toBe(T0);
    rl.release(T0 + 12_000, { total: 100, remaining: 99 });
    expect(rl.snapshot()).toMatchObject({ windowStartMs: T0 + 12_000, remaining: 99, total: 100 });
  });

  it('lets a call go once the estimated window is over: the next answer tells more', () => {
    const rl = new RateLimiter({ windowMs: 10_000 });
    rl.release(T0, { total: 100, remaining: 1 });
    expect(rl.delayBeforeRequest(T0 + 9000)).toBe(1000);
    expect(rl.delayBeforeRequest(T0 + 10_000)).toBe(0);
  });

  it('keeps Total when an answer carries only Remaining', () => {
    const rl = new RateLimiter();
    rl.release(T0, { total: 200, remaining: 150 });
    rl.release(T0 + 1, { remaining: 149 });
    expect(rl.snapshot()).toMatchObject({ total: 200, remaining: 149 });
  });

  it('uses the reserve share it is given (the ticket system keeps half the account for others)', () => {
    const rl = new RateLimiter({ reserveShare: 0.5 });
    rl.release(T0, { total: 100, remaining: 51 });
    expect(rl.delayBeforeRequest(T0)).toBe(0);
    rl.release(T0, { total: 100, remaining: 50 });
    expect(rl.delayBeforeRequest(T0)).toBe(60_000);
  });

  it('blocks every caller until Retry-After has passed, never shortening a longer block', () => {
    const rl = new RateLimiter();
    rl.block(T0, 3000);
    rl.block(T0 + 1000, 1000);
    expect(rl.delayBeforeRequest(T0 + 500)).toBe(2500);
    expect(rl.delayBeforeRequest(T0 + 3000)).toBe(0);
  });

  it('never counts fewer than zero credits in flight', () => {
    const rl = new RateLimiter();
    rl.release(T0, undefined, 5);
    rl.release(T0, { total: 100, remaining: 6 });
    expect(rl.delayBeforeRequest(T0)).toBe(0);
  });
});

describe('parseRateLimitHeaders', () => {
  it('reads numbers and drops what is missing or not a number', () => {
    const headers: Record<string, string> = { 'x-ratelimit-total': '400', 'x-ratelimit-remaining': 'n/a' };
    expect(parseRateLimitHeaders((n) => headers[n])).toEqual({ total: 400 });
    expect(parseRateLimitHeaders(() => undefined)).toEqual({});
    expect(parseRateLimitHeaders((n) => (n === 'x-ratelimit-remaining' ? '0' : '50'))).toEqual({
      total: 50,
      remaining: 0,
    });
  });
});
