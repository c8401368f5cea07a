/**
 * The labels agents decided, read back from Freshdesk fields through the head registry's inverse
 * mapping (shared/triage/heads.ts): the group as the queue (through QUEUE_GROUP_MAP inverted, as
 * update-ticket maps it), the priority as a label, the type, a custom head's custom field.
 * Only decisions count: an empty field, or Freshdesk's default priority (Low) on a ticket nobody
 * has resolved yet, is not a label anyone chose, and scoring against it grades the model on noise.
 */
import type { FieldChoices, TicketSnapshot } from '@shared/ticket-system';
import { decidedLabels, headRegistry, type Head, type HeadContext } from '@shared/triage';

/** Why a head of a ticket has no agent label; undefined when it has one. */
export type Undecided = 'empty' | 'default priority on an open ticket';

/** How fields map to heads: update-ticket's QUEUE_GROUP_MAP and CUSTOM_FIELD_HEADS (both optional). */
export interface HeadMapping {
  queueToGroup?: Record<string, string | number>;
  customFieldHeads?: Record<string, string>;
}

export const mappedHeads = (m: HeadMapping = {}): Map<string, Head> => headRegistry(m.customFieldHeads);

function context(choices: FieldChoices, m: HeadMapping): HeadContext {
  // Only the mapping matters for reading labels back; the write-side settings are neutral.
  return {
    choices,
    settings: {
      queueToGroup: m.queueToGroup ?? {},
      customFieldHeads: m.customFieldHeads ?? {},
      priorityMap: {},
      onlyEmpty: true,
    },
  };
}

export function agentLabels(
  t: TicketSnapshot,
  choices: FieldChoices,
  m: HeadMapping = {},
): Record<string, string | undefined> {
  return decidedLabels(t, context(choices, m), mappedHeads(m).values());
}

/** Per head, why there is no label to score against (for the report's skip counts). */
export function undecidedReason(
  head: string,
  t: TicketSnapshot,
  heads: ReadonlyMap<string, Head> = mappedHeads(),
): Undecided {
  return heads.get(head)?.undecided?.(t) === undefined ? 'empty' : 'default priority on an open ticket';
}
