/** Waiting for the shared budget, on a fake clock: no timers, no network. */
import { describe, expect, it } from 'vitest';
import { PacingStalledError, RateLimitError } from '../../shared/freshdesk/errors';
import { MAX_PACING_ROUNDS, waitForBudget } from '../../shared/freshdesk/pacing';
import { RateLimiter } from '../../shared/freshdesk/rate-limiter';

const facts = { method: 'GET', path: '/tickets/1' };

function fakeClock(start = Date.parse('2026-11-24T10:00:00Z'), advances = true) {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      if (advances) now += ms;
    },
  };
}

describe('waitForBudget', () => {
  it('returns at once while credits are above the reserve', async () => {
    const clock = fakeClock();
    const rl = new RateLimiter();
    rl.release(clock.now(), { total: 100, remaining: 50 });
    await waitForBudget(rl, clock, facts, 1, Number.POSITIVE_INFINITY);
    expect(clock.sleeps).toEqual([]);
  });

  it('sleeps until the window ends, then goes', async () => {
    const clock = fakeClock();
    const rl = new RateLimiter();
    rl.release(clock.now(), { total: 100, remaining: 5 });
    await waitForBudget(rl, clock, facts, 1, Number.POSITIVE_INFINITY);
    expect(clock.sleeps).toEqual([60_000]);
  });

  it('waits out a 429 block and asks again', async () => {
    const clock = fakeClock();
    const rl = new RateLimiter();
    rl.block(clock.now(), 3000);
    await waitForBudget(rl, clock, facts, 1, Number.POSITIVE_INFINITY);
    expect(clock.sleeps).toEqual([3000]);
  });

  it('throws RateLimitError without waiting when the next slot is past the deadline', async () => {
    const clock = fakeClock();
    const rl = new RateLimiter();
    rl.block(clock.now(), 30_000);
    const err = await waitForBudget(rl, clock, facts, 1, clock.now() + 5000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err).not.toBeInstanceOf(PacingStalledError);
    expect((err as RateLimitError).retryAfterMs).toBe(30_000);
    expect((err as Error).message).toBe(
      'GET /tickets/1: rate-limit budget exhausted, next slot in 30 s is past the deadline',
    );
    expect(clock.sleeps).toEqual([]);
  });

  it(`gives up with PacingStalledError after ${MAX_PACING_ROUNDS} waits when the clock does not move`, async () => {
    const clock = fakeClock(undefined, false);
    const rl = new RateLimiter();
    rl.release(clock.now(), { total: 100, remaining: 2 });
    const err = (await waitForBudget(rl, clock, facts, 1, Number.POSITIVE_INFINITY).catch(
      (e: unknown) => e,
    )) as PacingStalledError;
    expect(err).toBeInstanceOf(PacingStalledError);
    expect(err).toBeInstanceOf(RateLimitError); // callers stop the run as for any exhausted budget
    expect(clock.sleeps).toHaveLength(MAX_PACING_ROUNDS);
    expect(err).toMatchObject({
      rounds: MAX_PACING_ROUNDS,
      lastWaitMs: 60_000,
      budget: { total: 100, remaining: 2, blockedUntilMs: 0 },
      method: 'GET',
      path: '/tickets/1',
    });
    expect(err.message).toContain(`gave up after ${MAX_PACING_ROUNDS} waits`);
    expect(err.message).toContain('credits left: 2 of 100');
  });
});
