/**
 * The triage decision, pure and testable without HTTP: per head, apply the prediction, only
 * suggest it (in the note), send the ticket to review, or keep what is there. A field is written
 * only when it is still empty or at its default AND unchanged since fetch-tickets saw it, so an
 * agent's decision is never overwritten. The marker tags go in the same update as the fields.
 */
import type { FieldChoices, TicketChanges, TicketSnapshot } from '../ticket-system';
import { markerTags } from './marker';
import type { ClassifyResult, FetchedTicket } from '../contract/payloads';

export type HeadAction = 'applied' | 'suggested' | 'review' | 'kept' | 'unmapped';
export type Outcome = 'applied' | 'suggested' | 'review' | 'skipped' | 'failed';

export interface TriagePolicy {
  /** Apply at or above this confidence, per head (fallback `default`). */
  applyAt: Record<string, number>;
  /** Below this confidence on the queue head, the ticket goes to review. */
  reviewBelow: number;
  /** Predicted tags at or above this confidence are added. */
  tagsAt: number;
  markerTag: string;
  reviewTag: string;
  /** Group for review (by name); only set when the ticket has no group. */
  reviewGroup?: string;
  /** Queue label -> group name or id, when they differ. */
  queueToGroup: Record<string, string | number>;
  /** Priority label -> Freshdesk priority. Urgent (4) is never set by default. */
  priorityMap: Record<string, 1 | 2 | 3 | 4>;
  /** Head -> custom field name, for heads other than queue, priority and type. */
  customFieldHeads: Record<string, string>;
  /** Fill a field only when empty/default (true), or also when it is unchanged since fetch (false). */
  onlyEmpty: boolean;
  /** How priority may be written (PRIORITY_POLICY). @default 'raise-only' */
  priorityPolicy?: PriorityPolicy;
}

/**
 * `raise-only` (default): only raise priority above the default (Low), and only on a ticket no
 * agent has triaged yet (no group, no type): Low on a ticket an agent has worked on may be a
 * deliberate choice, and Freshdesk does not say who set it. Never lowers.
 * `fill-default`: fill a priority still at the default (Low) whatever else is set.
 * `never`: priority is only suggested in the note.
 */
export type PriorityPolicy = 'raise-only' | 'fill-default' | 'never';

export interface HeadDecision {
  label: string;
  confidence: number;
  action: HeadAction;
  reason?: string;
}

export interface TriagePlan {
  changes: TicketChanges;
  heads: Record<string, HeadDecision>;
  outcome: Outcome;
  reason: string;
}

const DEFAULT_PRIORITY = 1;
const applyAt = (p: TriagePolicy, head: string): number => p.applyAt[head] ?? p.applyAt.default ?? 0.6;

/** Did someone change this field since fetch-tickets read it? */
function changedSinceFetch(head: string, live: TicketSnapshot, fetched?: FetchedTicket): boolean {
  if (!fetched) return false;
  if (head === 'queue') return live.groupId !== fetched.groupId;
  if (head === 'priority') return live.priority !== fetched.priority;
  if (head === 'type') return live.type !== fetched.type;
  return false;
}

function isOpen(head: string, live: TicketSnapshot, p: TriagePolicy, field?: string): boolean {
  if (head === 'queue') return live.groupId === null;
  if (head === 'type') return live.type === null;
  if (head === 'priority') return p.onlyEmpty ? live.priority === DEFAULT_PRIORITY : true;
  if (field) return live.customFields[field] === null || live.customFields[field] === undefined;
  return false;
}

