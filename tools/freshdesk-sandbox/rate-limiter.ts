/**
 * Freshdesk's account-wide rate limit (docs/freshdesk.md#rate-limits): credits per window (a minute in production, shorter
 * in tests), with per-endpoint sub-limits inside the overall budget. Fixed windows (docs/freshdesk.md#where-sources-disagree: the real
 * algorithm is unknown). Credits are deducted before a request is handled, so 400/401/404 cost too.
 */
import { z } from 'zod';

export const Plan = z.enum(['trial', 'growth', 'pro', 'enterprise', 'unlimited']);
export type Plan = z.infer<typeof Plan>;

export type SubLimit = 'ticketCreate' | 'ticketUpdate' | 'ticketsList';

export interface RateLimitConfig {
  /** Credits per window for the whole account. */
  overallPerWindow: number;
  subLimits: Partial<Record<SubLimit, number>>;
}

/** Calls per minute per plan, as the support article is commonly cited (docs/freshdesk.md#rate-limits). */
export const PLAN_LIMITS: Record<Plan, RateLimitConfig> = {
  trial: { overallPerWindow: 50, subLimits: {} },
  growth: { overallPerWindow: 200, subLimits: { ticketCreate: 80, ticketUpdate: 80, ticketsList: 20 } },
  pro: { overallPerWindow: 400, subLimits: { ticketCreate: 160, ticketUpdate: 160, ticketsList: 100 } },
  enterprise: { overallPerWindow: 700, subLimits: { ticketCreate: 280, ticketUpdate: 280, ticketsList: 200 } },
  // Not a Freshdesk plan: for benchmarks that measure the pipeline, not the pacing.
  unlimited: { overallPerWindow: 1_000_000_000, subLimits: {} },
};

export interface RateDecision {
  allowed: boolean;
  total: number;
  remaining: number;
  usedCurrentRequest: number;
  /** Whole seconds until the window frees capacity, at least 1; only when not allowed. */
  retryAfterSec?: number;
  /** Which budget ran out. */
  exhausted?: 'overall' | SubLimit;
}

/**
 * The sandbox's server-side budget (what answers 429). Named apart from the client's pacing
 * `RateLimiter` in shared/freshdesk, which estimates this budget from the headers it sends.
 */
export class SandboxRateLimit {
  private windowStart = Number.NaN;
  private used = 0;
  private subUsed = new Map<SubLimit, number>();

  constructor(
    public config: RateLimitConfig,
    /** Window length in ms; 60,000 like Freshdesk, shorter in tests and benchmarks. */
    public windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Fixed windows aligned to multiples of `windowMs` on the sandbox clock. */
  private roll(): void {
    const start = Math.floor(this.now() / this.windowMs) * this.windowMs;
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.used = 0;
      this.subUsed.clear();
    }
  }

  /** Charges `cost` credits (and one unit of `sub`); refuses when a budget is exhausted. */
  charge(cost: number, sub?: SubLimit): RateDecision {
    this.roll();
    const total = this.config.overallPerWindow;
    const subMax = sub ? this.config.subLimits[sub] : undefined;
    const subUsed = sub ? (this.subUsed.get(sub) ?? 0) : 0;
    let exhausted: RateDecision['exhausted'];
    if (this.used + cost > total) exhausted = 'overall';
    else if (sub && subMax !== undefined && subUsed + 1 > subMax) exhausted = sub;
    if (exhausted) {
      // A refused attempt still counts (docs/freshdesk.md#rate-limits) but cannot push the bucket below zero.
      this.used = Math.min(total, this.used + 1);
      return {
        allowed: false,
        total,
        remaining: Math.max(0, total - this.used),
        usedCurrentRequest: 1,
        retryAfterSec: this.retryAfterSec(),
        exhausted,
      };
    }
    this.used += cost;
    if (sub) this.subUsed.set(sub, subUsed + 1);
    return { allowed: true, total, remaining: total - this.used, usedCurrentRequest: cost };
  }

  /** Seconds until the current window ends, rounded up, at least 1 (docs/freshdesk.md#what-the-sandbox-imitates). */
  retryAfterSec(): number {
    const left = this.windowStart + this.windowMs - this.now();
    return Math.max(1, Math.ceil(left / 1000));
  }

  snapshot(): { total: number; used: number; remaining: number; windowMs: number; subUsed: Record<string, number> } {
    this.roll();
    return {
      total: this.config.overallPerWindow,
      used: this.used,
      remaining: Math.max(0, this.config.overallPerWindow - this.used),
      windowMs: this.windowMs,
      subUsed: Object.fromEntries(this.subUsed),
    };
  }

  reset(): void {
    this.windowStart = Number.NaN;
    this.used = 0;
    this.subUsed.clear();
  }
}
