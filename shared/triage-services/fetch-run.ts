/**
 * One fetch run: find the tickets that need triage (updated within the look-back window,
 * in the configured statuses, not spam or deleted, without this model version's marker) and hand
 * each on with bounded concurrency. The list is read by keyset (no page shifting while the chain
 * writes). Overlapping runs in one process never dispatch a ticket twice (an in-process claim
 * with a time-to-live, shorter than the cron interval); across processes, update-ticket's note
 * rule holds. The backlog mode walks tickets older than the look-back, for catching up.
 * The state a run reads and writes (claims, attempt counts) belongs to the fetch service that
 * calls it (fetch-service.ts); this file keeps none.
 */
import { TicketNotFoundError, type TicketSnapshot, type TicketSystem } from '../ticket-system';
import { skipReason, type AttemptTracker, type DeadLetter, type SelectionRules } from '../triage';
import type { Dispatcher } from './dispatch';
import { SUBJECT_CAP, TEXT_CAP, type FetchedTicket, type HandOver } from '../contract/payloads';

export interface FetchOptions {
  since: Date;
  /** Stop listing at tickets updated after this (the backlog mode stops where the look-back begins). */
  until?: Date;
  limit: number;
  dryRun: boolean;
  ticketIds?: number[];
  /** Stop listing after this many tickets (a bounded backlog pass; it continues from `lastUpdatedAt`). */
  maxScanned?: number;
}

export interface FetchSummary {
  scanned: number;
  eligible: number;
  dispatched: number;
  skipped: Record<string, number>;
  errors: { ticketId: number; function: string; status: number | null; error: string }[];
  /** Tickets handed on `maxAttempts` times without coming back triaged: no longer dispatched until they change. */
  deadLetter: DeadLetter[];
  /** Untriaged tickets seen but not handed on in this run (in flight, over the run limit, dead-lettered). */
  notDispatched: { count: number; ids: number[] };
  /** Age of the oldest untriaged ticket seen, by creation time; null when none was seen. */
  oldestUntriagedMinutes: number | null;
  /** Why the automatic backlog pass of this run failed (it is tried again next run). */
  backlogError?: string;
  /** With `maxScanned`: where the walk stopped (null: it reached the end). */
  lastUpdatedAt?: string | null;
  results?: unknown[];
}

/** What a run works with: the fetch service's parts and state, and this run's ticket-system view. */
export interface RunContext {
  ticketSystem: TicketSystem;
  dispatcher: Dispatcher;
  rules: SelectionRules;
  concurrency: number;
  claimTtlMs: number;
  /** Ticket id -> time (ms) until which a hand-over of it is in flight (a claim). */
  claims: Map<number, number>;
  tracker: AttemptTracker;
  now: () => number;
}

const LISTED_IDS = 100;

/**
 * What classify-ticket needs (the contract's `HandOver`), capped.
 * @internal exported for tests and benches; the product calls it inside this folder
 */
export function handOver(t: TicketSnapshot, dryRun: boolean): HandOver {
  const ticket: FetchedTicket = {
    id: t.id,
    updatedAt: t.updatedAt,
    groupId: t.groupId,
    priority: t.priority,
    type: t.type,
    tags: t.tags,
  };
  return {
    ticketId: t.id,
    subject: t.subject.slice(0, SUBJECT_CAP),
    description_text: t.description.slice(0, TEXT_CAP),
    ticket,
    ...(dryRun ? { dryRun: true as const } : {}),
  };
}

/** The port's error for a ticket that does not exist, whichever help desk answered. */
const isNotFound = (err: unknown): boolean => err instanceof TicketNotFoundError;

async function* candidates(
  ts: TicketSystem,
  o: FetchOptions,
  skip: (reason: string) => void,
): AsyncIterable<TicketSnapshot> {
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
  const until = o.until?.getTime();
  for await (const t of ts.findTickets({ updatedSince: o.since })) {
    // Ordered by updated_at ascending: past `until` the regular look-back run takes over.
    if (until !== undefined && Date.parse(t.updatedAt) > until) return;
    yield t;
  }
}