export function decide(result: ClassifyResult, live: TicketSnapshot, choices: FieldChoices, p: TriagePolicy): TriagePlan {
  const changes: TicketChanges = {};
  const heads: Record<string, HeadDecision> = {};
  let review = false;
  for (const [head, pred] of Object.entries(result.predictions)) {
    const d: HeadDecision = { label: pred.label, confidence: pred.confidence, action: 'suggested' };
    heads[head] = d;
    const field = p.customFieldHeads[head];
    if (!isOpen(head, live, p, field) || changedSinceFetch(head, live, result.ticket)) {
      d.action = 'kept';
      d.reason = 'set by an agent';
      continue;
    }
    const held = head === 'priority' ? priorityHeld(pred.label, live, p) : undefined;
    if (held) {
      Object.assign(d, held);
      continue;
    }
    if (head === 'queue' && pred.confidence < p.reviewBelow) {
      d.action = 'review';
      d.reason = `confidence below ${p.reviewBelow}`;
      review = true;
      continue;
    }
    if (pred.confidence < applyAt(p, head)) {
      d.reason = `confidence below ${applyAt(p, head)}`;
      continue;
    }
    const value = mapValue(head, pred.label, choices, p, field);
    if (value === undefined) {
      d.action = 'unmapped';
      d.reason = `no Freshdesk value for "${pred.label}"`;
      continue;
    }
    // Custom fields merge: several custom-field heads each add their field to the one PUT.
    const { customFields, ...fields } = value;
    Object.assign(changes, fields);
    if (customFields) changes.customFields = { ...changes.customFields, ...customFields };
    d.action = 'applied';
  }
  const extraTags = (result.tags ?? []).filter((t) => t.confidence >= p.tagsAt).map((t) => t.label.slice(0, 32));
  const tags = new Set([...live.tags, ...markerTags(p.markerTag, result.model.version), ...extraTags, ...(review ? [p.reviewTag] : [])]);
  changes.tags = [...tags];
  if (review && p.reviewGroup && live.groupId === null && changes.groupId === undefined) {
    const gid = choices.groups[p.reviewGroup];
    if (gid !== undefined) changes.groupId = gid;
  }
  const actions = Object.values(heads).map((h) => h.action);
  const outcome: Outcome = actions.includes('applied') ? 'applied' : review ? 'review' : actions.includes('suggested') || actions.includes('unmapped') ? 'suggested' : 'skipped';
  const reason = outcome === 'skipped' ? 'every field was already set by an agent' : outcome === 'review' ? 'queue confidence too low' : `${actions.filter((a) => a === 'applied').length} field(s) applied`;
  return { changes, heads, outcome, reason };
}

/** Why the priority policy keeps the prediction out of the ticket, or undefined to go on. */
function priorityHeld(label: string, live: TicketSnapshot, p: TriagePolicy): Pick<HeadDecision, 'action' | 'reason'> | undefined {
  const policy = p.priorityPolicy ?? 'raise-only';
  if (policy === 'never') return { action: 'suggested', reason: 'PRIORITY_POLICY=never' };
  if (policy === 'fill-default') return undefined;
  const n = p.priorityMap[label.toLowerCase()];
  if (n !== undefined && n <= live.priority) return { action: 'kept', reason: 'would not raise the priority (PRIORITY_POLICY=raise-only)' };
  if (live.priority === DEFAULT_PRIORITY && (live.groupId !== null || live.type !== null)) {
    return { action: 'kept', reason: 'an agent has triaged this ticket; Low may be their choice (PRIORITY_POLICY=raise-only)' };
  }
  return undefined;
}

function mapValue(head: string, label: string, choices: FieldChoices, p: TriagePolicy, field?: string): TicketChanges | undefined {
  if (head === 'queue') {
    const target = p.queueToGroup[label] ?? label;
    const id = typeof target === 'number' ? target : choices.groups[target];
    return id === undefined ? undefined : { groupId: id };
  }
  if (head === 'priority') {
    const n = p.priorityMap[label.toLowerCase()];
    return n === undefined ? undefined : { priority: n };
  }
  if (head === 'type') {
    const match = choices.types.find((t) => t.toLowerCase() === label.toLowerCase());
    return match === undefined ? undefined : { type: match };
  }
  if (field) {
    const allowed = choices.dropdowns[field];
    if (allowed && !allowed.includes(label)) return undefined;
    return { customFields: { [field]: label } };
  }
  return undefined;
}
