/**
 * The backlog pass that heals a long outage without hand work: every `everyMinutes`, a cron run
 * of fetch-tickets also walks tickets updated before the look-back (back to `days`), a bounded
 * number per run, continuing where the previous pass stopped, and hands on the untriaged ones.
 * The cursor lives in the fetch service (fetch-tickets runs one replica); a restart starts the walk
 * over.
 */
import type { FetchSummary } from './fetch-run';

export interface BacklogSettings {
  /** 0 switches the automatic pass off. */
  everyMinutes: number;
  days: number;
  /** Tickets listed per pass (list pages cost credits: 3 per 100). */
  maxScanned: number;
}

/**
 * Where the automatic backlog walk stands: when the last pass ran and where it stopped. One per
 * fetch service (its owner decides how long it lives), so two services never share a cursor.
 */
export class BacklogWalk {
  private lastRunMs = Number.NEGATIVE_INFINITY;
  private cursor: string | undefined;

  constructor(readonly settings: BacklogSettings) {}

  due(nowMs: number): boolean {
    return this.settings.everyMinutes > 0 && nowMs - this.lastRunMs >= this.settings.everyMinutes * 60_000;
  }

  /** Where the next pass starts listing: the cursor, unless it lies before the `days` horizon. */
  since(nowMs: number): Date {
    const start = nowMs - this.settings.days * 86_400_000;
    return this.cursor !== undefined && Date.parse(this.cursor) > start ? new Date(this.cursor) : new Date(start);
  }

  /** A pass finished at `nowMs` and stopped at `lastUpdatedAt` (null or undefined: it reached the end). */
  record(nowMs: number, lastUpdatedAt: string | null | undefined): void {
    this.lastRunMs = nowMs;
    this.cursor = lastUpdatedAt ?? undefined;
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
