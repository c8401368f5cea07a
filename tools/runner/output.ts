/**
 * What `npm start` prints while it runs: progress in tickets (with the total once fetch-tickets
 * has said how many it handed on), a time header per cron cycle, the table or one JSON object.
 */
import { readFetch } from './answers';
import type { Exchange } from './router';
import { renderTable } from './table';
import type { CycleSummary } from './summary';

export const say = (line: string): void => void process.stderr.write(`${line}\n`);

/** Counts tickets, not gateway calls: a ticket is done when update-ticket (or a failure) answered for it. */
export class Progress {
  private total: number | undefined;
  private done = 0;
  private lastShown = 0;

  reset(): void {
    this.total = undefined;
    this.done = 0;
    this.lastShown = 0;
  }

  see(e: Exchange): void {
    if (e.name === 'fetch-tickets' && e.status === 200) {
      // Not a summary (no number of dispatched tickets): no total.
      const { dispatched } = readFetch(e.responseBody);
      if (dispatched !== undefined) this.total = (this.total ?? 0) + dispatched;
    } else if (e.name === 'update-ticket' || (e.name === 'classify-ticket' && e.status !== 200)) this.done += 1;
    else return;
    const line = `… ${this.done}${this.total === undefined ? '' : ` of ${this.total}`} tickets triaged`;
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${line}`);
    else if (
      this.done - this.lastShown >= 25 ||
      (this.total !== undefined && this.done === this.total && this.done > this.lastShown)
    ) {
      this.lastShown = this.done;
      say(line);
    }
  }

  clear(): void {
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  }
}

/** The --json shape: counts, errors with ticket ids and reasons, and per ticket each head's outcome. */
export function toJson(s: CycleSummary): object {
  return {
    scanned: s.scanned,
    eligible: s.eligible,
    triaged: s.triaged,
    outcomes: s.outcomes,
    errors: s.errors,
    results: s.results.map((r) => ({
      id: r.id,
      queue: r.queue,
      priority: r.priority,
      type: r.type,
      confidence: r.confidence,
      outcome: r.outcome,
      fields: r.fields,
      reason: r.reason,
      dryRun: r.dryRun,
    })),
  };
}

const stamp = (d: Date): string => `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/** A cron cycle: its time, then "nothing new" or the table. */
export function renderCycle(s: CycleSummary, at: Date): string {
  if (s.eligible === 0 && s.errors.length === 0)
    return `${stamp(at)}  cron cycle: nothing new (scanned ${s.scanned}, none needed triage)`;
  return `${stamp(at)}  cron cycle:\n${renderTable(s)}`;
}
