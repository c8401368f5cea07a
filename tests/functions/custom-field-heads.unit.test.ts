/** Custom labels into custom fields: several custom-field heads in one result are all written in the one PUT. */
import { describe, expect, it } from 'vitest';
import { decide, type TriagePolicy } from '@shared/triage';
import type { FieldChoices, TicketSnapshot } from '@shared/ticket-system';
import { snap as ticket } from '../triage/fixtures';

const choices: FieldChoices = {
  groups: {},
  types: [],
  priorities: {},
  statuses: { 2: 'Open' },
  dropdowns: { cf_category: ['Login', 'Billing issue'], cf_product: ['Mobile app', 'Web'] },
};
const head = (label: string, confidence = 0.95) => ({ label, confidence, alternatives: [] });
const snap = (customFields: TicketSnapshot['customFields'] = {}): TicketSnapshot => ticket({ customFields });
const policy: TriagePolicy = {
  applyAt: { default: 0.5 },
  reviewBelow: 0.1,
  tagsAt: 0.5,
  markerTag: 'ai-triaged',
  reviewTag: 'ai-review',
  queueToGroup: {},
  priorityMap: {},
  customFieldHeads: { category: 'cf_category', product: 'cf_product' },
  onlyEmpty: true,
  priorityPolicy: 'raise-only',
};
const result = (predictions: Record<string, ReturnType<typeof head>>) => ({
  ticketId: 1,
  model: { name: 'm', version: '2.0.0' },
  predictions,
  tags: [],
  explanation: {},
});

describe('custom-field heads', () => {
  it('writes every applied custom field, not only the last one', () => {
    const plan = decide(result({ category: head('Login'), product: head('Mobile app') }), snap(), choices, policy);
    expect(plan.changes.customFields).toEqual({ cf_category: 'Login', cf_product: 'Mobile app' });
    expect(plan.heads).toMatchObject({ category: { action: 'applied' }, product: { action: 'applied' } });
  });

  it('keeps an agent’s value in one field while filling the other, and leaves out values the dropdown lacks', () => {
    const kept = decide(
      result({ category: head('Login'), product: head('Web') }),
      snap({ cf_category: 'Billing issue' }),
      choices,
      policy,
    );
    expect(kept.changes.customFields).toEqual({ cf_product: 'Web' });
    const unmapped = decide(result({ category: head('Shipping'), product: head('Web') }), snap(), choices, policy);
    expect(unmapped.changes.customFields).toEqual({ cf_product: 'Web' });
    expect(unmapped.heads.category).toMatchObject({ action: 'unmapped' });
  });
});
