/**
 * A result update-ticket could not take is healed quickly. The runner's queue worker, like OpenFaaS
 * CE's, POSTs each answer to the callback once and drops it when update-ticket answers 429/5xx;
 * update-ticket then queues the result again itself after UPDATE_RETRY_DELAYS_SECONDS
 * (functions/update-ticket/retry-later.ts). Here the sandbox is down (503 outage) from the moment
 * classify-ticket has answered until the failed callback is seen; the test measures the time from
 * that failure to the ticket carrying its marker and one note. Nothing races a timer: the outage
 * ends on an event, and the outcome is polled with a bound.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunner, type Runner } from '../../tools/runner/index';

const SIGNING = 'heal-signing-secret-41c2';
const RETRY_SECONDS = 2;
let runner: Runner;
const lost: { at: number; error: string }[] = [];
const logs: string[] = [];

beforeAll(async () => {
  runner = await startRunner({
    port: 0,
    sandbox: { seed: 'demo' },
    env: {
      SIGNING_SECRET: SIGNING,
      MAX_TICKETS_PER_RUN: '1',
      LOG_LEVEL: 'info', // the test reads update-ticket's "will retry" and "retry queued" lines
      WRITE_DEADLINE_SECONDS: '2',
      UPDATE_RETRY_DELAYS_SECONDS: String(RETRY_SECONDS),
    },
    onLog: (fn, line) => logs.push(`[${fn}] ${line}`),
    onExchange: (e) => {
      // classify-ticket has answered: Freshdesk goes down before update-ticket gets the result.
      if (e.name === 'classify-ticket' && e.async && lost.length === 0) runner.sandbox!.setFaults({ outage: true });
    },
    onCallbackError: (_id, _url, error) => {
      lost.push({ at: Date.now(), error });
      runner.sandbox!.setFaults({ outage: false });
    },
  });
}, 60_000);
afterAll(() => runner.close());

describe('a failed callback', () => {
  it('is healed by update-ticket queueing the result again: the ticket is triaged within the retry delay, with one note', async () => {
    const cycle = await runner.runCycle();
    expect(cycle.eligible).toBeGreaterThan(0);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.error).toMatch(/callback answered (429|5\d\d)/);
    const id = Number(/"ticketId":(\d+)/.exec(logs.find((l) => l.includes('"msg":"will retry"')) ?? '')?.[1]);
    expect(id).toBeGreaterThan(0);
    const sb = runner.sandbox!;
    const notes = () => sb.store.notes(id).filter((n) => n.body.includes(`ai-triage-id: ${id}/`)).length;
    const until = Date.now() + 30_000;
    while (notes() === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    const healedMs = Date.now() - lost[0]!.at;
    await runner.drain();
    console.log(
      `failed callback (${lost[0]!.error}) healed: ticket ${id} triaged ${(healedMs / 1000).toFixed(1)} s after the failure (UPDATE_RETRY_DELAYS_SECONDS=${RETRY_SECONDS}; production default 30,120)`,
    );
    expect(notes()).toBe(1);
    expect(sb.store.ticket(id)!.tags).toContain('ai-triaged');
    expect(healedMs).toBeLessThan(RETRY_SECONDS * 1000 + 20_000);
    expect(logs.join('\n')).toMatch(/"msg":"retry queued".*"attempt":2,"status":202/);
  }, 60_000);
});
