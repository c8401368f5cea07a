/** The sandbox's server-side budget on an injected clock: fixed windows, Retry-After, sub-limits. */
import { describe, expect, it } from 'vitest';
import { PLAN_LIMITS, SandboxRateLimit } from '../../tools/freshdesk-sandbox/rate-limiter';

function clockAt(iso: string) {
  let t = Date.parse(iso);
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('SandboxRateLimit', () => {
  it('charges credits per fixed window and reports Retry-After rounded up', () => {
    const clock = clockAt('2026-03-02T10:00:00Z');
    const rl = new SandboxRateLimit({ overallPerWindow: 3, subLimits: {} }, 60_000, clock.now);
    expect(rl.charge(2)).toMatchObject({ allowed: true, remaining: 1, usedCurrentRequest: 2 });
    expect(rl.charge(2)).toMatchObject({ allowed: false, remaining: 0, retryAfterSec: 60, exhausted: 'overall' });
    clock.advance(59_500);
    expect(rl.charge(1)).toMatchObject({ allowed: false, retryAfterSec: 1 });
    clock.advance(500);
    expect(rl.charge(1)).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('enforces sub-limits inside the overall budget', () => {
    const clock = clockAt('2026-03-02T10:00:00Z');
    const rl = new SandboxRateLimit(PLAN_LIMITS.growth, 60_000, clock.now);
    const limit = PLAN_LIMITS.growth.subLimits.ticketsList ?? 0;
    for (let i = 0; i < limit; i++) expect(rl.charge(1, 'ticketsList').allowed).toBe(true);
    expect(rl.charge(1, 'ticketsList')).toMatchObject({ allowed: false, exhausted: 'ticketsList' });
    expect(rl.charge(1, 'ticketUpdate').allowed).toBe(true);
  });

  it('counts a refused call without going below zero, and reset() starts a fresh window', () => {
    const clock = clockAt('2026-03-02T10:00:30Z');
    const rl = new SandboxRateLimit({ overallPerWindow: 2, subLimits: {} }, 60_000, clock.now);
    expect(rl.charge(2).allowed).toBe(true);
    expect(rl.charge(1)).toMatchObject({ allowed: false, remaining: 0, retryAfterSec: 30 });
    expect(rl.snapshot()).toMatchObject({ used: 2, remaining: 0 });
    rl.reset();
    expect(rl.snapshot()).toMatchObject({ used: 0, remaining: 2 });
  });
});
