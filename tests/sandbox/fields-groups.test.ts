import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES, type Sandbox } from '../../tools/freshdesk-sandbox/index';
import { call, start } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
  sb = await start({ plan: 'unlimited' });
});
afterAll(() => sb.close());

describe('GET /ticket_fields (§9)', () => {
  it('returns each choices shape the way Freshdesk does', async () => {
    const res = await call(sb, 'GET', '/ticket_fields');
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.body.map((f: { name: string }) => [f.name, f]));
    expect(byName.ticket_type.choices).toEqual([
      'Question',
      'Incident',
      'Problem',
      'Request',
      'Change',
      'Feature Request',
      'Refund',
    ]);
    expect(byName.status.choices['2']).toEqual(['Open', 'Being Processed']);
    expect(Object.keys(byName.status.choices)).toEqual(['2', '3', '4', '5', '6', '7']);
    expect(byName.priority.choices).toEqual({ Low: 1, Medium: 2, High: 3, Urgent: 4 });
    expect(byName.source.choices.Email).toBe(1);
    expect(Object.keys(byName.group.choices)).toEqual([...QUEUES]);
    expect(Object.values(byName.agent.choices).every((v) => typeof v === 'number')).toBe(true);
    expect(byName.cf_category).toMatchObject({ type: 'custom_dropdown', default: false });
    expect(Array.isArray(byName.cf_category.choices)).toBe(true);
    expect(byName.cf_ai_confidence).toMatchObject({ type: 'custom_text' });
    expect(byName.cf_ai_confidence).not.toHaveProperty('choices');
    expect(byName.subject).not.toHaveProperty('choices');
    expect(byName.requester).toHaveProperty('portal_cc');
  });

  it('filters by type and rejects unknown parameters', async () => {
    const res = await call(sb, 'GET', '/ticket_fields?type=default_group');
    expect(res.body.map((f: { name: string }) => f.name)).toEqual(['group']);
    expect((await call(sb, 'GET', '/ticket_fields?foo=1')).status).toBe(400);
  });
});

describe('GET /groups (§10)', () => {
  it('lists the 10 queue groups with large ids, paginated with Link', async () => {
    const p1 = await call(sb, 'GET', '/groups?per_page=6');
    expect(p1.body).toHaveLength(6);
    expect(p1.headers.get('link')).toContain('page=2');
    const p2 = await call(sb, 'GET', '/groups?per_page=6&page=2');
    expect(p2.headers.get('link')).toBeNull();
    const all = [...p1.body, ...p2.body];
    expect(all.map((g: { name: string }) => g.name)).toEqual([...QUEUES]);
    expect(all.every((g: { id: number }) => g.id > 2 ** 31)).toBe(true);
    expect(all[0]).toMatchObject({ group_type: 'support_agent_group', escalate_to: null });
  });
});
