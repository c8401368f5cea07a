/**
 * Waiting for the account's shared budget before a request is sent: ask the `RateLimiter` how
 * long until the next slot, sleep that long, ask again (another caller may have taken the slot).
 */
import { PacingStalledError, RateLimitError, type RequestFacts } from './errors';
import type { RateLimiter } from './rate-limiter';

/**
 * Waits before pacing gives up with `PacingStalledError`. With a real clock one wait normally ends
 * the window or the 429 block, and 100 waits are over an hour and a half of one-minute windows
 * lost to other callers. The bound is there for a clock that does not move while waiting (an
 * injected `sleep` that does not advance `now`), which would otherwise loop for ever.
 * @internal exported for tests and benches, not used by the product
 */
export const MAX_PACING_ROUNDS = 100;

export interface PacingClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Resolves when a call costing `cost` credits may be sent; throws when that would pass `deadlineMs`. */
export async function waitForBudget(
  limiter: RateLimiter,
  clock: PacingClock,
  facts: RequestFacts,
  cost: number,
  deadlineMs: number,
  signal?: AbortSignal,
): Promise<void> {
  for (let round = 0; ; round += 1) {
    const nowMs = clock.now();
    const waitMs = limiter.delayBeforeRequest(nowMs, cost);
    if (waitMs <= 0) return;
    if (nowMs + waitMs > deadlineMs) {
      throw new RateLimitError(
        facts,
        `rate-limit budget exhausted, next slot in ${Math.ceil(waitMs / 1000)} s is past the deadline`,
        undefined,
        waitMs,
      );
    }
    if (round >= MAX_PACING_ROUNDS) {
      const { total, remaining, blockedUntilMs } = limiter.snapshot();
      throw new PacingStalledError(facts, round, waitMs, { total, remaining, blockedUntilMs });
    }
    await clock.sleep(waitMs, signal);
  }
}
