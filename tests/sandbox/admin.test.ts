import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../tools/freshdesk-sandbox/index';
import { call, fakeClock, start, TEST_KEY } from './helpers';

const clock = fakeClock('2026-03-02T10:00:00Z');
let sb: Sandbox;
beforeAll(async () => {
  sb = await start({ now: clock.now, plan: 'unlimited' });
});
beforeEach(() => sb.reset('demo'));
afterAll(() => sb.close());

describe('admin API (/_sandbox)', () => {
  it('describes the sandbox without needing a key on loopback', async () => {
    const res = await call(sb, 'GET', '/_sandbox', { key: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ baseUrl: sb.baseUrl, plan: 'unlimited', suspended: false });
    expect(res.text).not.toContain(TEST_KEY);
  });

  it('resets to empty, to demo and to given tickets', async () => {
    expect((await call(sb, 'POST', '/_sandbox/reset', { body: { seed: 'empty' } })).body).toEqual({ tickets: 0 });
    const given = await call(sb, 'POST', '/_sandbox/reset', {
      body: { seed: [{ subject: 'one' }, { subject: 'two', group: 'IT Support' }] },
    });
    expect(given.body).toEqual({ tickets: 2 });
    expect(sb.store.ticket(2)?.group_id).toBe(sb.store.state.groups.find((g) => g.name === 'IT Support')?.id);
    const demo = await call(sb, 'POST', '/_sandbox/reset');
    expect(demo.body.tickets).toBeGreaterThanOrEqual(60);
  });

  it('explains bad admin input', async () => {
    const res = await call(sb, 'POST', '/_sandbox/reset', { body: { seed: 'lots' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_admin_request');
    const badGroup = await call(sb, 'POST', '/_sandbox/tickets', { body: [{ subject: 'x', group: 'Nope' }] });
    expect(badGroup.status).toBe(400);
    expect(badGroup.body.message).toContain('Nope');
    expect((await call(sb, 'GET', '/_sandbox/nothing')).status).toBe(404);
  });

  it('bulk-creates generated tickets deterministically', async () => {
    await call(sb, 'POST', '/_sandbox/reset', { body: { seed: 'empty' } });
    const res = await call(sb, 'POST', '/_sandbox/tickets/bulk', { body: { count: 1200, seed: 3 } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ created: 1200, firstId: 1, lastId: 1200 });
    const first = sb.store.tickets().map((t) => [t.subject, t.description]);
    sb.reset('empty');
    sb.generateTickets({ count: 1200, seed: 3 });
    expect(sb.store.tickets().map((t) => [t.subject, t.description])).toEqual(first);
    expect(new Set(first.map(([s]) => s)).size).toBeGreaterThan(100);
    const listed = await call(sb, 'GET', '/tickets?per_page=100&page=12');
    expect(listed.body).toHaveLength(100);
  });

  it('lists tickets with notes, expected labels and a history that tells api from agent', async () => {
    await call(sb, 'PUT', '/tickets/1', { body: { priority: 2 } });
    clock.advance(2000);
    const agent = await call(sb, 'POST', '/_sandbox/tickets/1/agent', {
      body: { changes: { priority: 4, group_id: sb.store.state.groups[0]?.id }, note: { body: 'Escalated by phone' } },
    });
    expect(agent.status).toBe(200);
    expect(agent.body.ticket.priority).toBe(4);
    expect(agent.body.ticket.updated_at).toBe(sb.store.nowIso());
    const all = await call(sb, 'GET', '/_sandbox/tickets');
    const one = all.body.find((x: { ticket: { id: number } }) => x.ticket.id === 1);
    expect(one.expected).toHaveProperty('queue');
    expect(one.notes.map((n: { body_text: string }) => n.body_text)).toContain('Escalated by phone');
    const sources = one.history.map((h: { source: string }) => h.source);
    expect(sources).toEqual(expect.arrayContaining(['seed', 'api', 'agent']));
    const agentEntry = one.history
      .filter((h: { source: string; changes: object }) => h.source === 'agent' && 'priority' in h.changes)
      .at(-1);
    expect(agentEntry.changes.priority).toEqual({ from: 2, to: 4 });
    expect(agentEntry.actorId).not.toBe(103000200001);
  });

  it('validates agent changes like the API does and answers 404 for unknown tickets', async () => {
    const bad = await call(sb, 'POST', '/_sandbox/tickets/1/agent', { body: { changes: { priority: 9 } } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'priority', code: 'invalid_value' });
    expect(
      (await call(sb, 'POST', '/_sandbox/tickets/9999/agent', { body: { changes: { priority: 2 } } })).status,
    ).toBe(404);
    expect(() => sb.actAsAgent(1, { type: 'Nope' })).toThrow(/type \(invalid_value\)/);
    expect(sb.actAsAgent(1, { type: 'Refund' }).type).toBe('Refund');
  });

  it('keeps a request log without headers, filterable by sequence number', async () => {
    await call(sb, 'DELETE', '/_sandbox/requests');
    await call(sb, 'GET', '/tickets?per_page=1');
    await call(sb, 'PUT', '/tickets/1', { body: { priority: 3 } });
    const log = (await call(sb, 'GET', '/_sandbox/requests')).body;
    expect(
      log.map((e: { method: string; path: string; status: number }) => `${e.method} ${e.path} ${e.status}`),
    ).toEqual(['GET /api/v2/tickets 200', 'PUT /api/v2/tickets/1 200']);
    expect(log[1].body).toEqual({ priority: 3 });
    expect(JSON.stringify(log)).not.toMatch(/authorization|Basic /i);
    const since = (await call(sb, 'GET', `/_sandbox/requests?since=${log[0].seq}`)).body;
    expect(since).toHaveLength(1);
  });

  it('sets, reads and clears faults', async () => {
    const set = await call(sb, 'PUT', '/_sandbox/faults', { body: { errorRate: 1, errorStatuses: [503] } });
    expect(set.body.config.errorRate).toBe(1);
    expect((await call(sb, 'GET', '/tickets/1')).status).toBe(503);
    expect((await call(sb, 'GET', '/_sandbox/faults')).body.injected.error).toBe(1);
    expect((await call(sb, 'PUT', '/_sandbox/faults', { body: { errorRate: 5 } })).status).toBe(400);
    await call(sb, 'DELETE', '/_sandbox/faults');
    expect((await call(sb, 'GET', '/tickets/1')).status).toBe(200);
  });

  it('suspends the account and changes the plan at run time', async () => {
    await call(sb, 'PUT', '/_sandbox/account', { body: { suspended: true } });
    expect((await call(sb, 'GET', '/tickets/1')).status).toBe(403);
    const info = await call(sb, 'PUT', '/_sandbox/account', {
      body: { suspended: false, plan: 'growth', windowMs: 1000 },
    });
    expect(info.body).toMatchObject({ plan: 'growth', windowMs: 1000, suspended: false });
    expect((await call(sb, 'GET', '/tickets/1')).headers.get('x-ratelimit-total')).toBe('200');
    await call(sb, 'PUT', '/_sandbox/account', { body: { plan: 'unlimited' } });
  });
});
