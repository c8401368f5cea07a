/**
 * update-ticket's work for one classification, in an order that keeps ONE note per ticket and
 * model version even with several writers and a PUT that keeps failing:
 *
 * 1. Read the live ticket with ALL its conversations (paged past the 10 the view embeds) and find
 *    our own notes (private, by the key's agent, with the note id: `own-notes.ts`).
 * 2. Marker and note there: done. Duplicates of our note (left by a concurrent writer): deleted.
 * 3. No note yet: post it, then read the ticket again. If an older note of ours is there, another
 *    writer got there first: delete ours and leave the fields to that writer.
 * 4. Decide on the freshest read, taken right before the PUT with nothing in between (read again
 *    when deletes or conversation paging came after it), and send only what changes: the applied
 *    fields not already at their value, and the tags built on the freshest tags, with the marker.
 * 5. Compare the PUT's answer with that read on the fields not sent: if one moved, someone wrote
 *    in the window, and the answer says so (`changedDuringWrite`).
 *
 * A delivery whose PUT fails finds its note on the next try and sends only the PUT: never a
 * second note. What remains (a window of one round trip, a help desk that lists a new note late)
 * is described in docs/data-safety.md.
 */
import { hasMarker } from '../contract';
import type { TicketSystem, TicketSnapshot } from '../ticket-system';
import {
  changedBesides,
  decide,
  onlyChanges,
  policyHeads,
  ownTriageNotes,
  renderNote,
  sentFields,
  splitDuplicates,
  untouchedSinceCreation,
  type Outcome,
  type TriagePlan,
  type TriagePolicy,
} from '../triage';
import type { ClassifyResult } from '../contract/payloads';
import { systemClock, type Clock } from './clock';

interface UpdateAnswer {
  ticketId: number;
  outcome: Outcome;
  reason: string;
  heads: TriagePlan['heads'];
  dryRun: boolean;
  /** What was (or, in a dry run, would be) sent. */
  update?: TriagePlan['changes'];
  note?: string;
  /** Duplicate notes of ours this call deleted (another writer's, or an orphan of a lost answer). */
  duplicatesRemoved?: number;
  /**
   * Fields we did not send that someone else changed between our last read and our PUT (seen in
   * the PUT's answer): a sign that a change of theirs to the fields we sent may have been lost.
   */
  changedDuringWrite?: string[];
}

/** The settings an update service writes by (update-ticket's config carries them). */
export interface UpdateServiceConfig {
  policy: TriagePolicy;
  /** Every ticket-system call for one classification ends by this long after it starts. */
  deadlineMs: number;
}

export interface UpdateService {
  /** Applies one classification to its ticket (or, with `dryRun`, answers what it would write). */
  apply(result: ClassifyResult, ticketId: number, options: { dryRun: boolean }): Promise<UpdateAnswer>;
}

/**
 * update-ticket's service: one per deployment (the handler builds it once; tests build their own).
 * It owns the tickets being updated right now: a concurrent duplicate delivery for the same ticket
 * waits for the first to finish, then finds its note and marker and stops.
 */
export function createUpdateService(deps: {
  config: UpdateServiceConfig;
  ticketSystem: TicketSystem;
  clock?: Clock;
}): UpdateService {
  const { config: cfg } = deps;
  const clock = deps.clock ?? systemClock;
  const inFlight = new Map<number, Promise<unknown>>();
  return {
    async apply(result, ticketId, { dryRun }) {
      // 429s are waited out and retries made inside the deadline (counted from the delivery's
      // arrival, waiting included), never past exec_timeout.
      const ts = deps.ticketSystem.withDeadline(clock.now() + cfg.deadlineMs);
      const previous = inFlight.get(ticketId);
      const run = (async () => {
        if (previous) await previous.catch(() => undefined);
        return applyOnce(ts, result, ticketId, cfg.policy, dryRun);
      })();
      inFlight.set(ticketId, run);
      try {
        return await run;
      } finally {
        if (inFlight.get(ticketId) === run) inFlight.delete(ticketId);
      }
    },
  };
}

async function removeDuplicates(ts: TicketSystem, live: TicketSnapshot, me: number, ticketId: number, version: string) {
  const { keep, duplicates } = splitDuplicates(ownTriageNotes(live.conversations, me, ticketId, version));
  for (const d of duplicates) await ts.deleteNote(d.id);
  return { keep, removed: duplicates.length };
}

/**
 * The embedded conversation list stops at 10; past that the adapter pages the conversations after
 * reading the ticket, so that read's fields are older than its last call.
 */
const EMBEDDED_CONVERSATIONS = 10;

/**
 * Posts our note, then reads the ticket again: did another writer post before us (its older note
 * stands, ours is removed: `ours` false), and what do the fields look like now? Duplicates of ours
 * that came later are deleted.
 */
