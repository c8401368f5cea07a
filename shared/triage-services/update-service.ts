/**
 * update-ticket's work for one classification, in an order that keeps ONE note per ticket and
 * model version even with several writers and a PUT that keeps failing:
 *
 * 1. Read the live ticket with ALL its conversations (paged past the 10 the view embeds) and find
 *    our own notes (private, by the key's agent, with the note id: `own-notes.ts`).
 * 2. Marker and note there: done. Duplicates of our note (left by a concurrent writer): deleted.
 * 3. No note yet: post it, then read the ticket again. If an older note of ours is there, another
 *    writer got there first: delete ours and leave the fields to that writer.
 * 4. Decide on the freshest read (right before the PUT) and send only the fields being applied
 *    plus the tags built on the freshest tags, with the marker.
 *
 * A delivery whose PUT fails finds its note on the next try and sends only the PUT: never a
 * second note. What remains (a window of one GET->PUT round trip, a help desk that lists a new
 * note late) is described in README.md, "Data safety".
 */
import type { TicketSystem, TicketSnapshot } from '../ticket-system';
import { hasMarker } from '../contract';
import {
  decide,
  policyHeads,
  ownTriageNotes,
  renderNote,
  splitDuplicates,
  type Outcome,
  type TriagePlan,
  type TriagePolicy,
} from '../triage';
import type { ClassifyResult } from '../contract/payloads';

export interface UpdateAnswer {
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
}

/** Tickets being updated in this process: a concurrent duplicate delivery waits its turn. */
const inFlight = new Map<number, Promise<unknown>>();

export async function applyClassification(
  ts: TicketSystem,
  result: ClassifyResult,
  ticketId: number,
  policy: TriagePolicy,
  dryRun: boolean,
): Promise<UpdateAnswer> {
  const previous = inFlight.get(ticketId);
  const run = (async () => {
    if (previous) await previous.catch(() => undefined);
    return applyOnce(ts, result, ticketId, policy, dryRun);
  })();
  inFlight.set(ticketId, run);
  try {
    return await run;
  } finally {
    if (inFlight.get(ticketId) === run) inFlight.delete(ticketId);
  }
}

async function removeDuplicates(ts: TicketSystem, live: TicketSnapshot, me: number, ticketId: number, version: string) {
  const { keep, duplicates } = splitDuplicates(ownTriageNotes(live.conversations, me, ticketId, version));
  for (const d of duplicates) await ts.deleteNote(d.id);
  return { keep, removed: duplicates.length };
}

async function applyOnce(
  ts: TicketSystem,
  result: ClassifyResult,
  ticketId: number,
  policy: TriagePolicy,
  dryRun: boolean,
): Promise<UpdateAnswer> {
  const version = result.model.version;
  const me = await ts.me();
  const live = await ts.getTicket(ticketId, { withNotes: true });
  const marked = hasMarker(live.tags, policy.markerTag, version);
  const choices = await ts.fieldChoices();
  const plan = decide(result, live, choices, policy);
  const base = { ticketId, heads: plan.heads, dryRun };
  if (dryRun) {
    const noted = ownTriageNotes(live.conversations, me, ticketId, version).length > 0;
    if (marked && noted) return { ...base, outcome: 'skipped', reason: `already triaged by model version ${version}` };
    return {
      ...base,
      outcome: plan.outcome,
      reason: plan.reason,
      ...(marked ? {} : { update: plan.changes }),
      ...(noted ? {} : { note: renderNote(ticketId, result, plan, policyHeads(policy)) }),
    };
  }
  const first = await removeDuplicates(ts, live, me, ticketId, version);
  let removed = first.removed;
  const extra = () => (removed > 0 ? { duplicatesRemoved: removed } : {});
  if (marked && first.keep)
    return { ...base, outcome: 'skipped', reason: `already triaged by model version ${version}`, ...extra() };

  let fresh = live;
  let mine: { id: number } | undefined;
  if (!first.keep) {
    // The note first: until the marker is written, fetch-tickets hands the ticket on again and the
    // next delivery finds this note and sends only the PUT.
    mine = await ts.addNote(ticketId, renderNote(ticketId, result, plan, policyHeads(policy)));
    // Read again: did another writer post before us, and what do the fields look like now?
    fresh = await ts.getTicket(ticketId, { withNotes: true });
    const after = splitDuplicates(ownTriageNotes(fresh.conversations, me, ticketId, version));
    if (after.keep && after.keep.id !== mine.id) {
      for (const d of after.duplicates) await ts.deleteNote(d.id);
      removed += after.duplicates.length;
      return {
        ...base,
        outcome: 'skipped',
        reason: 'another writer triaged this ticket at the same time (its note came first; ours was removed)',
        ...extra(),
      };
    }
    for (const d of after.duplicates) await ts.deleteNote(d.id);
    removed += after.duplicates.length;
  }
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
  const final = fresh === live ? plan : decide(result, fresh, choices, policy);
  await ts.updateTicket(ticketId, final.changes);
  // An agent changed something between the two reads: the note must say what was really done.
  if (mine && final !== plan && JSON.stringify(final.heads) !== JSON.stringify(plan.heads))
    await ts.updateNote(mine.id, renderNote(ticketId, result, final, policyHeads(policy)));
  const reason = first.keep ? 'completed an earlier attempt (the fields were missing)' : final.reason;
  return { ticketId, outcome: final.outcome, reason, heads: final.heads, dryRun, update: final.changes, ...extra() };
}
