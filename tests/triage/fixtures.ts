/** Shared fixtures of the head-registry unit tests: an account's field choices, a ticket, a policy, a classification. */
import type { FieldChoices, TicketSnapshot } from '@shared/ticket-system';
import type { ClassifyResult, FetchedTicket, TriagePolicy } from '@shared/triage';

export const choices: FieldChoices = {
  groups: { 'Billing and Payments': 21, 'IT Support': 11 },
  types: ['Incident', 'Problem'],
  priorities: { Low: 1, Medium: 2, High: 3, Urgent: 4 },
  statuses: { 2: 'Open', 4: 'Resolved' },
  dropdowns: { cf_category: ['Login', 'Billing issue'] },
};

export const snap = (o: Partial<TicketSnapshot> = {}): TicketSnapshot => ({
  id: 1,
  subject: 's',
  description: 'd',
  status: 2,
  priority: 1,
  type: null,
  groupId: null,
  tags: [],
  customFields: {},
  updatedAt: '2026-11-30T10:00:00Z',
  spam: false,
  deleted: false,
  ...o,
});

export const policy = (o: Partial<TriagePolicy> = {}): TriagePolicy => ({
  applyAt: { default: 0.5, queue: 0.7 },
  reviewBelow: 0.3,
  tagsAt: 0.5,
  markerTag: 'ai-triaged',
  reviewTag: 'ai-review',
  queueToGroup: { Billing: 'Billing and Payments' },
  priorityMap: { low: 1, medium: 2, high: 3 },
  customFieldHeads: { category: 'cf_category' },
  onlyEmpty: true,
  priorityPolicy: 'fill-default',
  ...o,
});

export const result = (predictions: Record<string, [string, number]>, ticket?: FetchedTicket): ClassifyResult => ({
  ticketId: 1,
  model: { name: 'm', version: '2.0.0' },
  predictions: Object.fromEntries(
    Object.entries(predictions).map(([h, [label, confidence]]) => [
      h,
      { label, confidence, alternatives: [{ label: 'other', confidence: 0.05 }] },
    ]),
  ),
  tags: [],
  explanation: Object.fromEntries(Object.keys(predictions).map((h) => [h, ['invoice']])),
  ...(ticket ? { ticket } : {}),
});

export const fetched = (o: Partial<FetchedTicket> = {}): FetchedTicket => ({
  id: 1,
  updatedAt: '2026-11-30T10:00:00Z',
  groupId: null,
  priority: 1,
  type: null,
  tags: [],
  ...o,
});
