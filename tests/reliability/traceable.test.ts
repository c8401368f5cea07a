/**
 * Failures are traceable and heal: every failing update-ticket answer names the ticket, its
 * status and the reason; a ticket whose PUT keeps failing is handed on again at the next cycle
 * (not held as in-flight) and dead-lettered after MAX_ATTEMPTS, listed in fetch-tickets' answer,
 * with one note all along; a burst of 429s is waited out inside update-ticket's deadline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ME_AGENT_ID } from '../../tools/freshdesk-sandbox/account';
import { startRunner, type Runner } from '../../tools/runner/index';
import type { Exchange } from '../../tools/runner/router';
import { json } from './helpers/json';
import { tally } from './helpers/tally';
import { triageNotes } from './helpers/writers';

let runner: Runner;
const exchanges: Exchange[] = [];
const t = tally('traceable failures (tests/reliability/traceable.test.ts)');

beforeAll(async () => {
  runner = await startRunner({
    port: 0,
    sandbox: { seed: 'empty', plan: 'unlimited' },
    env: { LOOKBACK_MINUTES: String(7 * 24 * 60), CLAIM_TTL_SECONDS: '1', MAX_ATTEMPTS: '3', APPLY_THRESHOLD: '0.3' },
    onExchange: (e) => exchanges.push(e),
  });
}, 60_000);
afterAll(() => runner.close());

const sb = () => runner.sandbox!;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('failures', () => {
  it('name the ticket, heal at the next cycle, and dead-letter after MAX_ATTEMPTS with one note', async () => {
    const tickets = sb().addTickets(
      Array.from({ length: 4 }, (_, i) => ({
        subject: `VPN disconnects ${i}`,
        description: 'The VPN drops every hour.',
        requester: { name: 'C', email: 'c@example.com' },
      })),
    );
    sb().setAccountFlags({ requiredFields: ['cf_category'] }); // every PUT fails with missing_field
    const fetches: any[] = [];
    for (let cycle = 1; cycle <= 4; cycle += 1) {
      exchanges.length = 0;
      await runner.runCycle();
      fetches.push(json(exchanges.find((e) => e.name === 'fetch-tickets')!.responseBody));
      const failures = exchanges.filter((e) => e.name === 'update-ticket' && e.status >= 400);
      for (const f of failures) {
        const body = json(f.responseBody);
        const named = typeof body?.ticketId === 'number' && typeof body?.error === 'string' && body.error.length > 5;
        t.check('failing update-ticket answer names ticket, status and reason', named);
        expect(named, f.responseBody.toString('utf8').slice(0, 300)).toBe(true);
      }
      if (cycle <= 3) expect(failures.length, `cycle ${cycle}`).toBe(tickets.length);
      for (const tk of tickets)
        expect(t.check('one note while the PUT keeps failing', triageNotes(sb(), tk.id, ME_AGENT_ID) === 1)).toBe(true);
      await pause(1100); // the claim (1 s here, 240 s by default: below the 5-minute cron) expires
    }
    // Handed on in cycles 1-3 (released, not held as in-flight), dead-lettered in cycle 4.
    expect(fetches.slice(0, 3).map((f) => f.dispatched)).toEqual([4, 4, 4]);
    expect(fetches[3].dispatched).toBe(0);
    expect(fetches[3].skipped['dead-letter']).toBe(4);
    expect(fetches[3].deadLetter.map((d: any) => d.ticketId).sort()).toEqual(tickets.map((x) => x.id).sort());
    t.check('dead-lettered after MAX_ATTEMPTS and listed', fetches[3].deadLetter.length === 4);
    // Fixing the cause and touching the ticket releases it.
    sb().setAccountFlags({});
    for (const tk of tickets) sb().actAsAgent(tk.id, { custom_fields: { cf_category: 'Other' } });
    await runner.runCycle();
    for (const tk of tickets) {
      expect(sb().store.ticket(tk.id)!.tags).toContain('ai-triaged-2.0.0');
      expect(
        t.check('released after a change, triaged, still one note', triageNotes(sb(), tk.id, ME_AGENT_ID) === 1),
      ).toBe(true);
    }
  }, 120_000);

  it("a burst of 429s is waited out inside update-ticket's deadline", async () => {
    const [tk] = sb().addTickets([
      {
        subject: 'Printer jammed again',
        description: 'Paper jam on floor 2.',
        requester: { name: 'D', email: 'd@example.com' },
      },
    ]);
    await pause(1100);
    exchanges.length = 0;
    sb().setFaults({ rateLimitBurst: { count: 6, retryAfterSec: 1, afterCalls: 3 } });
    await runner.runCycle();
    sb().setFaults({});
    const updates = exchanges.filter((e) => e.name === 'update-ticket');
    const ok = updates.length > 0 && updates.every((e) => e.status === 200);
    expect(
      t.check('429 burst waited out, no error', ok),
      updates.map((u) => `${u.status} ${u.responseBody.toString('utf8').slice(0, 200)}`).join('\n'),
    ).toBe(true);
    expect(sb().store.ticket(tk!.id)!.tags).toContain('ai-triaged-2.0.0');
  }, 60_000);
});
