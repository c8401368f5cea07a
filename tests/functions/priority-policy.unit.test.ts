/**
 * PRIORITY_POLICY: raise-only (default) never lowers, and raises Low only while it is a default no
 * agent set (no group, no type, nothing but the creation and our own notes on the ticket);
 * fill-default; never.
 */
import { describe, expect, it } from 'vitest';
import { decide, untouchedSinceCreation, type TriagePolicy } from '@shared/triage';
import type { FieldChoices, TicketSnapshot } from '@shared/ticket-system';
import { loadConfig } from '../../functions/update-ticket/config';
import { snap } from '../triage/fixtures';

const choices: FieldChoices = {
  groups: { 'IT Support': 11 },
  types: ['Incident'],
  priorities: { Low: 1, Medium: 2, High: 3, Urgent: 4 },
  statuses: { 2: 'Open' },
  dropdowns: {},
};
const head = (label: string) => ({ label, confidence: 0.95, alternatives: [] });
const result = (priority: string) => ({
  ticketId: 1,
  model: { name: 'm', version: '1.0.0' },
  predictions: { priority: head(priority) },
  tags: [],
  explanation: {},
});
const policy = (priorityPolicy: 'raise-only' | 'fill-default' | 'never', onlyEmpty = true): TriagePolicy => ({
  applyAt: { default: 0.5 },
  reviewBelow: 0.1,
  tagsAt: 0.5,
  markerTag: 'ai-triaged',
  reviewTag: 'ai-review',
  queueToGroup: {},
  priorityMap: { low: 1, medium: 2, high: 3 },
  customFieldHeads: {},
  onlyEmpty,
  priorityPolicy,
});

const ME = 7;
/** A ticket as created: `updated_at` is its `created_at`, no conversation. */
const untouched = (o: Partial<TicketSnapshot> = {}) =>
  snap({ createdAt: '2026-11-30T10:00:00Z', updatedAt: '2026-11-30T10:00:00Z', conversations: [], ...o });
const note = (id: number, authorId: number, createdAt: string) => ({
  id,
  body: 'b',
  private: true,
  authorId,
  createdAt,
});
/** update-ticket's call: the facts from the same read, as its service finds them. */
const decideOn = (t: TicketSnapshot, justPosted?: { id: number }) =>
  decide(result('high'), t, choices, policy('raise-only'), { untouched: untouchedSinceCreation(t, ME, justPosted) });

describe('priority policy', () => {
  it('raise-only (the default) raises Low on a ticket nobody has touched since its creation', () => {
    expect(decideOn(untouched()).changes.priority).toBe(3);
    // The note this delivery just posted moved updated_at: still untouched by anyone else.
    const ours = untouched({ updatedAt: '2026-11-30T10:05:00Z', conversations: [note(5, ME, '2026-11-30T10:05:00Z')] });
    expect(decideOn(ours, { id: 5 }).changes.priority).toBe(3);
    expect(
      loadConfig({
        FRESHDESK_BASE_URL: 'http://127.0.0.1:1/api/v2',
        FRESHDESK_API_KEY: 'k',
        SECRETS_DIR: '/nonexistent',
      }).policy.priorityPolicy,
    ).toBe('raise-only');
  });
  it('raise-only keeps Low that may be an agent’s: changed after creation, a note by someone else, or no telling', () => {
    const kept = (plan: ReturnType<typeof decide>) => {
      expect(plan.changes.priority).toBeUndefined();
      expect(plan.heads.priority).toMatchObject({ action: 'kept' });
      return plan.heads.priority!.reason;
    };
    // An agent lowered High to Low (any change moves updated_at past created_at).
    expect(kept(decideOn(untouched({ updatedAt: '2026-11-30T10:03:00Z' })))).toMatch(/does not say who set Low/);
    // An agent confirmed Low in a note (or anyone replied).
    kept(
      decideOn(untouched({ updatedAt: '2026-11-30T10:05:00Z', conversations: [note(3, 99, '2026-11-30T10:05:00Z')] })),
    );
    kept(decideOn(untouched({ conversations: [note(3, 99, '2026-11-30T10:00:00Z')] })));
    // A change after the note we just posted; an earlier note of ours (its bump may hide an agent's change).
    kept(
      decideOn(untouched({ updatedAt: '2026-11-30T10:06:00Z', conversations: [note(5, ME, '2026-11-30T10:05:00Z')] }), {
        id: 5,
      }),
    );
    kept(
      decideOn(untouched({ updatedAt: '2026-11-30T10:05:00Z', conversations: [note(4, ME, '2026-11-30T10:05:00Z')] }), {
        id: 5,
      }),
    );
    // No creation time, no conversations read, no own agent id, or no facts at all: cannot tell, so Low stays.
    kept(decideOn(snap({ updatedAt: '2026-11-30T10:00:00Z', conversations: [] })));
    kept(decideOn(snap({ createdAt: '2026-11-30T10:00:00Z', updatedAt: '2026-11-30T10:00:00Z' })));
    kept(
      decide(result('high'), untouched(), choices, policy('raise-only'), {
        untouched: untouchedSinceCreation(untouched(), undefined),
      }),
    );
    kept(decide(result('high'), untouched(), choices, policy('raise-only')));
  });
  it('raise-only keeps Low on a ticket an agent has triaged (group or type set)', () => {
    const plan = decideOn(untouched({ groupId: 11 }));
    expect(plan.changes.priority).toBeUndefined();
    expect(plan.heads.priority).toMatchObject({ action: 'kept' });
    expect(decideOn(untouched({ type: 'Incident' })).changes.priority).toBeUndefined();
  });
  it('raise-only never lowers, even where fields may be overwritten (ONLY_EMPTY=false)', () => {
    expect(
      decide(result('low'), snap({ priority: 3 }), choices, policy('raise-only', false)).changes.priority,
    ).toBeUndefined();
    expect(
      decide(result('medium'), snap({ priority: 3 }), choices, policy('raise-only', false)).changes.priority,
    ).toBeUndefined();
    expect(decide(result('low'), snap({ priority: 3 }), choices, policy('fill-default', false)).changes.priority).toBe(
      1,
    );
  });
  it('fill-default fills a Low priority whatever else is set; never only suggests', () => {
    expect(decide(result('high'), snap({ groupId: 11 }), choices, policy('fill-default')).changes.priority).toBe(3);
    const never = decide(result('high'), snap({}), choices, policy('never'));
    expect(never.changes.priority).toBeUndefined();
    expect(never.heads.priority).toMatchObject({ action: 'suggested', reason: 'PRIORITY_POLICY=never' });
  });
  it('rejects an unknown PRIORITY_POLICY naming the variable', () => {
    expect(() =>
      loadConfig({
        FRESHDESK_BASE_URL: 'http://127.0.0.1:1/api/v2',
        FRESHDESK_API_KEY: 'k',
        SECRETS_DIR: '/nonexistent',
        PRIORITY_POLICY: 'lower',
      }),
    ).toThrow(/PRIORITY_POLICY/);
  });
});
