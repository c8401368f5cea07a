/**
 * Issue 22, failure 7: an agent's Low is kept. Agents lower High to Low without touching group or
 * type, or leave Low and confirm it in a note, before update-ticket gets a confident "high" for the
 * ticket; update-ticket (a real process, PRIORITY_POLICY at its default raise-only) must keep Low
 * on every one of them. Untouched tickets with the default Low are the control: they are still
 * raised, so the test fails both ways. Tickets are created minutes before the agents act, as in a
 * help desk (Freshdesk's timestamps are whole seconds: a change in the second of creation cannot be
 * told from the creation, see docs/data-safety.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../tools/freshdesk-sandbox/index';
import { tally } from './helpers/tally';
import { deliver, resultFor, startWriters, type Writers } from './helpers/writers';

let sb: Sandbox;
let writers: Writers;
const t = tally("agents' Low (tests/reliability/agents-low.test.ts)");

beforeAll(async () => {
  sb = await startSandbox({ port: 0, seed: 'empty', plan: 'unlimited' });
  writers = await startWriters(sb, 1);
}, 60_000);
afterAll(async () => {
  await writers?.close();
  await sb?.close();
});

const create = (n: number, priority: number) =>
  sb
    .addTickets(
      Array.from({ length: n }, (_, i) => ({
        subject: `Cannot print ${i}`,
        description: 'the printer shows an error',
        priority,
        requester: { name: 'R', email: 'r@example.com' },
        createdMinutesAgo: 10,
        updatedMinutesAgo: 10,
      })),
    )
    .map((x) => x.id);

describe('priority policy against agents', () => {
  it("keeps an agent's Low (lowered from High, or confirmed in a note) and still raises an untouched default", async () => {
    const lowered = create(8, 3);
    for (const id of lowered) sb.actAsAgent(id, { priority: 1 });
    const confirmed = create(8, 1);
    for (const id of confirmed) sb.agentNote(id, 'Checked with the customer: Low is right, no outage.', true);
    const untouched = create(4, 1);
    // What fetch-tickets would hand on now (after the agents' work), classified "high" at 0.9.
    const all = [...lowered, ...confirmed, ...untouched];
    const answers = await Promise.all(all.map((id) => deliver(writers.urls[0]!, resultFor(sb, id))));
    expect(answers.map((a) => a.status)).toEqual(all.map(() => 200));
    for (const id of lowered)
      t.check('Low kept after an agent lowered High -> Low', sb.store.ticket(id)!.priority === 1);
    for (const id of confirmed)
      t.check('Low kept after an agent confirmed it in a note', sb.store.ticket(id)!.priority === 1);
    for (const id of untouched) t.check('untouched default Low raised (control)', sb.store.ticket(id)!.priority === 3);
    const rows = Object.fromEntries(t.rows().map((r) => [r.what, r]));
    expect(rows['Low kept after an agent lowered High -> Low']).toMatchObject({ tried: 8, held: 8 });
    expect(rows['Low kept after an agent confirmed it in a note']).toMatchObject({ tried: 8, held: 8 });
    expect(rows['untouched default Low raised (control)']).toMatchObject({ tried: 4, held: 4 });
    // Every ticket still got its marker and note: keeping Low is a decision, not a failure.
    for (const id of all) expect(sb.store.ticket(id)!.tags).toContain('ai-triaged-2.0.0');
  }, 60_000);
});
