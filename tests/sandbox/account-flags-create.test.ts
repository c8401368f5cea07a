import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../tools/freshdesk-sandbox/index';
import { call, fakeClock, start } from './helpers';

const clock = fakeClock('2026-03-02T10:00:00Z');
let sb: Sandbox;
beforeAll(async () => {
  sb = await start({ seed: 'empty', now: clock.now, plan: 'unlimited' });
});
beforeEach(() => {
  sb.reset('empty');
  sb.setAccountFlags({});
  sb.addTickets([{ subject: 'one', tags: ['existing'] }]);
});
afterAll(() => sb.close());

describe('account switches (docs/freshdesk.md#what-the-sandbox-imitates)', () => {
  it('fails the whole update with cannot_create_new_tag when tag creation is admin-only', async () => {
    sb.setAccountFlags({ tagCreationAdminOnly: true, knownTags: ['allowed'] });
    const res = await call(sb, 'PUT', '/tickets/1', {
      body: { priority: 3, tags: ['existing', 'allowed', 'brand-new'] },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'tags', message: 'New tags cannot be created: brand-new', code: 'cannot_create_new_tag' },
    ]);
    expect(sb.store.ticket(1)?.priority).toBe(1);
    expect((await call(sb, 'PUT', '/tickets/1', { body: { tags: ['existing', 'allowed'] } })).status).toBe(200);
  });

  it('enforces admin-mandatory fields on API updates with missing_field', async () => {
    sb.setAccountFlags({ requiredFields: ['cf_category', 'type'] });
    const res = await call(sb, 'PUT', '/tickets/1', { body: { priority: 2 } });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      'custom_fields.cf_category:missing_field',
      'type:missing_field',
    ]);
    const ok = await call(sb, 'PUT', '/tickets/1', {
      body: { priority: 2, type: 'Question', custom_fields: { cf_category: 'Login' } },
    });
    expect(ok.status).toBe(200);
  });

  it('hides fresh tickets from search during the index lag', async () => {
    sb.setAccountFlags({ searchIndexLagMs: 60_000 });
    const query = `/search/tickets?query=${encodeURIComponent('"priority:1"')}`;
    expect((await call(sb, 'GET', query)).body.total).toBe(0);
    clock.advance(61_000);
    expect((await call(sb, 'GET', query)).body.total).toBe(1);
  });

  it('can be set through the admin API', async () => {
    const res = await call(sb, 'PUT', '/_sandbox/account', { body: { flags: { requiredFields: ['group_id'] } } });
    expect(res.body.flags.requiredFields).toEqual(['group_id']);
    expect((await call(sb, 'PUT', '/tickets/1', { body: { priority: 2 } })).body.errors[0]).toMatchObject({
      field: 'group_id',
      code: 'missing_field',
    });
  });
});

describe('POST /tickets', () => {
  it('creates a ticket with API defaults and a new contact', async () => {
    const res = await call(sb, 'POST', '/tickets', {
      body: {
        subject: 'Printer on fire',
        description: '<p>Really.</p>',
        email: 'new.person@example.com',
        name: 'New Person',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: 2,
      status: 2,
      priority: 1,
      source: 2,
      description_text: 'Really.',
      group_id: null,
    });
    expect(sb.store.contact(res.body.requester_id)?.email).toBe('new.person@example.com');
    expect(sb.store.history(2)[0]?.source).toBe('api');
    const listed = await call(sb, 'GET', '/tickets');
    expect(listed.body[0].id).toBe(2);
  });

  it('validates like an update and requires subject, description and a requester', async () => {
    const res = await call(sb, 'POST', '/tickets', { body: { priority: 7 } });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      'priority:invalid_value',
      'subject:missing_field',
      'description:missing_field',
      'requester_id:missing_field',
    ]);
    expect(sb.store.tickets()).toHaveLength(1);
  });
});
