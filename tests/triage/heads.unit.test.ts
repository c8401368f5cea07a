/**
 * The head registry, one table per question: what decide() does with each head's prediction,
 * how each field reads back as a label (the shadow evaluation's inverse mapping), and how
 * update-ticket's configuration sets each head's threshold.
 */
import { describe, expect, it } from 'vitest';
import {
  decide,
  decidedPriority,
  headRegistry,
  PRIORITY_LABELS,
  thresholdEnv,
  WRITABLE_PRIORITIES,
  type HeadContext,
  type TriagePolicy,
} from '@shared/triage';
import type { TicketChanges, TicketSnapshot } from '@shared/ticket-system';
import { loadConfig, loadHeadConfig } from '../../functions/update-ticket/config';
import { agentLabels, undecidedReason } from '../../tools/shadow/agents-labels';
import { choices, fetched, policy, result, snap } from './fixtures';

type Row = [
  what: string,
  head: string,
  label: string,
  confidence: number,
  ticket: Partial<TicketSnapshot>,
  action: string,
  change: TicketChanges | undefined,
  reason?: string,
];
const rows: Row[] = [
  ['queue: label mapped to a group through QUEUE_GROUP_MAP', 'queue', 'Billing', 0.9, {}, 'applied', { groupId: 21 }],
  ['queue: label that is a group name', 'queue', 'IT Support', 0.9, {}, 'applied', { groupId: 11 }],
  ['queue: no such group', 'queue', 'Shipping', 0.9, {}, 'unmapped', undefined, 'no Freshdesk value for "Shipping"'],
  ['queue: below its own threshold', 'queue', 'Billing', 0.6, {}, 'suggested', undefined, 'confidence below 0.7'],
  ['queue: below REVIEW_BELOW', 'queue', 'Billing', 0.2, {}, 'review', undefined, 'confidence below 0.3'],
  ['queue: a group an agent chose', 'queue', 'Billing', 0.9, { groupId: 11 }, 'kept', undefined, 'set by an agent'],
  ['priority: label -> 1-4', 'priority', 'High', 0.9, {}, 'applied', { priority: 3 }],
  ['priority: urgent is never set', 'priority', 'urgent', 0.9, {}, 'unmapped', undefined],
  ['priority: not at the default', 'priority', 'high', 0.9, { priority: 2 }, 'kept', undefined],
  [
    'priority: below the default threshold',
    'priority',
    'high',
    0.4,
    {},
    'suggested',
    undefined,
    'confidence below 0.5',
  ],
  ['type: matched without case', 'type', 'incident', 0.9, {}, 'applied', { type: 'Incident' }],
  ['type: not a type of the account', 'type', 'Question', 0.9, {}, 'unmapped', undefined],
  ['type: an agent’s type', 'type', 'Incident', 0.9, { type: 'Problem' }, 'kept', undefined],
  [
    'custom: label into its custom field',
    'category',
    'Login',
    0.9,
    {},
    'applied',
    { customFields: { cf_category: 'Login' } },
  ],
  ['custom: not a choice of the dropdown', 'category', 'Shipping', 0.9, {}, 'unmapped', undefined],
  [
    'custom: an agent’s value',
    'category',
    'Login',
    0.9,
    { customFields: { cf_category: 'Billing issue' } },
    'kept',
    undefined,
  ],
  [
    'a trained head with no field',
    'sentiment',
    'angry',
    0.99,
    {},
    'suggested',
    undefined,
    'no ticket field for this head (CUSTOM_FIELD_HEADS)',
  ],
];

describe('decide, per head', () => {
  it.each(rows)('%s', (_what, head, label, confidence, ticket, action, change, reason) => {
    const plan = decide(result({ [head]: [label, confidence] }), snap(ticket), choices, policy());
    expect(plan.heads[head]).toMatchObject({ label, confidence, action, ...(reason ? { reason } : {}) });
    const { tags, ...fields } = plan.changes;
    expect(fields).toEqual(change ?? {});
    expect(tags).toContain('ai-triaged-2.0.0');
  });

  it('never overwrites a field an agent changed since fetch-tickets saw it, even one emptied again', () => {
    const seen = fetched({ groupId: 11, type: 'Problem' });
    const plan = decide(
      result({ queue: ['Billing', 0.9], type: ['Incident', 0.9], priority: ['high', 0.9] }, seen),
      snap(),
      choices,
      policy(),
    );
    expect(plan.heads).toMatchObject({
      queue: { action: 'kept' },
      type: { action: 'kept' },
      priority: { action: 'applied' },
    });
    expect(plan.changes).toEqual({ priority: 3, tags: ['ai-triaged', 'ai-triaged-2.0.0'] });
  });

  it('writes several custom-field heads in the one change, next to the built-ins', () => {
    const p = policy({ customFieldHeads: { category: 'cf_category', product: 'cf_product', region: 'cf_region' } });
    const plan = decide(
      result({ queue: ['Billing', 0.9], category: ['Login', 0.9], product: ['Web', 0.9], region: ['EU', 0.9] }),
      snap({ customFields: { cf_region: 'US' } }),
      choices,
      p,
    );
    expect(plan.changes).toMatchObject({ groupId: 21, customFields: { cf_category: 'Login', cf_product: 'Web' } });
    expect(plan.heads.region).toMatchObject({ action: 'kept' });
    expect(plan.outcome).toBe('applied');
  });
});

