/**
 * The chain under a misbehaving Freshdesk: 10% 5xx, latency spikes, dropped connections and 429
 * bursts on 300 tickets, agents changing tickets while it runs, duplicate async deliveries, and an
 * outage. Afterwards every eligible ticket carries the marker and exactly one triage note, agents'
 * changes stand, every failure names its ticket, no window used more than MAX_API_SHARE of the
 * plan's credits, no process died, and neither the API key nor the signing secret was ever printed.
 * Counts are printed as tried / held.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunner, type Runner } from '../../tools/runner/index';
import type { CycleSummary } from '../../tools/runner/summary';
import type { Exchange } from '../../tools/runner/router';
import { findLeaks } from './helpers/bad-inputs';
import { json } from './helpers/json';
import { tally } from './helpers/tally';

const SIGNING = 'reliability-signing-secret-8d1e';
const output: string[] = [];
const exchanges: Exchange[] = [];
let runner: Runner;
const WINDOW_MS = 1000;
const TOTAL = 300;
const SHARE = 0.5;
const t = tally('fault run, 300 tickets (tests/reliability/faults.test.ts)');

beforeAll(async () => {
  runner = await startRunner({
    port: 0,
    // A plan limit in 1-second "minutes", so the API share can be checked per window.
    sandbox: { seed: 'empty', windowMs: WINDOW_MS, rateLimit: { overallPerWindow: TOTAL, subLimits: {} } },
    redeliver: true, // the queue delivers every async call twice
    queueConcurrency: 3,
    // A ticket whose write failed is handed on again once its claim expires (10 min in production).
    env: {
      SIGNING_SECRET: SIGNING,
      LOOKBACK_MINUTES: String(7 * 24 * 60),
      MAX_TICKETS_PER_RUN: '100000',
      CLAIM_TTL_SECONDS: '1',
      FRESHDESK_RATE_WINDOW_MS: String(WINDOW_MS),
      MAX_API_SHARE: String(SHARE),
    },
    onLog: (fn, line) => output.push(`[${fn}] ${line}`),
    onExchange: (e) => {
      output.push(e.responseBody.toString('utf8'));
      exchanges.push(e);
    },
  });
  runner.sandbox!.generateTickets({ count: 300, seed: 5, spreadHours: 24 });
}, 60_000);
afterAll(() => runner.close());

const sb = () => runner.sandbox!;
const triageNotes = (id: number) =>
  sb()
    .store.notes(id)
    .filter((n) => n.body.includes(`ai-triage-id: ${id}/`)).length;

async function cyclesUntilDone(max: number): Promise<CycleSummary[]> {
  const all: CycleSummary[] = [];
  for (let i = 0; i < max; i += 1) {
    await new Promise((r) => setTimeout(r, 1100)); // let the claims of the previous cycle expire
    const s = await runner.runCycle();
    all.push(s);
    if (s.eligible === 0 && s.errors.length === 0) break;
  }
  return all;
}

describe('reliability', () => {
  it('triages every ticket exactly once through faults, duplicate deliveries and agents at work', async () => {
    sb().setFaults({
      seed: 9,
      errorRate: 0.1,
      latencyMs: 5,
      jitterMs: 40,
      dropRate: 0.03,
      rateLimitBurst: { count: 5, retryAfterSec: 1, afterCalls: 50 },
    });
    const tickets = sb().store.tickets();
    const first = runner.runCycle();
    // Agents work on 15 tickets while the first cycle runs.
    const touched = tickets.slice(100, 115).map((t) => t.id);
    await new Promise((r) => setTimeout(r, 50));
    for (const id of touched) sb().actAsAgent(id, { priority: 4, type: 'Question' });
    await first;
    sb().setFaults({});
    await cyclesUntilDone(8);
    for (const tk of sb().store.tickets()) {
      t.check('ticket triaged (not lost)', tk.tags.includes('ai-triaged-2.0.0'));
      t.check('exactly one note', triageNotes(tk.id) === 1);
      expect(tk.tags, `ticket ${tk.id}`).toContain('ai-triaged-2.0.0');
      expect(triageNotes(tk.id), `ticket ${tk.id}`).toBe(1);
    }
    for (const id of touched) {
      const tk = sb().store.ticket(id)!;
      t.check('agent change not overwritten', tk.priority === 4 && tk.type === 'Question');
      expect(tk).toMatchObject({ priority: 4, type: 'Question' });
    }
    // Every failure names its ticket: update-ticket's error answers, classify-ticket's failed hand-overs, fetch-tickets' errors.
    let failures = 0;
    for (const e of exchanges) {
      const body = json(e.responseBody);
      const req = json(e.requestBody);
      const ids: unknown[] =
        e.name === 'fetch-tickets'
          ? (body?.errors ?? []).map((x: any) => x.ticketId)
          : e.status >= 400
            ? [e.name === 'update-ticket' ? body?.ticketId : req?.ticketId]
            : [];
      for (const id of ids) {
        failures += 1;
        expect(
          t.check('error attributed to a ticket', typeof id === 'number'),
          `${e.name} ${e.status} ${e.responseBody.toString('utf8').slice(0, 200)}`,
        ).toBe(true);
      }
    }
    // The API budget, per window, from the sandbox's log (credits are charged on arrival).
    const perWindow = new Map<number, number>();
    for (const e of sb().requestLog())
      if (e.arrivedAtMs !== undefined)
        perWindow.set(
          Math.floor(e.arrivedAtMs / WINDOW_MS),
          (perWindow.get(Math.floor(e.arrivedAtMs / WINDOW_MS)) ?? 0) + e.credits,
        );
    const maxUsed = Math.max(...perWindow.values());
    for (const used of perWindow.values()) t.check('window within MAX_API_SHARE', used <= TOTAL * SHARE);
    console.log(
      `fault run: ${failures} failures seen, each with a ticket id; busiest window ${maxUsed} of ${TOTAL} credits (share ${(maxUsed / TOTAL).toFixed(2)}, limit ${SHARE})`,
    );
    expect(maxUsed).toBeLessThanOrEqual(TOTAL * SHARE);
    for (const p of runner.processes) expect(p.child.exitCode, p.name).toBeNull();
    expect(output.join('\n')).not.toMatch(/unhandled rejection|uncaught exception/);
  }, 240_000);

  it('catches up after a Freshdesk outage without losing a ticket', async () => {
    const fresh = sb().generateTickets({ count: 40, seed: 6, spreadHours: 1 });
    sb().setFaults({ outage: true });
    const during = await runner.runCycle();
    expect(during.errors.length).toBeGreaterThan(0);
    sb().setFaults({});
    await cyclesUntilDone(5);
    for (const t of fresh) expect(triageNotes(t.id)).toBe(1);
    for (const p of runner.processes) expect(p.child.exitCode, p.name).toBeNull();
  }, 120_000);

  it('never printed the API key or the signing secret', () => {
    expect(output.length).toBeGreaterThan(100);
    expect(findLeaks(output, [sb().apiKey, SIGNING])).toEqual([]);
  });
});
