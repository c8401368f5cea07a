/** PRIORITY_POLICY: raise-only (default) never lowers and leaves Low alone on a ticket an agent has triaged; fill-default; never. */
import { describe, expect, it } from 'vitest';
import { decide, type TriagePolicy } from '@shared/triage';
import type { FieldChoices } from '@shared/ticket-system';
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

describe('priority policy', () => {
  it('raise-only (the default) raises Low on an untriaged ticket', () => {
    expect(decide(result('high'), snap({}), choices, policy('raise-only')).changes.priority).toBe(3);
    expect(
      loadConfig({
        FRESHDESK_BASE_URL: 'http://127.0.0.1:1/api/v2',
        FRESHDESK_API_KEY: 'k',
        SECRETS_DIR: '/nonexistent',
      }).policy.priorityPolicy,
    ).toBe('raise-only');
  });
  it('raise-only keeps Low on a ticket an agent has triaged (group or type set)', () => {
    const plan = decide(result('high'), snap({ groupId: 11 }), choices, policy('raise-only'));
    expect(plan.changes.priority).toBeUndefined();
    expect(plan.heads.priority).toMatchObject({ action: 'kept' });
    expect(
      decide(result('high'), snap({ type: 'Incident' }), choices, policy('raise-only')).changes.priority,
    ).toBeUndefined();
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
