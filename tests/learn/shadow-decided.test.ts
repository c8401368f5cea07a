/**
 * The shadow evaluation scores only what agents decided: resolved/closed tickets, and on open
 * tickets only fields someone set (never Freshdesk's default Low priority, never empty fields,
 * never tickets the product triaged), says what it skipped and why, and names agent labels the
 * model cannot produce. Against the sandbox, writing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FreshdeskClient } from '@shared/freshdesk';
import { loadClassifier } from '@shared/classifier';
import { createTicketSystem } from '@shared/ticket-system';
import { startSandbox, type Sandbox } from '../../tools/freshdesk-sandbox/index';
import { renderShadow, shadowEvaluate } from '../../tools/shadow/shadow-eval';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ port: 0, seed: 'empty', plan: 'unlimited' });
  const c = new FreshdeskClient({ baseUrl: sb.baseUrl, apiKey: sb.apiKey, keepAliveTimeoutMs: 10 });
  const groups = new Map((await c.listGroups()).map((g) => [g.name, g.id]));
  await c.close();
  const tickets = sb.generateTickets({ count: 40, seed: 5, spreadHours: 24 });
  tickets.forEach((t, i) => {
    const e = (t as unknown as { expected: { queue: string; type: string; priority: number } }).expected;
    // 0-14: resolved with every field; 15-24: open, only the group set; 25-29: triaged by the product; 30-39: untouched.
    if (i < 15)
      sb.actAsAgent(t.id, { group_id: groups.get(e.queue)!, type: i < 3 ? 'Refund' : e.type, priority: 1, status: 4 });
    else if (i < 25) sb.actAsAgent(t.id, { group_id: groups.get(e.queue)! });
    else if (i < 30)
      sb.actAsAgent(t.id, {
        group_id: groups.get(e.queue)!,
        type: 'Incident',
        priority: 3,
        tags: ['ai-triaged', 'ai-triaged-0.9.0'],
      });
  });
}, 60_000);
afterAll(() => sb.close());

describe('shadow evaluation', () => {
  it('scores only agent decisions, and says what it skipped and which labels the model cannot produce', async () => {
    const before = sb.requestLog().length;
    const ts = createTicketSystem({ kind: 'freshdesk', freshdesk: { baseUrl: sb.baseUrl, apiKey: sb.apiKey } });
    const r = await shadowEvaluate(ts, await loadClassifier('models/ticket-triage'), {
      since: new Date(Date.now() - 3 * 86_400_000),
      targetPrecision: 0.9,
    });
    await ts.close();
    expect(r.tickets).toBe(25);
    expect(r.skipped).toEqual({
      'triaged by the product (its values are not agent decisions)': 5,
      'no agent decision yet (no group, no type, default priority, not resolved)': 10,
    });
    expect(r.heads.queue!.rows).toBe(25);
    // Low on a resolved ticket is a decision; Low on an open ticket is Freshdesk's default.
    expect(r.heads.priority!.rows).toBe(15);
    expect(r.heads.priority!.skipped).toEqual({ 'default priority on an open ticket': 20 });
    expect(r.heads.type!.rows).toBe(15);
    expect(r.heads.type!.skipped).toEqual({ empty: 20 });
    expect(r.heads.type!.unknownLabels).toMatchObject({ Refund: 3 });
    const text = renderShadow(r);
    expect(text).toContain(
      'skipped 15 tickets: 10 no agent decision yet (no group, no type, default priority, not resolved); 5 triaged by the product (its values are not agent decisions)',
    );
    expect(text).toContain('priority: ');
    expect(text).toContain('  not scored: 20 default priority on an open ticket');
    expect(text).toMatch(
      /type: .*\n.*\n {2}agent labels the model cannot produce \(always counted wrong; retrain to learn them\): .*Refund \(3\)/,
    );
    expect(
      sb
        .requestLog()
        .slice(before)
        .every((e) => e.method === 'GET'),
    ).toBe(true);
  }, 60_000);
});
