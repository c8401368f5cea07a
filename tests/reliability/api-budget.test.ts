/**
 * The API budget: with MAX_API_SHARE=0.5 the product uses at most half of the plan's per-window
 * credits, across its function processes, judged from X-RateLimit-* alone (no coordination). The
 * sandbox runs 2-second "minutes" with 80 credits; the test prints the credits used per window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ME_AGENT_ID } from '../../tools/freshdesk-sandbox/account';
import { startRunner, type Runner } from '../../tools/runner/index';
import { tally } from './helpers/tally';
import { triageNotes } from './helpers/writers';

const WINDOW_MS = 2000;
const TOTAL = 80;
const SHARE = 0.5;
let runner: Runner;
const t = tally('API budget (tests/reliability/api-budget.test.ts)');

beforeAll(async () => {
  runner = await startRunner({
    port: 0,
    sandbox: { seed: 'empty', windowMs: WINDOW_MS, rateLimit: { overallPerWindow: TOTAL, subLimits: {} } },
    queueConcurrency: 3,
    env: {
      LOOKBACK_MINUTES: String(7 * 24 * 60),
      FRESHDESK_RATE_WINDOW_MS: String(WINDOW_MS),
      MAX_API_SHARE: String(SHARE),
      APPLY_THRESHOLD: '0.3',
    },
  });
}, 60_000);
afterAll(() => runner.close());

describe('MAX_API_SHARE', () => {
  it('keeps every window at or below the share of the plan limit', async () => {
    const sb = runner.sandbox!;
    const tickets = sb.generateTickets({ count: 40, seed: 33, spreadHours: 12 });
    const from = sb.requestLog().at(-1)?.seq ?? 0;
    const summary = await runner.runCycle();
    const perWindow = new Map<number, number>();
    for (const e of sb.requestLog().filter((x) => x.seq > from && x.arrivedAtMs !== undefined)) {
      const w = Math.floor(e.arrivedAtMs! / WINDOW_MS); // credits are charged on arrival
      perWindow.set(w, (perWindow.get(w) ?? 0) + e.credits);
    }
    const used = [...perWindow.values()];
    console.log(
      `credits per ${WINDOW_MS} ms window (limit ${TOTAL}, share ${SHARE} = ${TOTAL * SHARE}): ${used.join(', ')}; max share used ${(Math.max(...used) / TOTAL).toFixed(2)}; 429s: ${sb.requestLog().filter((x) => x.seq > from && x.status === 429).length}`,
    );
    for (const u of used) t.check('window credits <= MAX_API_SHARE x Total', u <= TOTAL * SHARE);
    expect(Math.max(...used)).toBeLessThanOrEqual(TOTAL * SHARE);
    expect(summary.errors).toEqual([]);
    for (const tk of tickets) expect(triageNotes(sb, tk.id, ME_AGENT_ID)).toBe(1);
  }, 180_000);
});
