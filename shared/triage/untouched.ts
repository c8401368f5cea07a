/**
 * Whether a ticket still shows nothing but its creation: the one way Freshdesk's API lets us tell
 * "a default nobody set" from "a value an agent chose". The API has no "set by" on a field and no
 * per-ticket field history (the ticket-activities export is a daily file, not a query). What it
 * does show is `created_at`, `updated_at` (moved by every change, to the second) and every
 * conversation with its author and time. So a ticket counts as untouched when nobody but this
 * integration wrote a conversation on it and `updated_at` is no later than its creation, or than
 * the note this delivery just posted (`justPosted`: posting it moved `updated_at`). Anything else
 * (an agent's edit of any field, a note or a reply, the requester's too, an automation, an earlier
 * note of ours whose bump could hide an agent's change before it) might have set the value, so it
 * counts as touched: the safer side, where a prediction only goes into the note. Without the
 * creation time, the conversations or our agent id there is no telling, and that counts as touched.
 */
import type { TicketSnapshot } from '../ticket-system';

export function untouchedSinceCreation(
  t: TicketSnapshot,
  ownAgentId: number | undefined,
  justPosted?: { id: number },
): boolean {
  if (t.createdAt === undefined || t.conversations === undefined || ownAgentId === undefined) return false;
  let last = Date.parse(t.createdAt);
  for (const c of t.conversations) {
    if (c.authorId !== ownAgentId) return false;
    if (c.id === justPosted?.id && c.createdAt !== undefined) last = Math.max(last, Date.parse(c.createdAt));
  }
  const updated = Date.parse(t.updatedAt);
  return Number.isFinite(last) && Number.isFinite(updated) && updated <= last;
}
