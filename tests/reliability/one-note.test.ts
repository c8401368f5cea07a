/**
 * Exactly one triage note per ticket and model version: five concurrent deliveries of one result
 * spread over two update-ticket processes, on tickets with 0, 9 and 12 earlier conversations
 * (the view embeds only 10), a public reply that quotes our note id, and a PUT that keeps failing
 * for four cycles. Counts are printed as tried / held.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ME_AGENT_ID } from '../../tools/freshdesk-sandbox/account';
import { DEFAULT_HUMAN_AGENT_ID } from '../../tools/freshdesk-sandbox/agent-actions';
import { startSandbox, type Sandbox } from '../../tools/freshdesk-sandbox/index';
import { tally } from './helpers/tally';
import { deliver, resultFor, startWriters, triageNotes, type Writers } from './helpers/writers';

let sb: Sandbox;
let writers: Writers;
const t = tally('one note per ticket (tests/reliability/one-note.test.ts)');

beforeAll(async () => {
  sb = await startSandbox({ port: 0, seed: 'empty', plan: 'unlimited' });
  writers = await startWriters(sb, 2);
}, 60_000);
afterAll(async () => {
  await writers?.close();
  await sb?.close();
});

function ticketWithConversations(n: number): number {
  const [ticket] = sb.addTickets([
    {
      subject: `VPN drops every hour (${n} earlier conversations)`,
      description: 'The VPN client disconnects.',
      requester: { name: 'Ada', email: 'ada@example.com' },
    },
  ]);
  for (let i = 0; i < n; i += 1)
    sb.agentNote(ticket!.id, `<p>earlier conversation ${i + 1}</p>`, i % 2 === 0, DEFAULT_HUMAN_AGENT_ID);
  return ticket!.id;
}

describe('one triage note per ticket and model version', () => {
  it.each([0, 9, 12])(
    'five concurrent deliveries over two processes leave one note (%i earlier conversations)',
    async (earlier) => {
      for (let round = 0; round < 3; round += 1) {
        const id = ticketWithConversations(earlier);
        const result = resultFor(sb, id);
        const answers = await Promise.all([0, 1, 2, 3, 4].map((i) => deliver(writers.urls[i % 2]!, result)));
        for (const a of answers) expect(a.status, JSON.stringify(a.json)).toBe(200);
        t.check(
          'observed: a second process lost the race and stood aside',
          answers.some((a) => /another writer/.test(a.json.reason)),
        );
        const held = t.check(
          `5 deliveries, ${earlier} earlier conversations: 1 note`,
          triageNotes(sb, id, ME_AGENT_ID) === 1,
        );
        expect(held, `ticket ${id}: ${triageNotes(sb, id, ME_AGENT_ID)} notes`).toBe(true);
        expect(sb.store.ticket(id)!.tags).toContain('ai-triaged-2.0.0');
        // A later delivery (the next cron cycle) still finds the note, past the 10 embedded ones.
        const again = await deliver(writers.urls[round % 2]!, result);
        expect(again.json.outcome).toBe('skipped');
        t.check(
          `redelivery after, ${earlier} earlier conversations: still 1 note`,
          triageNotes(sb, id, ME_AGENT_ID) === 1,
        );
        expect(triageNotes(sb, id, ME_AGENT_ID)).toBe(1);
      }
    },
    60_000,
  );

  it("a public reply or someone else's note quoting our note id does not suppress the note", async () => {
    const id = ticketWithConversations(3);
    sb.agentNote(id, `<p>see ai-triage-id: ${id}/2.0.0</p>`, false, DEFAULT_HUMAN_AGENT_ID);
    sb.agentNote(id, `<p>ai-triage-id: ${id}/2.0.0</p>`, true, DEFAULT_HUMAN_AGENT_ID);
    const a = await deliver(writers.urls[0]!, resultFor(sb, id));
    expect(a.status).toBe(200);
    const held = t.check('quoted note id by others: our note still written', triageNotes(sb, id, ME_AGENT_ID) === 1);
    expect(held).toBe(true);
    expect(sb.store.notes(id).length).toBe(6);
  }, 30_000);

  it('a PUT failing for four cycles leaves one note, and the fifth cycle completes without a second', async () => {
    const id = ticketWithConversations(11);
    const result = resultFor(sb, id);
    sb.setAccountFlags({ requiredFields: ['cf_category'] }); // the PUT fails with missing_field
    try {
      for (let cycle = 1; cycle <= 4; cycle += 1) {
        const answers = await Promise.all([deliver(writers.urls[0]!, result), deliver(writers.urls[1]!, result)]);
        // The PUT fails for whoever writes it; a writer that lost the note race stands aside (200, skipped).
        expect(answers.some((a) => a.status >= 400)).toBe(true);
        for (const a of answers)
          expect(a.status >= 400 || a.json.outcome === 'skipped', JSON.stringify(a.json)).toBe(true);
        const held = t.check('PUT failing: 1 note per cycle', triageNotes(sb, id, ME_AGENT_ID) === 1);
        expect(held, `cycle ${cycle}: ${triageNotes(sb, id, ME_AGENT_ID)} notes`).toBe(true);
      }
    } finally {
      sb.setAccountFlags({});
    }
    const done = await deliver(writers.urls[0]!, result);
    expect(done.status).toBe(200);
    expect(sb.store.ticket(id)!.tags).toContain('ai-triaged-2.0.0');
    expect(t.check('PUT failing then fixed: 1 note', triageNotes(sb, id, ME_AGENT_ID) === 1)).toBe(true);
  }, 60_000);
});
