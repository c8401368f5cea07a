import { describe, expect, it } from 'vitest';
import { and, eq, gte, lte, or, parseChoices, quoteQuery, summarizeFields, type TicketField } from '@shared/freshdesk';

describe('search query builder', () => {
  it('quotes strings, leaves numbers bare, formats dates, and parenthesises nested groups', () => {
    const q = and(
      or(eq('priority', 3), eq('priority', 4)),
      eq('type', 'Incident'),
      gte('created_at', new Date('2026-11-01T12:00:00Z')),
      eq('group_id', null),
    );
    expect(quoteQuery(q)).toBe(
      `"(priority:3 OR priority:4) AND type:'Incident' AND created_at:>'2026-11-01' AND group_id:null"`,
    );
    expect(new URLSearchParams({ query: quoteQuery(lte('priority', 2)) }).toString()).toBe(
      'query=%22priority%3A%3C2%22',
    );
  });

  it('refuses what would build a broken or too long query', () => {
    expect(() => eq('tag', "it's")).toThrow(/quotes are not allowed/);
    expect(() => eq('bad field', 1)).toThrow(/invalid search field/);
    expect(() => quoteQuery(or(...Array.from({ length: 60 }, (_, i) => eq('tag', `tag-number-${i}`))))).toThrow(
      /allows 512/,
    );
    expect(() => quoteQuery('  ')).toThrow(/empty/);
  });
});

describe('ticket field choices', () => {
  const f = (type: string, name: string, choices?: unknown): TicketField =>
    ({ id: 1, name, type, ...(choices === undefined ? {} : { choices }) }) as TicketField;
  it('parses every choices shape of docs/freshdesk.md#ticket-fields', () => {
    expect(parseChoices(f('default_ticket_type', 'ticket_type', ['Question', 'Incident']))).toEqual({
      kind: 'list',
      values: ['Question', 'Incident'],
    });
    expect(parseChoices(f('default_priority', 'priority', { Low: 1, High: 3 }))).toEqual({
      kind: 'map',
      byLabel: { Low: 1, High: 3 },
    });
    expect(
      parseChoices(
        f('default_status', 'status', {
          '2': ['Open', 'Being Processed'],
          '6': ['Waiting on Customer', 'Awaiting your Reply'],
        }),
      ),
    ).toEqual({
      kind: 'status',
      byId: {
        2: { agent: 'Open', customer: 'Being Processed' },
        6: { agent: 'Waiting on Customer', customer: 'Awaiting your Reply' },
      },
    });
    expect(parseChoices(f('nested_field', 'cf_cat', { a: { b: ['c'] } }))).toEqual({
      kind: 'nested',
      tree: { a: { b: ['c'] } },
    });
    expect(parseChoices(f('custom_text', 'cf_ref'))).toEqual({ kind: 'none' });
  });

  it('summarises groups, agents, types and custom dropdowns', () => {
    const s = summarizeFields([
      f('default_group', 'group', { Billing: 84000219438 }),
      f('default_agent', 'agent', { Dana: 5 }),
      f('default_ticket_type', 'ticket_type', ['Question']),
      f('custom_dropdown', 'cf_category761533', ['Billing issue', 'Login']),
      f('custom_text', 'cf_ref'),
    ]);
    expect(s.groups).toEqual({ Billing: 84000219438 });
    expect(s.agents).toEqual({ Dana: 5 });
    expect(s.types).toEqual(['Question']);
    expect(s.dropdowns).toEqual({ cf_category761533: ['Billing issue', 'Login'] });
    expect(s.custom).toEqual({ cf_category761533: 'custom_dropdown', cf_ref: 'custom_text' });
  });
});
