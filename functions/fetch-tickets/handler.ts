/**
 * fetch-tickets: called by the cron connector (an empty POST), by hand with JSON options
 * `{ since?, limit?, dryRun?, ticketIds? }`, or by a Freshdesk automation webhook (webhook.ts);
 * finds the tickets that need triage and hands each on.
 */
import { z } from 'zod';
import { once } from '@shared/config';
import {
  InputError,
  jsonish,
  jsonLogger,
  requireSignature,
  toHttpResult,
  type FunctionContextLike,
  type FunctionEventLike,
} from '@shared/http';
import { createTicketSystem } from '@shared/ticket-system';
import {
  backlogDue,
  backlogPass,
  enqueue,
  fetchAndDispatch,
  mergeBacklog,
  setMaxAttempts,
  type FetchSummary,
} from '@shared/triage-services';
import { isQueuedIdsRequest, withAdmission } from './admission';
import { loadConfig } from './config';
import { authenticateWebhook, webhookTrigger, type WebhookTrigger } from './webhook';

const Options = z.strictObject({
  since: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  limit: z.number().int().positive().max(10_000).optional(),
  dryRun: z.boolean().optional(),
  ticketIds: z.array(z.number().int().positive()).min(1).max(1000).optional(),
  /** Catch-up: untriaged tickets updated before the look-back (back to BACKLOG_DAYS), e.g. after an outage. */
  backlog: z.boolean().optional(),
});

const config = once(() => loadConfig(process.env));
const system = once(() => createTicketSystem(config().ticketSystem));
const log = jsonLogger('fetch-tickets');

/** Admission (method, raw-byte signature, unsigned-trigger gate) before anything parses the body. */
export default async function handler(event: FunctionEventLike, context: FunctionContextLike): Promise<unknown> {
  return withAdmission(event, context, config, log, () => triggered(event, context));
}

async function triggered(event: FunctionEventLike, context: FunctionContextLike): Promise<unknown> {
  return toHttpResult(
    context,
    async () => {
      const cfg = config();
      const raw = jsonish(event.body);
      if (Buffer.isBuffer(raw))
        throw new InputError('unsupported content type: send JSON options or an empty body', 415);
      const isEmpty = raw === '' || raw === undefined || (typeof raw === 'string' && raw.trim() === '');
      // A Freshdesk webhook cannot sign: it carries its own token (webhook.ts), checked instead.
      const hook = isEmpty ? undefined : webhookTrigger(raw);
      if (hook) return acceptWebhook(hook, event.headers);
      // The cron connector sends an empty POST and cannot sign; any options body can widen what is
      // written (an old `since`), so with signing on it must be signed (admission.ts checked the
      // raw bytes already, unless a webhook token let the body be parsed).
      if (!isEmpty) requireSignature(event, cfg.signing, Date.now(), !isQueuedIdsRequest(raw));
      if (!isEmpty && typeof raw === 'string')
        throw new InputError('send JSON options like {"since":"2026-11-01","limit":50,"dryRun":true} or an empty body');
      const parsed = Options.safeParse(isEmpty ? {} : raw);
      if (!parsed.success) throw InputError.fromZod('options', parsed.error);
      const o = parsed.data;
      const lookbackStart = new Date(Date.now() - cfg.lookbackMinutes * 60_000);
      // Backlog: from BACKLOG_DAYS ago up to where the regular look-back begins.
      const since = o.since
        ? new Date(o.since)
        : o.backlog
          ? new Date(Date.now() - cfg.backlogDays * 86_400_000)
          : lookbackStart;
      setMaxAttempts(cfg.maxAttempts);
      const limit = o.limit ?? cfg.maxTickets;
      // Every Freshdesk call of this run ends by the deadline (below exec_timeout): 429s on a busy
      // account are waited out until then instead of failing the whole run after a few.
      const ts = system().withDeadline(Date.now() + cfg.deadlineMs);
      let summary: FetchSummary = await fetchAndDispatch(
        ts,
        cfg.gateway,
        cfg.rules,
        {
          since,
          ...(o.backlog ? { until: lookbackStart } : {}),
          limit,
          dryRun: o.dryRun ?? false,
          ...(o.ticketIds ? { ticketIds: o.ticketIds } : {}),
        },
        cfg.concurrency,
        cfg.claimTtlMs,
      );
      // A cron run also walks part of the backlog now and then, so a long outage heals by itself.
      if (isEmpty && limit > summary.dispatched && backlogDue(cfg.backlog)) {
        const b = await backlogPass(ts, cfg.gateway, cfg.rules, cfg.backlog, {
          lookbackStart,
          limit: limit - summary.dispatched,
          concurrency: cfg.concurrency,
          claimTtlMs: cfg.claimTtlMs,
        });
        summary = 'error' in b ? { ...summary, backlogError: b.error } : mergeBacklog(summary, b);
      }
      log({
        msg: 'run',
        trigger: event.headers['x-connector'] ?? 'manual',
        backlog: o.backlog === true,
        scanned: summary.scanned,
        eligible: summary.eligible,
        dispatched: summary.dispatched,
        notDispatched: summary.notDispatched.count,
        deadLetter: summary.deadLetter.length,
        oldestUntriagedMinutes: summary.oldestUntriagedMinutes,
        errors: summary.errors.length,
      });
      return { body: summary };
    },
    log,
  );
}

/**
 * Freshdesk waits for the webhook's answer, so it gets one at once (202): with the async chain the
 * ids go onto the gateway's queue and come back as a normal `{ticketIds}` call (same eligibility,
 * marker, claims, dry run); without a queue (sync dispatch) the run goes on after the answer.
 * A failure to queue answers 503, and Freshdesk retries the webhook 5, 30 and 60 minutes later.
 */
async function acceptWebhook(
  hook: WebhookTrigger,
  headers: FunctionEventLike['headers'],
): Promise<{ status: number; body: unknown }> {
  const cfg = config();
  authenticateWebhook(headers, cfg.webhook);
  const options = { ticketIds: hook.ticketIds, ...(hook.dryRun ? { dryRun: true } : {}) };
  log({ msg: 'webhook', tickets: hook.ticketIds.length, mode: cfg.gateway.mode });
  if (cfg.gateway.mode === 'async') {
    const queued = await enqueue(cfg.gateway, 'fetch-tickets', options).catch((err: Error) => ({
      status: 0,
      body: err.message,
    }));
    if (queued.status !== 202)
      return {
        status: 503,
        body: { error: `could not queue the webhook's tickets: gateway answered ${queued.status || 'nothing'}` },
      };
    return { status: 202, body: { trigger: 'webhook', accepted: hook.ticketIds, queued: true } };
  }
  const since = new Date(0);
  setMaxAttempts(cfg.maxAttempts);
  void fetchAndDispatch(
    system().withDeadline(Date.now() + cfg.deadlineMs),
    cfg.gateway,
    cfg.rules,
    { since, limit: cfg.maxTickets, dryRun: hook.dryRun, ticketIds: hook.ticketIds },
    cfg.concurrency,
    cfg.claimTtlMs,
  ).then(
    (s) =>
      log({
        msg: 'run',
        trigger: 'webhook',
        scanned: s.scanned,
        eligible: s.eligible,
        dispatched: s.dispatched,
        errors: s.errors.length,
      }),
    (err: unknown) => log({ level: 'error', msg: 'webhook run failed', error: (err as Error).message }),
  );
  return { status: 202, body: { trigger: 'webhook', accepted: hook.ticketIds, queued: false } };
}
