/**
 * fetch-tickets' work: find the tickets that need triage (updated within the look-back window,
 * in the configured statuses, not spam or deleted, without this model version's marker) and hand
 * each on with bounded concurrency. Overlapping runs in one process never dispatch a ticket twice
 * (an in-process claim with a time-to-live); across processes, update-ticket's checks hold.
 */
import type { TicketSnapshot, TicketSystem } from '../ticket-system';
import { dispatch, type GatewaySettings } from './dispatch';
import type { FetchedTicket } from './schemas';
import { skipReason, type SelectionRules } from './select';

export interface FetchOptions {
  since: Date;
  limit: number;
  dryRun: boolean;
  ticketIds?: number[];
}

export interface FetchSummary {
  scanned: number;
  eligible: number;
  dispatched: number;
  skipped: Record<string, number>;
  errors: { ticketId: number; error: string }[];
  results?: unknown[];
}

/** What classify-ticket needs, capped: async payloads are limited, and the body's head is what matters. */
export const TEXT_CAP = 8000;
const claims = new Map<number, number>();

export function handOver(t: TicketSnapshot, dryRun: boolean) {
  const ticket: FetchedTicket = { id: t.id, updatedAt: t.updatedAt, groupId: t.groupId, priority: t.priority, type: t.type, tags: t.tags };
  return { ticketId: t.id, subject: t.subject.slice(0, 500), description_text: t.description.slice(0, TEXT_CAP), ticket, ...(dryRun ? { dryRun: true } : {}) };
}

/** Adapters report a ticket that does not exist with status 404 (Freshdesk's NotFoundError). */
const isNotFound = (err: unknown): boolean => (err as { status?: unknown } | null)?.status === 404;

async function* candidates(ts: TicketSystem, o: FetchOptions, skip: (reason: string) => void): AsyncIterable<TicketSnapshot> {
  if (o.ticketIds) {
    // Ids come from people and webhooks: one unknown id is skipped, the others still run.
    for (const id of o.ticketIds) {
      const t = await ts.getTicket(id).catch((err: unknown) => {
        if (isNotFound(err)) return undefined;
        throw err;
      });
      if (t) yield t;
      else skip('not-found');
    }
    return;
  }
  yield* ts.findTickets({ updatedSince: o.since });
}

export async function fetchAndDispatch(ts: TicketSystem, g: GatewaySettings, rules: SelectionRules, o: FetchOptions, concurrency: number, claimTtlMs: number, now = Date.now): Promise<FetchSummary> {
  const summary: FetchSummary = { scanned: 0, eligible: 0, dispatched: 0, skipped: {}, errors: [], ...(g.mode === 'sync' ? { results: [] } : {}) };
  const skip = (reason: string) => (summary.skipped[reason] = (summary.skipped[reason] ?? 0) + 1);
  const running = new Set<Promise<void>>();
  for await (const t of candidates(ts, o, skip)) {
    summary.scanned += 1;
    const reason = skipReason(t, rules);
    if (reason) {
      skip(reason);
      continue;
    }
    if ((claims.get(t.id) ?? 0) > now()) {
      skip('in-flight');
      continue;
    }
    summary.eligible += 1;
    if (summary.dispatched >= o.limit) {
      skip('run-limit');
      continue;
    }
    // A dry run writes nothing, so it claims nothing: the next real run must still see the ticket.
    if (!o.dryRun) claims.set(t.id, now() + claimTtlMs);
    summary.dispatched += 1;
    const job = dispatch(g, handOver(t, o.dryRun))
      .then((a) => {
        if (a.status >= 300 || (g.mode === 'async' && a.status !== 202)) throw new Error(`gateway answered ${a.status}`);
        summary.results?.push(a.body);
      })
      .catch((err: unknown) => {
        claims.delete(t.id);
        summary.errors.push({ ticketId: t.id, error: (err as Error).message });
      })
      .finally(() => running.delete(job));
    running.add(job);
    if (running.size >= concurrency) await Promise.race(running);
  }
  await Promise.all(running);
  for (const [id, until] of claims) if (until <= now()) claims.delete(id);
  return summary;
}
