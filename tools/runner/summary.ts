/**
 * What a cycle did, built from the answers that passed through the gateway: fetch-tickets'
 * summary and each update-ticket answer (in async mode, the queue worker's callback), with the
 * subjects seen in the hand-over to classify-ticket (no extra API call for the display).
 */
import type { Exchange } from './router';

export interface TicketResult {
  id: number;
  subject: string;
  queue: string | null;
  priority: string | null;
  type: string | null;
  confidence: number | null;
  confidences: Record<string, number>;
  outcome: string;
  reason: string;
  /** update-ticket only said what it would do. */
  dryRun: boolean;
}

export interface CycleSummary {
  scanned: number;
  eligible: number;
  triaged: number;
  outcomes: { applied: number; suggested: number; review: number; skipped: number };
  errors: unknown[];
  results: TicketResult[];
}

const parse = (b: Buffer): any => {
  try {
    return JSON.parse(b.toString('utf8'));
  } catch {
    return undefined;
  }
};

export class CycleRecorder {
  private fetches: any[] = [];
  private updates = new Map<number, any>();
  private failures: unknown[] = [];
  private subjects = new Map<number, string>();

  record(e: Exchange): void {
    const res = parse(e.responseBody);
    if (e.name === 'fetch-tickets') {
      if (e.status === 200 && res) this.fetches.push(res);
      else this.failures.push({ function: e.name, status: e.status, error: res?.error ?? e.responseBody.toString('utf8').slice(0, 200) });
    } else if (e.name === 'classify-ticket') {
      const req = parse(e.requestBody);
      if (req?.ticketId && typeof req.subject === 'string') this.subjects.set(req.ticketId, req.subject);
      if (e.status !== 200) this.failures.push({ function: e.name, ticketId: req?.ticketId, status: e.status, error: res?.error });
    } else if (e.name === 'update-ticket') {
      if (e.status === 200 && res?.ticketId) this.updates.set(res.ticketId, res);
      else if (e.status !== 200 || res?.outcome === 'failed') this.failures.push({ function: e.name, status: e.status, error: res?.error ?? res?.reason });
    }
  }

  summary(): CycleSummary {
    const outcomes = { applied: 0, suggested: 0, review: 0, skipped: 0 };
    const results: TicketResult[] = [];
    for (const u of this.updates.values()) {
      if (u.outcome in outcomes) outcomes[u.outcome as keyof typeof outcomes] += 1;
      const h = u.heads ?? {};
      results.push({
        id: u.ticketId,
        subject: this.subjects.get(u.ticketId) ?? '',
        queue: h.queue?.label ?? null,
        priority: h.priority?.label ?? null,
        type: h.type?.label ?? null,
        confidence: h.queue?.confidence ?? null,
        confidences: Object.fromEntries(Object.entries(h).map(([k, v]: [string, any]) => [k, v.confidence])),
        outcome: u.outcome,
        reason: u.reason ?? '',
        dryRun: u.dryRun === true,
      });
    }
    const sum = (k: string) => this.fetches.reduce((s, f) => s + (Number(f[k]) || 0), 0);
    const fetchErrors = this.fetches.flatMap((f) => f.errors ?? []);
    return { scanned: sum('scanned'), eligible: sum('eligible'), triaged: results.length, outcomes, errors: [...this.failures, ...fetchErrors], results: results.sort((a, b) => a.id - b.id) };
  }
}

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const pct = (x: number | undefined) => (x === undefined ? '' : `${Math.round(x * 100)}%`);

export function renderTable(s: CycleSummary): string {
  const head = `${'id'.padStart(5)}  ${'subject'.padEnd(34)}  ${'queue'.padEnd(30)}  ${'priority'.padEnd(11)}  ${'type'.padEnd(14)}  outcome`;
  const lines = s.results.map((r) =>
    `${String(r.id).padStart(5)}  ${cut(r.subject, 34).padEnd(34)}  ${cut(`${r.queue ?? '-'} ${pct(r.confidences.queue)}`, 30).padEnd(30)}  ${`${r.priority ?? '-'} ${pct(r.confidences.priority)}`.padEnd(11)}  ${cut(`${r.type ?? '-'} ${pct(r.confidences.type)}`, 14).padEnd(14)}  ${r.dryRun ? 'dry run, would be ' : ''}${r.outcome}${r.outcome === 'skipped' || r.outcome === 'review' ? ` (${r.reason})` : ''}`,
  );
  const o = s.outcomes;
  const dry = s.results.some((r) => r.dryRun) ? ' (DRY RUN: nothing was written)' : '';
  return [head, '-'.repeat(head.length + 10), ...lines, '', `scanned ${s.scanned}, eligible ${s.eligible}, triaged ${s.triaged}: applied ${o.applied}, suggested ${o.suggested}, review ${o.review}, skipped ${o.skipped}; errors ${s.errors.length}${dry}`].join('\n');
}