export async function fetchAndDispatch(c: RunContext, o: FetchOptions): Promise<FetchSummary> {
  const { claims, tracker, now } = c;
  const summary: FetchSummary = {
    scanned: 0,
    eligible: 0,
    dispatched: 0,
    skipped: {},
    errors: [],
    deadLetter: [],
    notDispatched: { count: 0, ids: [] },
    oldestUntriagedMinutes: null,
    ...(c.dispatcher.mode === 'sync' ? { results: [] } : {}),
  };
  const skip = (reason: string) => (summary.skipped[reason] = (summary.skipped[reason] ?? 0) + 1);
  const notDispatched = (t: TicketSnapshot, reason: string): void => {
    skip(reason);
    summary.notDispatched.count += 1;
    if (summary.notDispatched.ids.length < LISTED_IDS) summary.notDispatched.ids.push(t.id);
  };
  const running = new Set<Promise<void>>();
  if (o.maxScanned !== undefined) summary.lastUpdatedAt = null;
  for await (const t of candidates(c.ticketSystem, o, skip)) {
    if (o.maxScanned !== undefined && summary.scanned >= o.maxScanned) {
      summary.lastUpdatedAt = t.updatedAt;
      break;
    }
    summary.scanned += 1;
    const reason = skipReason(t, c.rules);
    if (reason) {
      if (reason === 'already-triaged') tracker.done(t.id);
      skip(reason);
      continue;
    }
    const created = t.createdAt ? Date.parse(t.createdAt) : NaN;
    if (!Number.isNaN(created))
      summary.oldestUntriagedMinutes = Math.max(
        summary.oldestUntriagedMinutes ?? 0,
        Math.floor((now() - created) / 60_000),
      );
    if (tracker.isDead(t.id, t.updatedAt)) {
      notDispatched(t, 'dead-letter');
      continue;
    }
    if ((claims.get(t.id) ?? 0) > now()) {
      notDispatched(t, 'in-flight');
      continue;
    }
    summary.eligible += 1;
    if (summary.dispatched >= o.limit) {
      notDispatched(t, 'run-limit');
      continue;
    }
    // A dry run writes nothing, so it claims nothing: the next real run must still see the ticket.
    if (!o.dryRun) {
      claims.set(t.id, now() + c.claimTtlMs);
      tracker.dispatched(t.id, t.updatedAt);
    }
    summary.dispatched += 1;
    const job = c.dispatcher
      .dispatch(handOver(t, o.dryRun))
      .then((a) => {
        if (a.status >= 300 || (c.dispatcher.mode === 'async' && a.status !== 202))
          throw new DispatchError(a.status, a.body, a.fn);
        summary.results?.push(a.body);
      })
      .catch((err: unknown) => {
        claims.delete(t.id);
        const d = err instanceof DispatchError ? err : undefined;
        summary.errors.push({
          ticketId: t.id,
          function: d?.fn ?? 'gateway',
          status: d?.status ?? null,
          error: (err as Error).message.slice(0, 500),
        });
      })
      .finally(() => running.delete(job));
    running.add(job);
    if (running.size >= c.concurrency) await Promise.race(running);
  }
  await Promise.all(running);
  for (const [id, until] of claims) if (until <= now()) claims.delete(id);
  summary.deadLetter = tracker.deadLetters().slice(0, LISTED_IDS);
  return summary;
}

/** A non-2xx answer through the gateway: which function (sync mode: classify or update), status, its message. */
class DispatchError extends Error {
  constructor(
    readonly status: number,
    body: unknown,
    readonly fn: string,
  ) {
    const b = (typeof body === 'object' && body !== null ? body : {}) as { error?: unknown };
    super(
      typeof b.error === 'string'
        ? b.error
        : typeof body === 'string' && body
          ? body.slice(0, 200)
          : `gateway answered ${status}`,
    );
  }
}
