import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../tools/freshdesk-sandbox/index';
import { call, fakeClock, start } from './helpers';

const clock = fakeClock('2026-03-02T10:00:00Z');
let sb: Sandbox;

/** 5 recent tickets (ids 1–5, one per hour), one created 40 days ago, one spam, one deleted. */
function seed(): void {
  sb.reset('empty');
  sb.addTickets([
    ...[5, 4, 3, 2, 1].map((h) => ({ subject: `recent ${h}`, createdMinutesAgo: h * 60, status: h === 1 ? 3 : 2 })),
    { subject: 'old but updated', createdMinutesAgo: 40 * 24 * 60, updatedMinutesAgo: 30 },
    { subject: 'spam', spam: true, createdMinutesAgo: 10 },
    { subject: 'trashed', deleted: true, createdMinutesAgo: 10 },
    { subject: 'mine', createdMinutesAgo: 20, responder_id: 103000200001, watchers: [103000200001] },
    {
      subject: 'someone else',
      createdMinutesAgo: 25,
      responder_id: 103000200002,
      requester: { name: 'Ann', email: 'ann+test@example.com' },
    },
  ]);
}

beforeAll(async () => {
  sb = await start({ seed: 'empty', now: clock.now, plan: 'unlimited' });
});
beforeEach(seed);
afterAll(() => sb.close());

const subjects = (body: Array<{ subject: string }>) => body.map((t) => t.subject);

describe('GET /tickets (docs/freshdesk.md#listing-tickets)', () => {
  it('lists recent tickets newest first, without spam, deleted or tickets older than 30 days', async () => {
    const res = await call(sb, 'GET', '/tickets');
    expect(res.status).toBe(200);
    expect(subjects(res.body)).toEqual([
      'mine',
      'someone else',
      'recent 1',
      'recent 2',
      'recent 3',
      'recent 4',
      'recent 5',
    ]);
    expect(res.body[0]).not.toHaveProperty('description');
    expect(res.headers.get('link')).toBeNull();
  });

  it('lifts the 30-day window with updated_since (inclusive)', async () => {
    const old = sb.store.tickets().find((t) => t.subject === 'old but updated');
    const res = await call(sb, 'GET', `/tickets?updated_since=${old?.updated_at}&order_by=updated_at&order_type=asc`);
    expect(subjects(res.body)).toContain('old but updated');
    const dateOnly = await call(sb, 'GET', '/tickets?updated_since=2026-01-01');
    expect(subjects(dateOnly.body)).toContain('old but updated');
  });

  it('orders by updated_at ascending and by status', async () => {
    const asc = await call(sb, 'GET', '/tickets?order_by=created_at&order_type=asc');
    expect(subjects(asc.body).slice(0, 2)).toEqual(['recent 5', 'recent 4']);
    const byStatus = await call(sb, 'GET', '/tickets?order_by=status&order_type=desc');
    expect(byStatus.body[0].status).toBe(3);
  });

  it('pages with a Link header only when a next page exists, repeating the query', async () => {
    const p1 = await call(sb, 'GET', '/tickets?per_page=3&order_type=asc');
    expect(p1.body).toHaveLength(3);
    const link = p1.headers.get('link');
    expect(link).toMatch(
      /^<http:\/\/127\.0\.0\.1:\d+\/api\/v2\/tickets\?per_page=3&order_type=asc&page=2>; rel="next"$/,
    );
    const next = /<([^>]+)>/.exec(link ?? '')?.[1] ?? '';
    const p2 = await call(sb, 'GET', next);
    expect(p2.body).toHaveLength(3);
    const p3 = await call(sb, 'GET', '/tickets?per_page=3&order_type=asc&page=3');
    expect(p3.body).toHaveLength(1);
    expect(p3.headers.get('link')).toBeNull();
    // An exactly full last page carries no Link either.
    const full = await call(sb, 'GET', '/tickets?per_page=7');
    expect(full.body).toHaveLength(7);
    expect(full.headers.get('link')).toBeNull();
  });

  it('refuses pages beyond 300 with the documented error and serves page 300 without Link', async () => {
    const res = await call(sb, 'GET', '/tickets?page=301');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      description: 'Validation failed',
      errors: [
        {
          field: 'page',
          message: 'You cannot access tickets beyond the 300th page. Please provide a smaller page number.',
          code: 'invalid_value',
        },
      ],
    });
    const last = await call(sb, 'GET', '/tickets?page=300&per_page=1');
    expect(last.status).toBe(200);
    expect(last.headers.get('link')).toBeNull();
  });

  it('rejects per_page above 100, bad filters and unknown parameters, all at once', async () => {
    const res = await call(sb, 'GET', '/tickets?per_page=101&filter=open&status=2&query=x');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'status', message: 'Unexpected/invalid field in request', code: 'invalid_field' },
        { field: 'query', message: 'Unexpected/invalid field in request', code: 'invalid_field' },
        {
          field: 'filter',
          message: "It should be one of these values: 'new_and_my_open,watching,spam,deleted'",
          code: 'invalid_value',
        },
        expect.objectContaining({ field: 'per_page', code: 'invalid_value' }),
      ]),
    );
  });

  it('applies the predefined filters', async () => {
    expect(subjects((await call(sb, 'GET', '/tickets?filter=spam')).body)).toEqual(['spam']);
    expect(subjects((await call(sb, 'GET', '/tickets?filter=deleted')).body)).toEqual(['trashed']);
    expect(subjects((await call(sb, 'GET', '/tickets?filter=watching')).body)).toEqual(['mine']);
    const mine = subjects((await call(sb, 'GET', '/tickets?filter=new_and_my_open')).body);
    expect(mine).toContain('mine');
    expect(mine).not.toContain('someone else');
    expect(mine).not.toContain('recent 1'); // status 3
  });

  it('filters by requester e-mail (URL-encoded +) and uses the last value of a repeated key', async () => {
    const res = await call(sb, 'GET', `/tickets?email=${encodeURIComponent('ann+test@example.com')}`);
    expect(subjects(res.body)).toEqual(['someone else']);
    const twice = await call(sb, 'GET', '/tickets?order_type=asc&order_type=desc');
    expect(twice.body[0].subject).toBe('mine');
  });

  it('embeds description, requester and stats on request, each costing 2 credits', async () => {
    const res = await call(sb, 'GET', '/tickets?include=description,requester&per_page=1');
    expect(res.body[0].description).toBe('<div>mine</div>');
    expect(res.body[0].description_text).toBe('mine');
    expect(res.body[0].requester).toMatchObject({ name: 'Demo Customer', email: 'customer@example.com' });
    expect(res.headers.get('x-ratelimit-used-currentrequest')).toBe('5');
    const bad = await call(sb, 'GET', '/tickets?include=conversations');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'include', code: 'invalid_value' });
  });

  it('sends every ticket key, null when unset, and every custom field', async () => {
    const [t] = (await call(sb, 'GET', '/tickets?per_page=1')).body;
    for (const key of ['group_id', 'type', 'responder_id', 'company_id', 'to_emails', 'nr_due_by', 'sentiment_score']) {
      expect(t).toHaveProperty(key);
    }
    expect(t.group_id).toBeNull();
    expect(Object.keys(t.custom_fields)).toEqual(expect.arrayContaining(['cf_category', 'cf_ai_confidence']));
    expect(t.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });
});
