/**
 * A result update-ticket could not take is tried again soon, by update-ticket itself.
 *
 * OpenFaaS CE's queue worker POSTs classify-ticket's answer to update-ticket once: when
 * update-ticket answers 429 or 5xx (Freshdesk rate-limited or failing past WRITE_DEADLINE_SECONDS),
 * the worker logs it and drops the message. Without this the ticket waited for fetch-tickets' claim
 * to expire and the next cron run (one cron interval, 5 minutes). Instead update-ticket keeps the
 * signed result in memory and, after UPDATE_RETRY_DELAYS_SECONDS (default 30 then 120 s), posts it
 * again to `<gateway_url>/async-function/update-ticket`, signed with its own secret and counted in
 * X-Triage-Attempt. Bounded: as many retries as delays, each one call; the one-note rule makes a
 * retry that races another write harmless. What is not covered (update-ticket never reached, or its
 * process restarted during the delay) falls back to the claim and the next cron run.
 */
import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { signatureHeaders, type SigningLike } from '@shared/http/signature';

const ATTEMPT_HEADER = 'x-triage-attempt';

export interface RetrySettings {
  /** The gateway that queues the retry (`gateway_url`). */
  gatewayUrl: string;
  /** Delay before each retry; their count is the number of retries. */
  delaysMs: number[];
  signing: SigningLike;
}

export interface Scheduled {
  attempt: number;
  delayMs: number;
}

/** Which attempt an incoming call is (1 for the queue worker's own callback). */
export function attemptOf(headers: Record<string, unknown>): number {
  const n = Number(headers[ATTEMPT_HEADER]);
  return Number.isInteger(n) && n > 1 && n < 100 ? n : 1;
}

/** Whether an answer status means "could not take it now" (worth a retry), not a bad request. */
export const retryable = (status: number): boolean => status === 429 || status >= 500;

export class RetryLater {
  private readonly pending = new Set<NodeJS.Timeout>();

  constructor(
    private readonly s: RetrySettings,
    private readonly log: (entry: Record<string, unknown>) => void,
  ) {}

  /** Schedules the next attempt of `body` (the classify result as received), or says there is none left. */
  schedule(body: Buffer, attempt: number, ticketId: number): Scheduled | undefined {
    const delayMs = this.s.delaysMs[attempt - 1];
    if (delayMs === undefined) return undefined;
    const next = attempt + 1;
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      void this.post(body, next, ticketId);
    }, delayMs);
    timer.unref();
    this.pending.add(timer);
    return { attempt: next, delayMs };
  }

  private post(body: Buffer, attempt: number, ticketId: number): Promise<void> {
    const target = new URL('/async-function/update-ticket', this.s.gatewayUrl);
    const text = body.toString('utf8');
    const headers = {
      'content-type': 'application/json',
      'content-length': String(body.length),
      [ATTEMPT_HEADER]: String(attempt),
      ...signatureHeaders(text, this.s.signing),
    };
    const send = target.protocol === 'https:' ? httpsRequest : request;
    return new Promise((resolve) => {
      const req = send(target, { method: 'POST', headers, timeout: 10_000 }, (res) => {
        res.resume();
        this.log({ level: 'info', msg: 'retry queued', ticketId, attempt, status: res.statusCode });
        resolve();
      });
      const failed = (error: string): void => {
        this.log({ level: 'warn', msg: 'retry could not be queued', ticketId, attempt, error });
        resolve();
      };
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (err: NodeJS.ErrnoException) => failed(err.code ?? err.message));
      req.end(body);
    });
  }
}
