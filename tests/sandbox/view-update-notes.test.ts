import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../tools/freshdesk-sandbox/index';
import { call, fakeClock, start } from './helpers';

const clock = fakeClock('2026-03-02T10:00:00Z');
let sb: Sandbox;
const BILLING = 103000085305; // "Billing and Payments": the 5th queue

beforeAll(async () => {
  sb = await start({ seed: 'empty', now: clock.now, plan: 'unlimited' });
});
beforeEach(() => {
  sb.reset('empty');
  sb.addTickets([
    {
      subject: 'Card declined',
      description: '<div>Card <b>declined</b> twice &amp; no receipt</div>',
      createdMinutesAgo: 60,
      tags: ['payments'],
    },
    { subject: 'Spam offer', spam: true },
  ]);
});
afterAll(() => sb.close());

describe('GET /tickets/{id} (§5)', () => {
  it('returns the full ticket with description, description_text and attachments', async () => {
    const res = await call(sb, 'GET', '/tickets/1');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: 1,
      subject: 'Card declined',
      description_text: 'Card declined twice & no receipt',
      attachments: [],
    });
  });

  it('embeds conversations, requester and stats, +1 credit each', async () => {
    sb.agentNote(1, '<p>Called the customer</p>', true);
    const res = await call(sb, 'GET', '/tickets/1?include=conversations,requester,stats');
    expect(res.body.conversations).toHaveLength(1);
    expect(res.body.conversations[0]).toMatchObject({ body_text: 'Called the customer', private: true, source: 2 });
    expect(res.body.requester).toHaveProperty('email');
    expect(res.body.stats).toHaveProperty('resolved_at', null);
    expect(res.headers.get('x-ratelimit-used-currentrequest')).toBe('4');
  });

  it('rejects list-only include values', async () => {
    const res = await call(sb, 'GET', '/tickets/1?include=description');
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'include', code: 'invalid_value' });
  });

  it('answers 404 with an empty body for an unknown id', async () => {
    const res = await call(sb, 'GET', '/tickets/4242');
    expect(res.status).toBe(404);
    expect(res.text).toBe('');
  });
});

