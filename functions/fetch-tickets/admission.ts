/**
 * Who may start what, decided before the body is parsed (issue: bounded memory, no credit burn):
 * - only POST triggers a cycle (GET answers 405: a link or an <img> must not run one);
 * - a non-empty body is checked on its raw bytes, before any JSON parsing: the right webhook
 *   token, or a valid signature (with signing on); a forged 1 MB body is refused unparsed;
 * - an empty body (the cron connector's, which cannot sign) is coalesced by the TriggerGate
 *   unless it is signed (the local runner signs its own cycles).
 */
import {
  InputError,
  requireSignature,
  toHttpResult,
  type FunctionContextLike,
  type FunctionEventLike,
} from '@shared/http';
import type { FetchConfig } from './config';
import { TriggerGate } from './trigger-gate';
import { authenticateWebhook, hasValidWebhookToken, presentsWebhookToken } from './webhook';

const gate = new TriggerGate();

interface Admitted {
  /** The cron connector's (or a person's) empty trigger. */
  isEmpty: boolean;
  /** Ends the gate's hold on an unsigned cycle (a no-op otherwise): call when the run ends. */
  release: () => void;
}

function signed(event: FunctionEventLike, cfg: FetchConfig, checkAge = true): boolean {
  if (!cfg.signing.secret) return false;
  try {
    requireSignature(event, cfg.signing, Date.now(), checkAge);
    return true;
  } catch {
    return false;
  }
}

function admitTrigger(event: FunctionEventLike, cfg: FetchConfig): Admitted {
  if (event.method !== 'POST')
    throw new InputError(`${event.method} is not allowed: fetch-tickets runs a cycle, so only POST triggers it`, 405);
  const isEmpty = event.rawBody.length === 0 || event.rawBody.toString('utf8').trim() === '';
  if (!isEmpty) {
    // A wrong webhook token is answered as such (403), not as a missing signature.
    if (!hasValidWebhookToken(event.headers, cfg.webhook) && !signed(event, cfg, false)) {
      if (presentsWebhookToken(event.headers, cfg.webhook)) authenticateWebhook(event.headers, cfg.webhook);
      // Age is checked after parsing, in the handler (an ids-only requeue from the webhook is exempt).
      requireSignature(event, cfg.signing, Date.now(), false);
    }
    return { isEmpty, release: () => undefined };
  }
  if (!cfg.signing.secret || signed(event, cfg)) return { isEmpty, release: () => undefined };
  return { isEmpty, release: gate.admit(cfg.unsignedTriggerMinIntervalMs) };
}

/** Runs `work` once the trigger is admitted; a refusal answers the 4xx through toHttpResult. */
export async function withAdmission(
  event: FunctionEventLike,
  context: FunctionContextLike,
  config: () => FetchConfig,
  log: (e: Record<string, unknown>) => void,
  work: () => Promise<unknown>,
): Promise<unknown> {
  let admitted: Admitted | undefined;
  const refused = await toHttpResult(
    context,
    async () => {
      admitted = admitTrigger(event, config());
      return { body: undefined };
    },
    log,
  );
  if (!admitted) return refused;
  try {
    return await work();
  } finally {
    admitted.release();
  }
}

/**
 * The webhook's requeued `{ticketIds}` (acceptWebhook) waits in the async queue, in a burst longer
 * than SIGNATURE_MAX_AGE_SECONDS: its signature must be valid but its age is not held against it.
 * A replay only re-checks those tickets (at most 1,000 ids; eligibility and the marker skip the
 * triaged ones), so it cannot write anything new.
 */
export function isQueuedIdsRequest(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const keys = Object.keys(raw);
  return keys.includes('ticketIds') && keys.every((k) => k === 'ticketIds' || k === 'dryRun');
}
