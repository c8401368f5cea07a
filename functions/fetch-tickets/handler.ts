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
import { createDispatcher, createFetchService, type FetchSummary, type RunRequest } from '@shared/triage-services';
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
const dispatcher = once(() => createDispatcher(config().gateway));
/** Built once per process: its claims, attempt counts and backlog cursor outlive a run. */
const service = once(() =>
  createFetchService({
    config: config(),
    ticketSystem: createTicketSystem(config().ticketSystem),
    dispatcher: dispatcher(),
  }),
);
const log = jsonLogger('fetch-tickets');

/** One log line per run, whatever triggered it. */
function logRun(trigger: string, request: RunRequest, summary: FetchSummary): void {
  log({
    msg: 'run',
    trigger,
    backlog: request.backlog === true,
    scanned: summary.scanned,
    eligible: summary.eligible,
    dispatched: summary.dispatched,
    notDispatched: summary.notDispatched.count,
    deadLetter: summary.deadLetter.length,
    oldestUntriagedMinutes: summary.oldestUntriagedMinutes,
    errors: summary.errors.length,
  });
}

export default async function handler(event: FunctionEventLike, context: FunctionContextLike): Promise<unknown> {
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
      // written (an old `since`), so with signing on it must be signed.
      if (!isEmpty) requireSignature(event, cfg.signing);
      if (!isEmpty && typeof raw === 'string')
        throw new InputError('send JSON options like {"since":"2026-11-01","limit":50,"dryRun":true} or an empty body');
      const parsed = Options.safeParse(isEmpty ? {} : raw);
      if (!parsed.success) throw InputError.fromZod('options', parsed.error);
      const o = parsed.data;
      const request: RunRequest = {
        ...(o.since ? { since: new Date(o.since) } : {}),
        ...(o.limit ? { limit: o.limit } : {}),
        ...(o.dryRun !== undefined ? { dryRun: o.dryRun } : {}),
        ...(o.ticketIds ? { ticketIds: o.ticketIds } : {}),
        ...(o.backlog ? { backlog: true } : {}),
        // Only the cron's empty POST also walks a slice of the backlog.
        scheduled: isEmpty,
      };
      const summary = await service().run(request);
      logRun(String(event.headers['x-connector'] ?? 'manual'), request, summary);
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
    const queued = await dispatcher()
      .enqueue('fetch-tickets', options)
      .catch((err: Error) => ({
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
  // No queue (sync dispatch): the same run as a `{ticketIds}` call, after the answer.
  void service()
    .run(options)
    .then(
      (s) => logRun('webhook', options, s),
      (err: unknown) => log({ level: 'error', msg: 'webhook run failed', error: (err as Error).message }),
    );
  return { status: 202, body: { trigger: 'webhook', accepted: hook.ticketIds, queued: false } };
}
