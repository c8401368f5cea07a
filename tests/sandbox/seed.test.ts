import { describe, expect, it } from 'vitest';
import { QUEUES, TICKET_TYPES } from '../../tools/freshdesk-sandbox/index';
import { generateTickets } from '../../tools/freshdesk-sandbox/generator';
import { DEMO_TICKETS } from '../../tools/freshdesk-sandbox/seed/demo-tickets';
import { call, fakeClock, start } from './helpers';

const GERMAN = /\b(und|nicht|bitte|seit|wir|ich|Sie)\b/i;

describe('demo seed', () => {
  it('has at least 60 tickets in English and German across all 10 queues', () => {
    expect(DEMO_TICKETS.length).toBeGreaterThanOrEqual(60);
    const queues = new Set(DEMO_TICKETS.map((t) => t.expected?.queue));
    expect([...queues].sort()).toEqual([...QUEUES].sort());
    const german = DEMO_TICKETS.filter((t) => GERMAN.test(`${t.subject} ${t.description}`));
    expect(german.length).toBeGreaterThan(10);
    expect(DEMO_TICKETS.length - german.length).toBeGreaterThan(30);
    for (const t of DEMO_TICKETS) expect(TICKET_TYPES).toContain(t.expected?.type);
    expect(DEMO_TICKETS.some((t) => /<(p|div|b|i)>/.test(t.description ?? ''))).toBe(true);
  });

  it('is mostly open, with some triaged by an agent and some closed', () => {
    const open = DEMO_TICKETS.filter((t) => t.status === 2 && !t.triagedByAgent).length;
    const triaged = DEMO_TICKETS.filter((t) => t.triagedByAgent).length;
    const closed = DEMO_TICKETS.filter((t) => t.status === 5).length;
    expect(open).toBeGreaterThan(DEMO_TICKETS.length / 2);
    expect(triaged).toBeGreaterThan(5);
    expect(closed).toBeGreaterThan(3);
  });

  it('is listed in full by the default 30-day window, whatever the start time', async () => {
    const clock = fakeClock('2031-07-15T08:00:00Z');
    const sb = await start({ now: clock.now, plan: 'unlimited' });
    try {
      const page1 = await call(sb, 'GET', '/tickets?per_page=100');
      expect(page1.body).toHaveLength(DEMO_TICKETS.length);
      expect(
        page1.body.every((t: { created_at: string }) => Date.parse(t.created_at) > clock.now() - 30 * 86_400_000),
      ).toBe(true);
      const triaged = sb.store.tickets().filter((t) => t.group_id !== null);
      expect(triaged.every((t) => sb.store.history(t.id).some((h) => h.source === 'agent'))).toBe(true);
    } finally {
      await sb.close();
    }
  });
});

describe('ticket generator', () => {
  it('is deterministic by seed and varied', () => {
    const a = generateTickets({ count: 300, seed: 1 });
    expect(generateTickets({ count: 300, seed: 1 })).toEqual(a);
    expect(generateTickets({ count: 300, seed: 2 })).not.toEqual(a);
    expect(new Set(a.map((t) => t.expected?.queue)).size).toBe(QUEUES.length);
    expect(new Set(a.map((t) => t.subject)).size).toBeGreaterThan(50);
  });

  it('rejects nonsense options', () => {
    expect(() => generateTickets({ count: 0 })).toThrow();
  });
});

describe('seeding with API-shaped tickets', () => {
  it('accepts full ticket objects as returned by GET /tickets/{id} (extra keys ignored)', async () => {
    const source = await start({ plan: 'unlimited' });
    const copy = await start({ plan: 'unlimited', seed: 'empty' });
    try {
      const tickets = [];
      for (const id of [1, 2, 3]) tickets.push((await call(source, 'GET', `/tickets/${id}`)).body);
      copy.reset(tickets);
      for (const original of tickets) {
        const t = (await call(copy, 'GET', `/tickets/${original.id}`)).body;
        for (const key of [
          'subject',
          'description',
          'status',
          'priority',
          'type',
          'group_id',
          'tags',
          'created_at',
          'updated_at',
          'custom_fields',
        ]) {
          expect(t[key]).toEqual(original[key]);
        }
      }
    } finally {
      await source.close();
      await copy.close();
    }
  });
});
