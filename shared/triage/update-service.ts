/**
 * update-ticket's work for one classification: read the live ticket (one GET with its notes),
 * skip what is already done, decide per head, then write fields + marker in one PUT and the note
 * in one POST (note first, then fields and marker). The GET is the price of two promises: an agent's change made after fetch-tickets
 * read the ticket is never overwritten, and a repeated delivery never adds a second note.
 */
import type { TicketSystem } from '../ticket-system';
import { decide, type Outcome, type TriagePlan, type TriagePolicy } from './decide';
import { hasMarker, hasNote } from './marker';
import { renderNote } from './note';
import type { ClassifyResult } from './schemas';

export interface UpdateAnswer {
  ticketId: number;
  outcome: Outcome;
  reason: string;
  heads: TriagePlan['heads'];
  dryRun: boolean;
  /** What was (or, in a dry run, would be) sent. */
  update?: TriagePlan['changes'];
  note?: string;
}

/** Tickets being updated in this process: a concurrent duplicate delivery waits its turn. */
const inFlight = new Map<number, Promise<unknown>>();

export async function applyClassification(ts: TicketSystem, result: ClassifyResult, ticketId: number, policy: TriagePolicy, dryRun: boolean): Promise<UpdateAnswer> {
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

async function applyOnce(ts: TicketSystem, result: ClassifyResult, ticketId: number, policy: TriagePolicy, dryRun: boolean): Promise<UpdateAnswer> {
  const version = result.model.version;
  const live = await ts.getTicket(ticketId, { withNotes: true });
  const marked = hasMarker(live.tags, policy.markerTag, version);
  const noted = hasNote(live.notes, ticketId, version);
  const choices = await ts.fieldChoices();
  const plan = decide(result, live, choices, policy);
  if (marked && noted) return { ticketId, outcome: 'skipped', reason: `already triaged by model version ${version}`, heads: plan.heads, dryRun };
  const note = renderNote(ticketId, result, plan);
  if (dryRun) return { ticketId, outcome: plan.outcome, reason: plan.reason, heads: plan.heads, dryRun, ...(marked ? {} : { update: plan.changes }), ...(noted ? {} : { note }) };
  // The note first, then the fields with the marker: until the marker is written, fetch-tickets
  // hands the ticket on again, and this check finds the note and sends only what is missing. A
  // failed or lost note POST therefore never leaves a marked ticket without its note.
  if (!noted) await ts.addNote(ticketId, note);
  if (!marked) await ts.updateTicket(ticketId, plan.changes);
  if (marked || noted) return { ticketId, outcome: plan.outcome, reason: `completed an earlier attempt (${marked ? 'note' : 'fields'} were missing)`, heads: plan.heads, dryRun };
  return { ticketId, outcome: plan.outcome, reason: plan.reason, heads: plan.heads, dryRun };
}
