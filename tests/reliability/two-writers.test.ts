/**
 * Two runners (two gateways, two sets of function processes: two clusters, or a rolling update)
 * on ONE Freshdesk account with 300 tickets, firing their cycles at the same time, each queue
 * delivering every call twice: no ticket ends with a second note, every ticket is triaged, and
 * the writers that lost a race say so. No shared state but the help desk itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ME_AGENT_ID } from '../../tools/freshdesk-sandbox/account';
import { startRunner, type Runner } from '../../tools/runner/index';
import type { Exchange } from '../../tools/runner/router';
import { tally } from './helpers/tally';
import { triageNotes } from './helpers/writers';

const env = { LOOKBACK_MINUTES: String(7 * 24 * 60), MAX_TICKETS_PER_RUN: '100000', CLAIM_TTL_SECONDS: '1' };
let a: Runner;
let b: Runner;
const answers: Exchange[] = [];
const t = tally('two writers on one account (tests/reliability/two-writers.test.ts)');

beforeAll(async () => {
  a = await startRunner({
    port: 0,
    sandbox: { seed: 'empty', plan: 'unlimited' },
    queueConcurrency: 3,
    redeliver: true,
    env,
    onExchange: (e) => e.name === 'update-ticket' && answers.push(e),
  });
  const sb = a.sandbox!;
  b = await startRunner({
    port: 0,
    freshdesk: { baseUrl: sb.baseUrl, apiKey: sb.apiKey },
    queueConcurrency: 3,
    redeliver: true,
    env,
    onExchange: (e) => e.name === 'update-ticket' && answers.push(e),
  });
  sb.generateTickets({ count: 300, seed: 15, spreadHours: 24 });
}, 90_000);
afterAll(async () => {
  await b?.close();
  await a?.close();
});

describe('two writers', () => {
  it('300 tickets, both runners at once, twice-delivered calls: 0 duplicate notes', async () => {
    const sb = a.sandbox!;
    for (let round = 0; round < 4; round += 1) {
      const [x, y] = await Promise.all([a.runCycle(), b.runCycle()]);
      if (x.eligible === 0 && y.eligible === 0) break;
      await new Promise((r) => setTimeout(r, 1100));
    }
    let duplicates = 0;
    let missing = 0;
    for (const tk of sb.store.tickets()) {
      const n = triageNotes(sb, tk.id, ME_AGENT_ID);
      if (n > 1) duplicates += 1;
      if (n === 0 || !tk.tags.includes('ai-triaged-2.0.0')) missing += 1;
      t.check('ticket has exactly one note', n === 1);
    }
    const stoodAside = answers.filter((e) => /another writer/.test(e.responseBody.toString('utf8'))).length;
    const removed = answers.reduce(
      (s, e) => s + (Number(/"duplicatesRemoved":(\d+)/.exec(e.responseBody.toString('utf8'))?.[1]) || 0),
      0,
    );
    console.log(
      `two runners, 300 tickets: ${duplicates} duplicate notes, ${missing} untriaged; ${answers.length} update-ticket answers, ${stoodAside} stood aside after losing the note race, ${removed} duplicate notes removed by a later delivery`,
    );
    expect(duplicates).toBe(0);
    expect(missing).toBe(0);
  }, 300_000);
});
