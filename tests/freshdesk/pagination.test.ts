import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FreshdeskClient, type Ticket } from '@shared/freshdesk';
import { startSandbox, type Sandbox } from '../../tools/freshdesk-sandbox/index';
import { json, startScriptedServer, ticket, type ScriptedServer } from './helpers/scripted-server';

async function collect(it: AsyncIterable<Ticket>): Promise<Ticket[]> {
  const out: Ticket[] = [];
  for await (const t of it) out.push(t);
  return out;
}

describe('findTickets against a scripted server', () => {
  let srv: ScriptedServer;
  beforeAll(async () => {
    srv = await startScriptedServer();
  });
  afterAll(() => srv.close());
  beforeEach(() => {
    srv.requests.length = 0;
  });

  it('follows Link: rel="next" and stops on the page without it', async () => {
    const link = (p: number) => ({ link: `<${srv.baseUrl}/tickets?page=${p}>; rel="next"` });
    srv.script(
      json(200, [ticket(1, '2026-11-20T10:00:00Z'), ticket(2, '2026-11-20T10:00:01Z')], link(2)),
      json(200, [ticket(3, '2026-11-20T10:00:02Z'), ticket(4, '2026-11-20T10:00:03Z')], link(3)),
      json(200, [ticket(5, '2026-11-20T10:00:04Z')]),
    );
    const c = new FreshdeskClient({ baseUrl: srv.baseUrl, apiKey: 'k' });
    const ids = (
      await collect(c.findTickets({ updatedSince: '2026-11-01T00:00:00Z', perPage: 2, include: ['description'] }))
    ).map((t) => t.id);
    expect(ids).toEqual([1, 2, 3, 4, 5]);
    const first = new URL(srv.requests[0]!.url, 'http://x');
    expect(Object.fromEntries(first.searchParams)).toEqual({
      updated_since: '2026-11-01T00:00:00Z',
      order_by: 'updated_at',
      order_type: 'asc',
      include: 'description',
      per_page: '2',
      page: '1',
    });
    expect(srv.requests.map((r) => new URL(r.url, 'http://x').searchParams.get('page'))).toEqual(['1', '2', '3']);
    await c.close();
  });

  it('moves updated_since at the page cap and never emits a boundary ticket twice', async () => {
    const link = { link: '<next>; rel="next"' };
    srv.script(
      json(200, [ticket(1, '2026-11-20T10:00:00Z'), ticket(2, '2026-11-20T10:00:05Z')], link),
      json(200, [ticket(3, '2026-11-20T10:00:05Z'), ticket(4, '2026-11-20T10:00:09Z')], link), // page 2 = the cap
      // the new window starts at 10:00:09 inclusive: ticket 4 comes back
      json(200, [ticket(4, '2026-11-20T10:00:09Z'), ticket(5, '2026-11-20T10:00:10Z')], link),
      json(200, [ticket(6, '2026-11-20T10:00:11Z')]),
    );
    const c = new FreshdeskClient({ baseUrl: srv.baseUrl, apiKey: 'k' });
    const ids = (await collect(c.findTickets({ updatedSince: '2026-11-01T00:00:00Z', perPage: 2, pageCap: 2 }))).map(
      (t) => t.id,
    );
    expect(ids).toEqual([1, 2, 3, 4, 5, 6]);
    const params = srv.requests.map((r) => new URL(r.url, 'http://x').searchParams);
    expect(params.map((p) => p.get('page'))).toEqual(['1', '2', '1', '2']);
    expect(params[2]!.get('updated_since')).toBe('2026-11-20T10:00:09Z');
    await c.close();
  });

  it('refuses to loop when a whole window shares one updated_at', async () => {
    const same = '2026-11-20T10:00:00Z';
    srv.script(json(200, [ticket(1, same), ticket(2, same)], { link: '<n>; rel="next"' }));
    const c = new FreshdeskClient({ baseUrl: srv.baseUrl, apiKey: 'k' });
    await expect(collect(c.findTickets({ updatedSince: same, perPage: 2, pageCap: 1 }))).rejects.toThrow(
      /share updated_at/,
    );
    await c.close();
  });

  it('findFirstTicket reads one ticket of one page', async () => {
    srv.script(json(200, [ticket(8, '2026-11-20T10:00:00Z')]));
    const c = new FreshdeskClient({ baseUrl: srv.baseUrl, apiKey: 'k' });
    expect((await c.findFirstTicket({ updatedSince: '2026-11-01' }))?.id).toBe(8);
    expect(new URL(srv.requests[0]!.url, 'http://x').searchParams.get('per_page')).toBe('1');
    await c.close();
  });
});

describe('findTickets against the sandbox past the real 300-page cap', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ port: 0, seed: 'empty', plan: 'unlimited' });
    sb.generateTickets({ count: 420, seed: 7, spreadHours: 48 });
  });
  afterAll(() => sb.close());

  it('reads all 420 tickets with per_page=1, never asks for page 301, and emits each once', async () => {
    const c = new FreshdeskClient({ baseUrl: sb.baseUrl, apiKey: sb.apiKey, keepAliveTimeoutMs: 10 });
    const since = new Date(Date.now() - 3 * 86_400_000);
    const tickets = await collect(c.findTickets({ updatedSince: since, perPage: 1 }));
    expect(tickets).toHaveLength(420);
    expect(new Set(tickets.map((t) => t.id)).size).toBe(420);
    const pages = sb
      .requestLog()
      .filter((r) => r.path.endsWith('/tickets'))
      .map((r) => Number(new URLSearchParams(r.query).get('page')));
    expect(Math.max(...pages)).toBe(300);
    expect(sb.requestLog().every((r) => r.status === 200)).toBe(true);
    await c.close();
  });
});
