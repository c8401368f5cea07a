import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../tools/freshdesk-sandbox/index';
import { parseQuery, QueryError } from '../../tools/freshdesk-sandbox/search-query';
import { call, fakeClock, start } from './helpers';

const clock = fakeClock('2026-03-02T10:00:00Z');
let sb: Sandbox;
const G1 = 103000085301;

beforeAll(async () => {
  sb = await start({ seed: 'empty', now: clock.now, plan: 'unlimited' });
  sb.addTickets([
    {
      subject: 'a',
      priority: 4,
      status: 2,
      group_id: G1,
      type: 'Incident',
      tags: ['billing'],
      created_at: '2026-02-27T09:00:00Z',
      custom_fields: { cf_category: 'Billing issue', cf_order_number: 10 },
    },
    {
      subject: 'b',
      priority: 3,
      status: 2,
      type: 'Question',
      tags: [],
      created_at: '2026-02-28T09:00:00Z',
      custom_fields: { cf_is_vip: true },
    },
    {
      subject: 'c',
      priority: 1,
      status: 3,
      group_id: G1,
      tags: ['Billing', 'vip'],
      created_at: '2026-03-01T09:00:00Z',
    },
    { subject: 'd', priority: 2, status: 4, created_at: '2026-03-01T12:00:00Z' },
    { subject: 'spam', priority: 4, status: 2, spam: true, created_at: '2026-03-01T12:00:00Z' },
  ]);
});
afterAll(() => sb.close());

async function search(expr: string, encode: (s: string) => string = encodeURIComponent, extra = '') {
  return call(sb, 'GET', `/search/tickets?query=${encode(`"${expr}"`)}${extra}`);
}
const subjects = (res: { body: { results: Array<{ subject: string }> } }) =>
  res.body.results.map((t) => t.subject).sort();

describe('GET /search/tickets (docs/freshdesk.md#search)', () => {
  it.each([
    ['priority:3', ['b']],
    ['status:3 OR status:4', ['c', 'd']],
    [`priority:>3 AND group_id:${G1} AND status:2`, ['a']],
    ['(priority:4 OR priority:1) AND status:2', ['a']],
    ['priority:4 OR priority:1 AND status:2', ['a']],
    ['priority:<2', ['c', 'd']], // :< means ≤
    ['tag:null', ['b', 'd']],
    ["tag:'billing'", ['a', 'c']],
    ['group_id:null', ['b', 'd']],
    ["type:'Question'", ['b']],
    ["created_at:>'2026-03-01'", ['c', 'd']],
    ["created_at:<'2026-02-28'", ['a', 'b']],
    ["created_at:'2026-03-01'", ['c', 'd']],
    ["cf_category:'Billing issue'", ['a']],
    ['cf_is_vip:true', ['b']],
    ['cf_order_number:>5', ['a']],
  ])('%s', async (expr, expected) => {
    const res = await search(expr);
    expect(res.status).toBe(200);
    expect(subjects(res)).toEqual(expected);
    expect(res.body.total).toBe(expected.length);
  });

  it('decodes the encodings real clients send identically', async () => {
    const expr = "priority:>3 AND tag:'billing'";
    const plus = `/search/tickets?${new URLSearchParams({ query: `"${expr}"` }).toString()}`;
    const viaEncodeUri = `/search/tickets?query="${encodeURI(expr)}"`;
    for (const path of [plus, viaEncodeUri, plus.replace('/search/tickets?', '/search/tickets/?')]) {
      const res = await call(sb, 'GET', path);
      expect(res.status).toBe(200);
      expect(subjects(res)).toEqual(['a']);
    }
  });

  it('sorts newest first and never returns spam', async () => {
    const res = await search('priority:>3 OR priority:3 OR status:4');
    expect(res.body.results.map((t: { subject: string }) => t.subject)).toEqual(['d', 'b', 'a']);
  });

  it.each([
    ['unquoted', 'priority:3', (s: string) => encodeURIComponent(s.slice(1, -1))],
    ['single-quoted', 'priority:3', (s: string) => encodeURIComponent(`'${s.slice(1, -1)}'`)],
    ['unknown field', 'subject:foo', encodeURIComponent],
    ['string without quotes', 'type:Question', encodeURIComponent],
    ['full timestamp', "created_at:>'2026-03-01T00:00:00Z'", encodeURIComponent],
    ['unbalanced parentheses', '(priority:3 OR status:2', encodeURIComponent],
    ['case-sensitive field names', 'Priority:3', encodeURIComponent],
    ['> on a string field', "type:>'Question'", encodeURIComponent],
  ])('rejects %s with 400 invalid_value on query', async (_name, expr, encode) => {
    const res = await search(expr, encode);
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'query', code: 'invalid_value' });
  });

  it('rejects queries over 512 characters, missing query, page 11 and per_page', async () => {
    const long = Array.from({ length: 60 }, () => 'priority:1').join(' OR ');
    expect((await search(long)).status).toBe(400);
    const missing = await call(sb, 'GET', '/search/tickets');
    expect(missing.body.errors[0]).toMatchObject({ field: 'query', code: 'missing_field' });
    const page11 = await search('priority:1', encodeURIComponent, '&page=11');
    expect(page11.body.errors[0]).toMatchObject({ field: 'page', code: 'invalid_value' });
    const perPage = await search('priority:1', encodeURIComponent, '&per_page=5');
    expect(perPage.body.errors[0]).toMatchObject({ field: 'per_page', code: 'invalid_field' });
  });

  it('pages by 30 up to page 10 with the full total', async () => {
    sb.generateTickets({ count: 31, seed: 7 });
    const p2 = await search('status:2', encodeURIComponent, '&page=2');
    const total = sb.store.tickets().filter((t) => t.status === 2 && !t.spam).length;
    expect(p2.body.total).toBe(total);
    expect(p2.body.results).toHaveLength(total - 30);
    const past = await search('status:2', encodeURIComponent, '&page=10');
    expect(past.body).toEqual({ results: [], total });
  });
});

describe('parseQuery', () => {
  it('binds AND tighter than OR', () => {
    expect(parseQuery('priority:1 OR priority:2 AND status:2')).toMatchObject({ kind: 'or', right: { kind: 'and' } });
  });
  it('throws QueryError naming the problem', () => {
    expect(() => parseQuery('priority:3 AND')).toThrow(QueryError);
    expect(() => parseQuery('foo:1')).toThrow("'foo' is not a searchable field");
  });
});