describe('the inverse mapping: a field read back as the label that writes it', () => {
  const mapping = { queueToGroup: { Billing: 'Billing and Payments' }, customFieldHeads: { category: 'cf_category' } };
  it.each<[string, Partial<TicketSnapshot>, Record<string, string | undefined>]>([
    [
      'a group mapped in QUEUE_GROUP_MAP reads as its queue label',
      { groupId: 21, status: 4 },
      { queue: 'Billing', priority: 'low' },
    ],
    ['a group not in the map reads as its name', { groupId: 11 }, { queue: 'IT Support' }],
    ['a group id the account does not list is no label', { groupId: 99 }, {}],
    ['Low on an open ticket is Freshdesk’s default, not a decision', { priority: 1, status: 2 }, {}],
    ['a raised priority reads as its label', { priority: 3 }, { priority: 'high' }],
    [
      'type and a custom field read as they are',
      { type: 'Incident', customFields: { cf_category: 'Login' } },
      { type: 'Incident', category: 'Login' },
    ],
  ])('%s', (_what, ticket, labels) => {
    expect(agentLabels(snap(ticket), choices, mapping)).toEqual({
      queue: undefined,
      priority: undefined,
      type: undefined,
      category: undefined,
      ...labels,
    });
  });

  it('says why a head has no label', () => {
    expect(undecidedReason('priority', snap())).toBe('default priority on an open ticket');
    expect(undecidedReason('queue', snap())).toBe('empty');
  });

  it.each([
    ['queue', 'Billing'],
    ['priority', 'high'],
    ['type', 'Incident'],
    ['category', 'Login'],
  ])('%s: label -> field -> the same label', (name, label) => {
    const p = policy();
    const head = headRegistry(p.customFieldHeads).get(name)!;
    const ctx: HeadContext = { choices, settings: p };
    const { customFields, ...fields } = head.write(label, ctx)!;
    const written = snap({ ...fields, ...(customFields ? { customFields } : {}) } as Partial<TicketSnapshot>);
    expect(head.labelOf(written, ctx)).toBe(label);
  });
});

describe('priority, named once in the registry', () => {
  it("names Freshdesk's four priorities and writes all but Urgent", () => {
    expect(PRIORITY_LABELS).toEqual({ 1: 'low', 2: 'medium', 3: 'high', 4: 'urgent' });
    expect(WRITABLE_PRIORITIES).toEqual({ low: 1, medium: 2, high: 3 });
    const env = {
      FRESHDESK_BASE_URL: 'http://127.0.0.1:1/api/v2',
      FRESHDESK_API_KEY: 'k',
      SECRETS_DIR: '/nonexistent',
    };
    expect(loadConfig(env).policy.priorityMap).toEqual(WRITABLE_PRIORITIES);
  });

  it("reads Low as nobody's decision, and reports say so", () => {
    expect(decidedPriority(1)).toBeUndefined();
    expect(decidedPriority(4)).toBe('urgent');
    expect(decidedPriority(9)).toBe('9');
    expect(headRegistry().get('priority')!.unsetText).toBe('low (default)');
    expect(headRegistry().get('queue')!.unsetText).toBeUndefined();
  });
});

describe("update-ticket's thresholds, per head", () => {
  const base = (env: Record<string, string>) => loadHeadConfig(env).applyAt;
  it('defaults come from each head of the registry; APPLY_THRESHOLD is the floor and the default', () => {
    // Written out, not read from the registry under test: a changed default fails here.
    expect(base({})).toEqual({ default: 0.6, queue: 0.7, priority: 0.71, type: 0.8 });
    expect(base({ APPLY_THRESHOLD: '0.9' })).toEqual({ default: 0.9, queue: 0.9, priority: 0.9, type: 0.9 });
    expect(base({ THRESHOLD_TYPE: 'never', THRESHOLD_QUEUE: '0.95' })).toMatchObject({
      type: Number.POSITIVE_INFINITY,
      queue: 0.95,
    });
  });

  it('a custom head takes THRESHOLD_<HEAD> (as the shadow evaluation proposes it), else APPLY_THRESHOLD', () => {
    const env = { CUSTOM_FIELD_HEADS: '{"category":"cf_category","sub-product":"cf_sub"}', THRESHOLD_CATEGORY: '0.85' };
    expect(base(env)).toMatchObject({ category: 0.85, 'sub-product': 0.6 });
    expect(thresholdEnv('sub-product')).toBe('THRESHOLD_SUB_PRODUCT');
    expect(base({ ...env, THRESHOLD_SUB_PRODUCT: 'never' })['sub-product']).toBe(Number.POSITIVE_INFINITY);
  });

  it('names the variable of a bad threshold or mapping', () => {
    expect(() => base({ CUSTOM_FIELD_HEADS: '{"category":"cf_category"}', THRESHOLD_CATEGORY: 'high' })).toThrow(
      /THRESHOLD_CATEGORY/,
    );
    expect(() => base({ CUSTOM_FIELD_HEADS: '{"type":"cf_type"}' })).toThrow(
      /CUSTOM_FIELD_HEADS: "type" is a built-in head/,
    );
    expect(() => base({ CUSTOM_FIELD_HEADS: '["cf_x"]' })).toThrow(/CUSTOM_FIELD_HEADS: must be a JSON object/);
  });

  it('reaches decide: a head below its own threshold is suggested', () => {
    const applyAt = base({ CUSTOM_FIELD_HEADS: '{"category":"cf_category"}', THRESHOLD_CATEGORY: '0.95' });
    const p: TriagePolicy = policy({ applyAt });
    expect(decide(result({ category: ['Login', 0.9] }), snap(), choices, p).heads.category).toMatchObject({
      action: 'suggested',
      reason: 'confidence below 0.95',
    });
  });
});
