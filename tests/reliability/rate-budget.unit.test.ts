import { describe, expect, it } from 'vitest';
import { theoreticalPerWindow } from '../../bench/rate-budget';
import { PLAN_LIMITS } from '../../tools/freshdesk-sandbox/rate-limiter';

describe('theoretical tickets per window', () => {
  it('is bound by the ticket-update sub-limit on every paid plan', () => {
    expect(theoreticalPerWindow(PLAN_LIMITS.growth)).toBe(80);
    expect(theoreticalPerWindow(PLAN_LIMITS.pro)).toBe(160);
    expect(theoreticalPerWindow(PLAN_LIMITS.enterprise)).toBe(280);
  });
  it('is bound by the account budget where no sub-limit applies (trial: 50 credits, 2.03 per ticket)', () => {
    expect(theoreticalPerWindow(PLAN_LIMITS.trial)).toBe(24);
  });
});
