/**
 * The labels agents decided, read back from Freshdesk fields: the group as the queue (through the
 * same queue -> group mapping update-ticket uses, inverted), the priority as a label, the type.
 * Only decisions count: an empty field, or Freshdesk's default priority (Low) on a ticket nobody
 * has resolved yet, is not a label anyone chose, and scoring against it grades the model on noise.
 */
import type { FieldChoices, TicketSnapshot } from '@shared/ticket-system';

export const PRIORITY_LABELS: Record<number, string> = { 1: 'low', 2: 'medium', 3: 'high', 4: 'urgent' };
/** Freshdesk's status ids for resolved and closed: an agent has finished with the ticket. */
export const DECIDED_STATUSES = new Set([4, 5]);
const DEFAULT_PRIORITY = 1;

/** Why a head of a ticket has no agent label; undefined when it has one. */
export type Undecided = 'empty' | 'default priority on an open ticket';

export function agentLabels(t: TicketSnapshot, choices: FieldChoices, queueToGroup: Record<string, string | number> = {}): Record<string, string | undefined> {
  const groupName = Object.entries(choices.groups).find(([, id]) => id === t.groupId)?.[0];
  const queue = groupName === undefined ? undefined : (Object.entries(queueToGroup).find(([, g]) => g === groupName || g === t.groupId)?.[0] ?? groupName);
  const priorityChosen = t.priority !== DEFAULT_PRIORITY || DECIDED_STATUSES.has(t.status);
  return { queue, priority: priorityChosen ? PRIORITY_LABELS[t.priority] : undefined, type: t.type ?? undefined };
}

/** Per head, why there is no label to score against (for the report's skip counts). */
export function undecidedReason(head: string, t: TicketSnapshot): Undecided {
  return head === 'priority' && t.priority === DEFAULT_PRIORITY && !DECIDED_STATUSES.has(t.status) ? 'default priority on an open ticket' : 'empty';
}

/** The product's own marker, any version: such a ticket's fields may be the model's answers, not an agent's. */
export function triagedByProduct(tags: string[], base = 'ai-triaged'): boolean {
  return tags.some((t) => t === base || t.startsWith(`${base}-`));
}
