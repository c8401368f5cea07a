/**
 * The backlog pass that heals a long outage without hand work: every `everyMinutes`, a cron run
 * of fetch-tickets also walks tickets updated before the look-back (back to `days`), a bounded
 * number per run, continuing where the previous pass stopped, and hands on the untriaged ones.
 * The cursor lives in fetch-tickets' process (one replica); a restart starts the walk over.
 */
import type { TicketSystem } from '../ticket-system';
import type { GatewaySettings } from './dispatch';
import { fetchAndDispatch, type FetchSummary } from './fetch-service';
import type { SelectionRules } from '../triage';

export interface BacklogSettings {
  /** 0 switches the automatic pass off. */
  everyMinutes: number;
  days: number;
  /** Tickets listed per pass (list pages cost credits: 3 per 100). */
  maxScanned: number;
}

const state: { lastRunMs: number; cursor: string | undefined } = {
  lastRunMs: Number.NEGATIVE_INFINITY,
  cursor: undefined,
};

export function backlogDue(s: BacklogSettings, nowMs = Date.now()): boolean {
  return s.everyMinutes > 0 && nowMs - state.lastRunMs >= s.everyMinutes * 60_000;
}

export async function backlogPass(
  ts: TicketSystem,
  g: GatewaySettings,
  rules: SelectionRules,
  s: BacklogSettings,
  run: { lookbackStart: Date; limit: number; concurrency: number; claimTtlMs: number },
  nowMs = Date.now(),
): Promise<FetchSummary | { error: string }> {
  const start = new Date(nowMs - s.days * 86_400_000);
  const since =
    state.cursor !== undefined && Date.parse(state.cursor) > start.getTime() ? new Date(state.cursor) : start;
  try {
    const summary = await fetchAndDispatch(
      ts,
      g,
      rules,
      { since, until: run.lookbackStart, limit: run.limit, dryRun: false, maxScanned: s.maxScanned },
      run.concurrency,
      run.claimTtlMs,
    );
    state.lastRunMs = nowMs;
    state.cursor = summary.lastUpdatedAt ?? undefined;
    return summary;
  } catch (err) {
    // The regular run's answer stands; the pass is tried again at the next cron run.
    return { error: `backlog pass: ${(err as Error).message}`.slice(0, 500) };
  }
}

/** Adds a backlog pass's counts to the regular run's answer; the pass's own answer goes under `backlog`. */
export function mergeBacklog(main: FetchSummary, b: FetchSummary): FetchSummary & { backlog: FetchSummary } {
  const skipped = { ...main.skipped };
  for (const [k, v] of Object.entries(b.skipped)) skipped[k] = (skipped[k] ?? 0) + v;
  const oldest = [main.oldestUntriagedMinutes, b.oldestUntriagedMinutes].filter((x): x is number => x !== null);
  return {
    ...main,
    scanned: main.scanned + b.scanned,
    eligible: main.eligible + b.eligible,
    dispatched: main.dispatched + b.dispatched,
    skipped,
    errors: [...main.errors, ...b.errors],
    notDispatched: {
      count: main.notDispatched.count + b.notDispatched.count,
      ids: [...main.notDispatched.ids, ...b.notDispatched.ids].slice(0, 100),
    },
    oldestUntriagedMinutes: oldest.length > 0 ? Math.max(...oldest) : null,
    deadLetter: b.deadLetter,
    backlog: b,
  };
}
