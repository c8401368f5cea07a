/**
 * The triage decision, pure and testable without HTTP: per head, apply the prediction, only
 * suggest it (in the note), send the ticket to review, or keep what is there. A field is written
 * only when it is still empty or at its default AND unchanged since fetch-tickets saw it, so an
 * agent's decision is never overwritten. The marker tags go in the same update as the fields.
 * What each head writes, and when its field counts as empty, is in the head registry (heads.ts).
 */
import type { FieldChoices, TicketChanges, TicketSnapshot } from '../ticket-system';
import {
  applyThreshold,
  changedSinceFetch,
  headRegistry,
  type Head,
  type HeadContext,
  type HeadSettings,
} from './heads';
import { markerTags } from '../contract/marker';
import type { ClassifyResult } from '../contract/payloads';
type HeadAction = 'applied' | 'suggested' | 'review' | 'kept' | 'unmapped';
export type Outcome = 'applied' | 'suggested' | 'review' | 'skipped' | 'failed';

export interface TriagePolicy extends HeadSettings {
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
  /** Heads beyond the built-ins and CUSTOM_FIELD_HEADS (or replacing one of the same name). */
  heads?: readonly Head[];
}

interface HeadDecision {
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

/** The registry a policy decides with. */
export const policyHeads = (p: TriagePolicy): Map<string, Head> => headRegistry(p.customFieldHeads, p.heads);

/** What the caller found out about the ticket beyond its fields. */
export interface TicketFacts {
  /** It shows nothing but its creation (`untouchedSinceCreation`); unset: cannot tell, counts as touched. */
  untouched?: boolean;
}

export function decide(
  result: ClassifyResult,
  live: TicketSnapshot,
  choices: FieldChoices,
  p: TriagePolicy,
  facts: TicketFacts = {},
): TriagePlan {
  const registry = policyHeads(p);
  const ctx: HeadContext = {
    choices,
    settings: p,
    ...(facts.untouched !== undefined ? { untouched: facts.untouched } : {}),
  };
  const changes: TicketChanges = {};
  const heads: Record<string, HeadDecision> = {};
  let review = false;
  for (const [name, pred] of Object.entries(result.predictions)) {
    const d: HeadDecision = { label: pred.label, confidence: pred.confidence, action: 'suggested' };
    heads[name] = d;
    const head = registry.get(name);
    if (!head) {
      // A trained head with no field to write (not in CUSTOM_FIELD_HEADS): the note shows it.
      d.reason = 'no ticket field for this head (CUSTOM_FIELD_HEADS)';
      continue;
    }
    if (!head.isOpen(live, p) || changedSinceFetch(head, live, result.ticket)) {
      d.action = 'kept';
      d.reason = 'set by an agent';
      continue;
    }
    const held = head.hold?.(pred.label, live, ctx);
    if (held) {
      Object.assign(d, held);
      continue;
    }
    if (head.reviews && pred.confidence < p.reviewBelow) {
      d.action = 'review';
      d.reason = `confidence below ${p.reviewBelow}`;
      review = true;
      continue;
    }
    const at = applyThreshold(p.applyAt, name);
    if (pred.confidence < at) {
      d.reason = `confidence below ${at}`;
      continue;
    }
    const value = head.write(pred.label, ctx);
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
  const tags = new Set([
    ...live.tags,
    ...markerTags(p.markerTag, result.model.version),
    ...extraTags,
    ...(review ? [p.reviewTag] : []),
  ]);
  changes.tags = [...tags];
  if (review && p.reviewGroup && live.groupId === null && changes.groupId === undefined) {
    const gid = choices.groups[p.reviewGroup];
    if (gid !== undefined) changes.groupId = gid;
  }
  const actions = Object.values(heads).map((h) => h.action);
  const outcome: Outcome = actions.includes('applied')
    ? 'applied'
    : review
      ? 'review'
      : actions.includes('suggested') || actions.includes('unmapped')
        ? 'suggested'
        : 'skipped';
  const reason =
    outcome === 'skipped'
      ? 'every field was already set by an agent'
      : outcome === 'review'
        ? 'queue confidence too low'
        : `${actions.filter((a) => a === 'applied').length} field(s) applied`;
  return { changes, heads, outcome, reason };
}
