/**
 * fetch-tickets' service: one object per deployment (the handler builds it once; tests build their
 * own) that owns what must outlive a single run: the claims of tickets in flight, the hand-over
 * counts behind the dead-letter list, and the backlog walk's cursor. Every trigger (the cron's
 * empty POST, options by hand, a webhook's ticket ids, a queued webhook coming back) goes through
 * `run`, so they share one code path and one set of claims.
 */
import type { TicketSystem } from '../ticket-system';
import { AttemptTracker, type SelectionRules } from '../triage';
import { BacklogWalk, mergeBacklog, type BacklogSettings } from './backlog';
import { systemClock, type Clock } from './clock';
import type { Dispatcher } from './dispatch';
import { fetchAndDispatch, type FetchSummary, type RunContext } from './fetch-run';

/** The settings a fetch service runs by (fetch-tickets' config carries them). */
export interface FetchServiceConfig {
  rules: SelectionRules;
  lookbackMinutes: number;
  /** How far back an explicit `{"backlog": true}` run looks. */
  backlogDays: number;
  /** The automatic backlog pass of cron runs. */
  backlog: BacklogSettings;
  maxTickets: number;
  concurrency: number;
  claimTtlMs: number;
  /** Hand-overs without coming back triaged before a ticket is dead-lettered. */
  maxAttempts: number;
  /** Every ticket-system call of one run ends by this long after its start. */
  deadlineMs: number;
}

/** What one run is asked to do; every field is optional (an empty request is the cron's run). */
export interface RunRequest {
  since?: Date;
  limit?: number;
  dryRun?: boolean;
  ticketIds?: number[];
  /** Catch-up: tickets updated before the look-back, back to `backlogDays`. */
  backlog?: boolean;
  /** The scheduled (cron) run: it may also walk a slice of the backlog when that is due. */
  scheduled?: boolean;
}

export interface FetchService {
  run(request: RunRequest): Promise<FetchSummary>;
}

export function createFetchService(deps: {
  config: FetchServiceConfig;
  ticketSystem: TicketSystem;
  dispatcher: Dispatcher;
  clock?: Clock;
}): FetchService {
  const { config: cfg, dispatcher } = deps;
  const clock = deps.clock ?? systemClock;
  const claims = new Map<number, number>();
  const tracker = new AttemptTracker(cfg.maxAttempts);
  const walk = new BacklogWalk(cfg.backlog);
  const context = (ticketSystem: TicketSystem): RunContext => ({
    ticketSystem,
    dispatcher,
    rules: cfg.rules,
    concurrency: cfg.concurrency,
    claimTtlMs: cfg.claimTtlMs,
    claims,
    tracker,
    now: () => clock.now(),
  });

  /** The cron run's slice of the backlog; its failure leaves the regular run's answer standing. */
  async function backlogPass(c: RunContext, lookbackStart: Date, limit: number): Promise<FetchSummary | string> {
    const passStart = clock.now();
    try {
      const pass = await fetchAndDispatch(c, {
        since: walk.since(passStart),
        until: lookbackStart,
        limit,
        dryRun: false,
        maxScanned: cfg.backlog.maxScanned,
      });
      walk.record(passStart, pass.lastUpdatedAt);
      return pass;
    } catch (err) {
      // Tried again at the next cron run.
      return `backlog pass: ${(err as Error).message}`.slice(0, 500);
    }
  }

  return {
    async run(r) {
      const start = clock.now();
      const lookbackStart = new Date(start - cfg.lookbackMinutes * 60_000);
      // Backlog: from backlogDays ago up to where the regular look-back begins.
      const since = r.since ?? (r.backlog ? new Date(start - cfg.backlogDays * 86_400_000) : lookbackStart);
      const limit = r.limit ?? cfg.maxTickets;
      // Every ticket-system call of this run ends by the deadline (below exec_timeout): 429s on a
      // busy account are waited out until then instead of failing the whole run after a few.
      const c = context(deps.ticketSystem.withDeadline(start + cfg.deadlineMs));
      const summary = await fetchAndDispatch(c, {
        since,
        ...(r.backlog ? { until: lookbackStart } : {}),
        limit,
        dryRun: r.dryRun ?? false,
        ...(r.ticketIds ? { ticketIds: r.ticketIds } : {}),
      });
      // A cron run also walks part of the backlog now and then, so a long outage heals by itself.
      if (!r.scheduled || limit <= summary.dispatched || !walk.due(clock.now())) return summary;
      const pass = await backlogPass(c, lookbackStart, limit - summary.dispatched);
      return typeof pass === 'string' ? { ...summary, backlogError: pass } : mergeBacklog(summary, pass);
    },
  };
}
