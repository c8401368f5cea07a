/**
 * What a cycle did, built from the answers that passed through the gateway: fetch-tickets'
 * summary and each update-ticket answer (in async mode, the queue worker's callback), with the
 * subjects and fields seen in the hand-over to classify-ticket (no extra API call for the display).
 * Per ticket it keeps each head's own action, so a row says what was written for which field.
 */
import type { Exchange } from './router';
import {
  jsonOrUndefined,
  readClassifyRequest,
  readError,
  readFetch,
  readUpdate,
  type ErrorAnswer,
  type FetchAnswer,
  type UpdateAnswer,
} from './answers';
import { cycleError, type CycleError } from './reasons';

/** One head's prediction and what update-ticket did with it. */
export interface FieldOutcome {
  label: string;
  confidence: number;
  /** applied | suggested | kept (an agent's value stays) | review | unmapped */
  action: string;
  reason?: string;
}

/** The ticket's fields as fetch-tickets saw them (before this cycle wrote anything). */
export interface CurrentFields {
  groupId: number | null;
  priority: number;
  type: string | null;
}

export interface TicketResult {
  id: number;
  subject: string;
  queue: string | null;
  priority: string | null;
  type: string | null;
  /** The queue head's confidence (kept for compatibility; `fields` has every head's). */
  confidence: number | null;
  confidences: Record<string, number>;
  fields: Record<string, FieldOutcome>;
  current: CurrentFields | null;
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
  errors: CycleError[];
  results: TicketResult[];
}

const errorText = (res: ErrorAnswer, raw: Buffer): string =>
  typeof res.error === 'string' ? res.error : (res.reason ?? raw.toString('utf8').slice(0, 200));

export class CycleRecorder {
  private fetches: FetchAnswer[] = [];
  private updates = new Map<number, UpdateAnswer>();
  private failures: CycleError[] = [];
  private handovers = new Map<number, { subject: string; current: CurrentFields | null }>();

  /** `open`: reads a sealed hand-over for the display (hand-over-view.ts). */
  constructor(private readonly open: (body: Buffer) => Buffer = (b) => b) {}

  record(e: Exchange): void {
    if (e.name === 'fetch-tickets') {
      const res = readFetch(e.responseBody);
      if (e.status === 200 && jsonOrUndefined(e.responseBody) !== undefined) this.fetches.push(res);
      else this.failures.push(cycleError(e.name, null, e.status, errorText(res, e.responseBody), res.upstreamStatus));
    } else if (e.name === 'classify-ticket') {
      const req = readClassifyRequest(this.open(e.requestBody));
      if (req.ticketId !== undefined && req.subject !== undefined) {
        const t = req.ticket;
        this.handovers.set(req.ticketId, {
          subject: req.subject,
          current: t ? { groupId: t.groupId ?? null, priority: t.priority, type: t.type ?? null } : null,
        });
      }
      if (e.status !== 200) {
        const res = readError(e.responseBody);
        this.failures.push(
          cycleError(e.name, req.ticketId, e.status, errorText(res, e.responseBody), res.upstreamStatus),
        );
      }
    } else if (e.name === 'update-ticket') {
      const res = readUpdate(e.responseBody);
      if (e.status === 200 && res.ticketId !== undefined) this.updates.set(res.ticketId, res);
      // A failed classification reaches update-ticket as the async callback: it is already recorded above.
      else if (e.status !== 200) {
        const req = readClassifyRequest(e.requestBody);
        this.failures.push(
          cycleError(e.name, req.ticketId, e.status, errorText(res, e.responseBody), res.upstreamStatus),
        );
      }
    }
  }

  /** Tickets handed on so far, and update-ticket answers (done) so far: for progress lines. */
  counts(): { dispatched: number | undefined; done: number } {
    const dispatched = this.fetches.length > 0 ? this.fetches.reduce((s, f) => s + (f.dispatched ?? 0), 0) : undefined;
    return { dispatched, done: this.updates.size + this.failures.filter((f) => f.ticketId !== null).length };
  }

  summary(): CycleSummary {
    const outcomes = { applied: 0, suggested: 0, review: 0, skipped: 0 };
    const results: TicketResult[] = [];
    for (const [ticketId, u] of this.updates) {
      const outcome = u.outcome ?? '';
      if (outcome in outcomes) outcomes[outcome as keyof typeof outcomes] += 1;
      const h = u.heads ?? {};
      const fields = Object.fromEntries(
        Object.entries(h).map(([k, v]) => [
          k,
          {
            label: String(v.label),
            confidence: Number(v.confidence),
            action: String(v.action),
            ...(v.reason ? { reason: String(v.reason) } : {}),
          },
        ]),
      ) as Record<string, FieldOutcome>;
      const seen = this.handovers.get(ticketId);
      results.push({
        id: ticketId,
        subject: seen?.subject ?? '',
        queue: fields.queue?.label ?? null,
        priority: fields.priority?.label ?? null,
        type: fields.type?.label ?? null,
        confidence: fields.queue?.confidence ?? null,
        confidences: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.confidence])),
        fields,
        current: seen?.current ?? null,
        outcome,
        reason: u.reason ?? '',
        dryRun: u.dryRun === true,
      });
    }
    const sum = (k: 'scanned' | 'eligible') => this.fetches.reduce((s, f) => s + (f[k] ?? 0), 0);
    const fetchErrors = this.fetches.flatMap((f) =>
      (f.errors ?? []).map((x) => cycleError('fetch-tickets', x.ticketId, null, x.error)),
    );
    const errors = [...this.failures, ...fetchErrors].sort((a, b) => (a.ticketId ?? 0) - (b.ticketId ?? 0));
    return {
      scanned: sum('scanned'),
      eligible: sum('eligible'),
      triaged: results.length,
      outcomes,
      errors,
      results: results.sort((a, b) => a.id - b.id),
    };
  }
}
