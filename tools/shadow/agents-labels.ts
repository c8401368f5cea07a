/**
 * The labels agents decided, read back from Freshdesk fields: the group as the queue (through the
 * same queue -> group mapping update-ticket uses, inverted), the priority as a label, the type.
 */
import type { FieldChoices, TicketSnapshot } from '@shared/ticket-system';

export const PRIORITY_LABELS: Record<number, string> = { 1: 'low', 2: 'medium', 3: 'high', 4: 'urgent' };

export function agentLabels(t: TicketSnapshot, choices: FieldChoices, queueToGroup: Record<string, string | number> = {}): Record<string, string | undefined> {
  const groupName = Object.entries(choices.groups).find(([, id]) => id === t.groupId)?.[0];
  const queue = groupName === undefined ? undefined : (Object.entries(queueToGroup).find(([, g]) => g === groupName || g === t.groupId)?.[0] ?? groupName);
  return { queue, priority: PRIORITY_LABELS[t.priority], type: t.type ?? undefined };
}