describe('PUT /tickets/{id} (§6)', () => {
  it('applies a partial update, bumps updated_at and records an api change', async () => {
    const before = sb.store.ticket(1)?.updated_at;
    clock.advance(5000);
    const res = await call(sb, 'PUT', '/tickets/1', {
      body: {
        priority: 3,
        group_id: BILLING,
        type: 'Incident',
        tags: ['auto-triaged'],
        custom_fields: { cf_category: 'Billing issue', cf_ai_confidence: '0.91' },
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      priority: 3,
      group_id: BILLING,
      type: 'Incident',
      tags: ['auto-triaged'],
      subject: 'Card declined',
    });
    expect(res.body.custom_fields).toMatchObject({
      cf_category: 'Billing issue',
      cf_ai_confidence: '0.91',
      cf_is_vip: null,
    });
    expect(res.body.updated_at).not.toBe(before);
    expect(Date.parse(res.body.updated_at)).toBe(Math.floor(clock.now() / 1000) * 1000);
    const last = sb.store.history(1).at(-1);
    expect(last?.source).toBe('api');
    expect(last?.changes.priority).toEqual({ from: 1, to: 3 });
  });

  it('replaces the whole tag list, [] clears it', async () => {
    await call(sb, 'PUT', '/tickets/1', { body: { tags: ['a', 'b'] } });
    expect(sb.store.ticket(1)?.tags).toEqual(['a', 'b']);
    await call(sb, 'PUT', '/tickets/1', { body: { tags: [] } });
    expect(sb.store.ticket(1)?.tags).toEqual([]);
  });

  it('does not bump updated_at on a no-op update', async () => {
    const before = sb.store.ticket(1)?.updated_at;
    clock.advance(5000);
    const res = await call(sb, 'PUT', '/tickets/1', { body: { priority: 1 } });
    expect(res.body.updated_at).toBe(before);
  });

  it('reports every error at once and applies nothing', async () => {
    const before = JSON.stringify(sb.store.ticket(1));
    const res = await call(sb, 'PUT', '/tickets/1', {
      body: {
        priority: 5,
        group_id: 7,
        type: 'Billing',
        status: 9,
        responder_id: 1,
        tags: ['ok'],
        custom_fields: { cf_category: 'Payments', cf_unknown: 1, cf_is_vip: 'yes' },
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.description).toBe('Validation failed');
    expect(res.body.errors).toEqual([
      { field: 'priority', message: "It should be one of these values: '1,2,3,4'", code: 'invalid_value' },
      { field: 'group_id', message: 'There is no group matching the given group_id', code: 'invalid_value' },
      {
        field: 'type',
        message: "It should be one of these values: 'Question,Incident,Problem,Request,Change,Feature Request,Refund'",
        code: 'invalid_value',
      },
      { field: 'status', message: "It should be one of these values: '2,3,4,5,6,7'", code: 'invalid_value' },
      { field: 'responder_id', message: 'There is no agent matching the given responder_id', code: 'invalid_value' },
      expect.objectContaining({ field: 'custom_fields.cf_category', code: 'invalid_value' }),
      { field: 'custom_fields.cf_unknown', message: 'Unexpected/invalid field in request', code: 'invalid_field' },
      {
        field: 'custom_fields.cf_is_vip',
        message: 'Value set is of type String.It should be a/an Boolean',
        code: 'datatype_mismatch',
      },
    ]);
    expect(JSON.stringify(sb.store.ticket(1))).toBe(before);
  });

  it('rejects read-only and unknown fields (never PUT back a fetched ticket)', async () => {
    const fetched = (await call(sb, 'GET', '/tickets/1')).body;
    const res = await call(sb, 'PUT', '/tickets/1', { body: fetched });
    expect(res.status).toBe(400);
    const fields = res.body.errors
      .filter((e: { code: string }) => e.code === 'invalid_field')
      .map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['id', 'created_at', 'updated_at', 'spam', 'description_text', 'attachments']),
    );
  });

  it('accepts custom status 6, sets status side effects and accepts null to clear', async () => {
    expect((await call(sb, 'PUT', '/tickets/1', { body: { status: 6, group_id: BILLING } })).status).toBe(200);
    const res = await call(sb, 'PUT', '/tickets/1', { body: { status: 5, group_id: null } });
    expect(res.body.group_id).toBeNull();
    expect(sb.store.ticket(1)?.stats.closed_at).not.toBeNull();
  });

  it('answers 404 for an unknown ticket and 405 for a spam ticket', async () => {
    expect((await call(sb, 'PUT', '/tickets/999', { body: { priority: 2 } })).status).toBe(404);
    expect((await call(sb, 'PUT', '/tickets/2', { body: { priority: 2 } })).status).toBe(405);
  });
});

describe('notes (§7)', () => {
  it('creates a private note by default, 201, visible in conversations, bumping updated_at', async () => {
    clock.advance(60_000);
    const res = await call(sb, 'POST', '/tickets/1/notes', { body: { body: '<div>Auto-triage: Billing, 0.91</div>' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      ticket_id: 1,
      private: true,
      incoming: false,
      body_text: 'Auto-triage: Billing, 0.91',
      user_id: 103000200001,
    });
    expect(sb.store.ticket(1)?.updated_at).toBe(res.body.created_at);
    const conv = await call(sb, 'GET', '/tickets/1/conversations');
    expect(conv.body.map((c: { id: number }) => c.id)).toEqual([res.body.id]);
  });

  it('validates note bodies', async () => {
    const res = await call(sb, 'POST', '/tickets/1/notes', { body: { private: 'yes', extra: 1 } });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      'body:missing_field',
      'private:datatype_mismatch',
      'extra:invalid_field',
    ]);
    expect(sb.store.notes(1)).toHaveLength(0);
    expect((await call(sb, 'POST', '/tickets/999/notes', { body: { body: 'x' } })).status).toBe(404);
  });
});
