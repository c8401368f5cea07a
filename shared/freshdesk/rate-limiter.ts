/**
 * Client-side pacing from Freshdesk's rate-limit headers (freshdesk-api.md §11). The budget is
 * per account and shared by every caller of that account, so one `RateLimiter` should serve all
 * clients of one account in a process: pass the same instance, or use `sharedRateLimiter(key)`.
 *
 * Model: a fixed window of `windowMs` (Freshdesk: one minute). We learn `Total` and `Remaining`
 * from each answer; a rise of `Remaining` means a new window began. When the credits left fall to
 * the reserve, callers wait until the estimated end of the window instead of running into 429s.
 * A 429 blocks every caller until its `Retry-After` has passed.
 */
export interface RateLimitSnapshot {
  total: number | undefined;
  remaining: number | undefined;
  blockedUntilMs: number;
  windowStartMs: number | undefined;
}

export interface RateLimiterOptions {
  /** Length of the provider's window. @default 60000 ms */
  windowMs?: number;
  /** Credits kept back for other apps sharing the account, as a share of Total. @default 0.05 */
  reserveShare?: number;
}

export class RateLimiter {
  readonly windowMs: number;
  private readonly reserveShare: number;
  private total: number | undefined;
  private remaining: number | undefined;
  /** Credits spent by requests in flight since the last answer (not yet in `remaining`). */
  private inFlight = 0;
  private windowStartMs: number | undefined;
  private blockedUntilMs = 0;

  constructor(options: RateLimiterOptions = {}) {
    this.windowMs = options.windowMs ?? 60_000;
    this.reserveShare = options.reserveShare ?? 0.05;
  }

  /** How long the next call (costing `cost` credits) must wait before it is sent, in ms (0 = go). */
  delayBeforeRequest(nowMs: number, cost = 1): number {
    if (nowMs < this.blockedUntilMs) return this.blockedUntilMs - nowMs;
    if (this.total === undefined || this.remaining === undefined) return 0;
    const reserve = Math.max(1, Math.floor(this.total * this.reserveShare));
    // After this call (and those in flight) at least `reserve` credits must be left.
    if (this.remaining - this.inFlight - cost >= reserve) return 0;
    const windowEnd = (this.windowStartMs ?? nowMs) + this.windowMs;
    if (windowEnd <= nowMs) return 0; // the window has rolled over: the next answer tells us more
    return windowEnd - nowMs;
  }

  /** Call when a request is sent, with its credit cost. */
  acquire(cost = 1): void {
    this.inFlight += cost;
  }

  /** Call with the headers of every answer (errors included) or with nothing on a transport failure. */
  release(nowMs: number, headers?: { total?: number; remaining?: number }, cost = 1): void {
    this.inFlight = Math.max(0, this.inFlight - cost);
    if (!headers || headers.remaining === undefined) return;
    // The first answer we see, or Freshdesk refilled the bucket: a window began about now.
    const refilled = this.remaining === undefined || headers.remaining > this.remaining;
    if (refilled) this.windowStartMs = nowMs;
    this.remaining = headers.remaining;
    if (headers.total !== undefined) this.total = headers.total;
  }

  /** A 429: nobody sends before `retryAfterMs` has passed. */
  block(nowMs: number, retryAfterMs: number): void {
    this.blockedUntilMs = Math.max(this.blockedUntilMs, nowMs + retryAfterMs);
  }

  snapshot(): RateLimitSnapshot {
    return {
      total: this.total,
      remaining: this.remaining,
      blockedUntilMs: this.blockedUntilMs,
      windowStartMs: this.windowStartMs,
    };
  }
}

const registry = new Map<string, RateLimiter>();

/**
 * The process-wide limiter for one account key (e.g. the base URL origin). Deliberately the only
 * module-level state of the client: the account budget is process-wide by nature.
 * @internal exported for tests and benches, not used by the product
 */
export function sharedRateLimiter(accountKey: string, options?: RateLimiterOptions): RateLimiter {
  let limiter = registry.get(accountKey);
  if (!limiter) {
    limiter = new RateLimiter(options);
    registry.set(accountKey, limiter);
  }
  return limiter;
}

export function parseRateLimitHeaders(get: (name: string) => string | undefined): {
  total?: number;
  remaining?: number;
} {
  const num = (v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  };
  const total = num(get('x-ratelimit-total'));
  const remaining = num(get('x-ratelimit-remaining'));
  return { ...(total !== undefined ? { total } : {}), ...(remaining !== undefined ? { remaining } : {}) };
}