async function postNote(
  ts: TicketSystem,
  c: { result: ClassifyResult; ticketId: number; plan: TriagePlan; policy: TriagePolicy; me: number },
): Promise<{ ours: boolean; fresh: TicketSnapshot; mine: { id: number }; removed: number }> {
  const version = c.result.model.version;
  // The note first: until the marker is written, fetch-tickets hands the ticket on again and the
  // next delivery finds this note and sends only the PUT.
  const mine = await ts.addNote(c.ticketId, renderNote(c.ticketId, c.result, c.plan, policyHeads(c.policy)));
  const fresh = await ts.getTicket(c.ticketId, { withNotes: true });
  const after = splitDuplicates(ownTriageNotes(fresh.conversations, c.me, c.ticketId, version));
  for (const d of after.duplicates) await ts.deleteNote(d.id);
  return { ours: !after.keep || after.keep.id === mine.id, fresh, mine, removed: after.duplicates.length };
}

/**
 * The steps in the header's order, in one function on purpose (about 100 lines): the order of the
 * reads, the note and the PUT is what keeps one note and a short window, and it reads best whole.
 */
async function applyOnce(
  ts: TicketSystem,
  result: ClassifyResult,
  ticketId: number,
  policy: TriagePolicy,
  dryRun: boolean,
): Promise<UpdateAnswer> {
  const version = result.model.version;
  const me = await ts.me();
  // Before any read: nothing but the note's own steps may sit between a read and the PUT.
  const choices = await ts.fieldChoices();
  const live = await ts.getTicket(ticketId, { withNotes: true });
  const marked = hasMarker(live.tags, policy.markerTag, version);
  const untouched = untouchedSinceCreation(live, me);
  const plan = decide(result, live, choices, policy, { untouched });
  const base = { ticketId, heads: plan.heads, dryRun };
  if (dryRun) {
    const noted = ownTriageNotes(live.conversations, me, ticketId, version).length > 0;
    if (marked && noted) return { ...base, outcome: 'skipped', reason: `already triaged by model version ${version}` };
    return {
      ...base,
      outcome: plan.outcome,
      reason: plan.reason,
      ...(marked ? {} : { update: onlyChanges(plan.changes, live) }),
      ...(noted ? {} : { note: renderNote(ticketId, result, plan, policyHeads(policy)) }),
    };
  }
  const first = await removeDuplicates(ts, live, me, ticketId, version);
  let removed = first.removed;
  const extra = () => (removed > 0 ? { duplicatesRemoved: removed } : {});
  if (marked && first.keep)
    return { ...base, outcome: 'skipped', reason: `already triaged by model version ${version}`, ...extra() };

  let fresh = live;
  let freshUntouched = untouched;
  let mine: { id: number } | undefined;
  // Work done since `fresh` was read (deletes, paging): its fields are read again before the PUT.
  let stale = first.removed > 0 || (live.conversations?.length ?? 0) >= EMBEDDED_CONVERSATIONS;
  if (!first.keep) {
    const posted = await postNote(ts, { result, ticketId, plan, policy, me });
    removed += posted.removed;
    if (!posted.ours)
      return {
        ...base,
        outcome: 'skipped',
        reason: 'another writer triaged this ticket at the same time (its note came first; ours was removed)',
        ...extra(),
      };
    ({ fresh, mine } = posted);
    stale = posted.removed > 0 || (fresh.conversations?.length ?? 0) >= EMBEDDED_CONVERSATIONS;
    // Only the note just posted may explain a newer updated_at.
    freshUntouched = untouched && untouchedSinceCreation(fresh, me, mine);
  }
  // The last read before the PUT: with nothing between them, only a change landing in one round
  // trip can be overwritten (Freshdesk has no conditional update; docs/data-safety.md).
  if (stale)
    fresh = {
      ...(await ts.getTicket(ticketId)),
      ...(fresh.conversations ? { conversations: fresh.conversations } : {}),
    };
  if (hasMarker(fresh.tags, policy.markerTag, version)) {
    return {
      ...base,
      outcome: plan.outcome,
      reason: 'completed an earlier attempt (the note was missing)',
      ...extra(),
    };
  }
  // Decide again on the freshest read: an agent's change since the first read stands, and the
  // tags are built on the tags as they are now (the PUT replaces the whole list).
  const final = fresh === live ? plan : decide(result, fresh, choices, policy, { untouched: freshUntouched });
  const changes = onlyChanges(final.changes, fresh);
  const written = await ts.updateTicket(ticketId, changes);
  // Freshdesk answers with the ticket after our write: a field we did not send that moved means
  // someone wrote in the window (what they did to the fields we sent cannot be seen).
  const window = changedBesides(fresh, written, changes);
  // The note must say what was really done: an agent changed something between the two reads,
  // or someone wrote in the window and the agents should check the fields we sent.
  const noteId = mine?.id ?? first.keep?.id;
  const redecided = final !== plan && JSON.stringify(final.heads) !== JSON.stringify(plan.heads);
  if (noteId !== undefined && ((mine && redecided) || window.length > 0)) {
    const warning =
      window.length > 0
        ? `someone changed this ticket (${window.join(', ')}) while this triage was writing ${sentFields(changes).join(', ')}; a change of theirs to those fields at that moment may have been overwritten.`
        : undefined;
    await ts.updateNote(noteId, renderNote(ticketId, result, final, policyHeads(policy), warning));
  }
  const reason = first.keep ? 'completed an earlier attempt (the fields were missing)' : final.reason;
  return {
    ticketId,
    outcome: final.outcome,
    reason,
    heads: final.heads,
    dryRun,
    update: changes,
    ...(window.length > 0 ? { changedDuringWrite: window } : {}),
    ...extra(),
  };
}
