/**
 * The read->PUT window, on paper: Freshdesk's PUT is last-write-wins (no ETag, no version, no
 * conditional update), so a change another writer makes between our last read and our PUT, to a
 * field the PUT carries, is overwritten. Two pure helpers keep that small and visible:
 * `onlyChanges` drops what would not change anything (a field already at the value, tags already
 * as listed), so the PUT carries nothing it need not; `changedBesides` compares the PUT's answer
 * (Freshdesk answers with the whole ticket as it is after the write) with the last read, on the
 * fields the PUT did not carry: a difference there means someone else wrote in the window. It
 * cannot show what they did to the fields we wrote (our values are what the answer holds).
 */
import type { TicketChanges, TicketSnapshot } from '../ticket-system';

const same = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** `changes` without the fields the ticket already has (as read last). */
export function onlyChanges(changes: TicketChanges, t: TicketSnapshot): TicketChanges {
  const out: TicketChanges = {};
  if (changes.groupId !== undefined && changes.groupId !== t.groupId) out.groupId = changes.groupId;
  if (changes.priority !== undefined && changes.priority !== t.priority) out.priority = changes.priority;
  if (changes.type !== undefined && changes.type !== t.type) out.type = changes.type;
  if (changes.tags !== undefined && !same(changes.tags, t.tags)) out.tags = changes.tags;
  if (changes.customFields) {
    const cf = Object.entries(changes.customFields).filter(([k, v]) => t.customFields[k] !== v);
    if (cf.length > 0) out.customFields = Object.fromEntries(cf);
  }
  return out;
}

/** Fields the PUT did not carry whose value differs between the last read and the PUT's answer. */
export function changedBesides(before: TicketSnapshot, after: TicketSnapshot, sent: TicketChanges): string[] {
  const moved: string[] = [];
  if (sent.groupId === undefined && after.groupId !== before.groupId) moved.push('group');
  if (sent.priority === undefined && after.priority !== before.priority) moved.push('priority');
  if (sent.type === undefined && after.type !== before.type) moved.push('type');
  if (after.status !== before.status) moved.push('status');
  if (sent.tags === undefined && !same(after.tags, before.tags)) moved.push('tags');
  for (const k of new Set([...Object.keys(before.customFields), ...Object.keys(after.customFields)]))
    if (sent.customFields?.[k] === undefined && (after.customFields[k] ?? null) !== (before.customFields[k] ?? null))
      moved.push(`custom field ${k}`);
  return moved;
}

/** The fields a PUT carried, by their names in the help desk. */
export function sentFields(sent: TicketChanges): string[] {
  return [
    ...(sent.groupId !== undefined ? ['group'] : []),
    ...(sent.priority !== undefined ? ['priority'] : []),
    ...(sent.type !== undefined ? ['type'] : []),
    ...(sent.tags !== undefined ? ['tags'] : []),
    ...Object.keys(sent.customFields ?? {}).map((k) => `custom field ${k}`),
  ];
}
