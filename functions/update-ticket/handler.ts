/**
 * update-ticket: takes classify-ticket's answer (directly, or as the async callback with
 * X-Function-Status) and writes what is confident enough to the ticket, with one private note.
 */
import { once, signingSettings, type SigningSettings } from '@shared/config';
import {
  InputError,
  jsonish,
  jsonLogger,
  requireSignature,
  TicketFailure,
  toHttpResult,
  type FunctionContextLike,
  type FunctionEventLike,
} from '@shared/http';
import { verify } from '@shared/http/signature';
import { createTicketSystem } from '@shared/ticket-system';
import { ClassifyResult } from '@shared/contract';
import { createUpdateService } from '@shared/triage-services';
import { loadConfig } from './config';

const config = once(() => loadConfig(process.env));
/** Built once per process: it knows which tickets are being updated right now. */
const service = once(() =>
  createUpdateService({ config: config(), ticketSystem: createTicketSystem(config().ticketSystem) }),
);
const log = jsonLogger('update-ticket');

export default async function handler(event: FunctionEventLike, context: FunctionContextLike): Promise<unknown> {
  return toHttpResult(
    context,
    async () => {
      const status = event.headers['x-function-status'];
      // Before the signature check and the Freshdesk settings: recording a failure needs neither.
      if (status !== undefined && !/^2\d\d$/.test(String(status)))
        return recordFailure(event, String(status), signingSettings(process.env));
      const cfg = config();
      requireSignature(event, cfg.signing);
      const body = jsonish(event.body);
      // Checked before zod: a 1 MB Buffer parsed as an object would list every byte as a key.
      if (typeof body !== 'object' || body === null || Buffer.isBuffer(body) || Array.isArray(body)) {
        throw new InputError(
          "send classify-ticket's JSON answer (an object) with Content-Type: application/json",
          Buffer.isBuffer(body) ? 415 : 400,
        );
      }
      const parsed = ClassifyResult.safeParse(body);
      if (!parsed.success) throw InputError.fromZod('the body is not a classify-ticket result', parsed.error);
      const result = parsed.data;
      if (result.ticketId === undefined)
        throw new InputError('ticketId is missing: update-ticket needs the ticket the prediction is for');
      const dryRun = cfg.dryRun || result.dryRun === true;
      const ticketId = result.ticketId;
      const answer = await service()
        .apply(result, ticketId, { dryRun })
        .catch((err: unknown) => {
          throw new TicketFailure(ticketId, err);
        });
      log({ msg: 'triaged', ticketId: answer.ticketId, outcome: answer.outcome, dryRun });
      return { body: answer };
    },
    log,
  );
}

/**
 * A failed classification, as the queue-worker's callback reports it (X-Function-Status non-2xx).
 * classify-ticket signs only its 2xx answers, so this arrives unsigned, and X-Function-Status is
 * never covered by a signature anyway. So NOTHING here is trusted: no ticket is read or written,
 * the body is not parsed, and only the status, the call id and whether a signature happened to
 * verify are logged and answered (never the body: it may carry ticket text). A forged failure can
 * therefore produce a log line, never a change to a ticket.
 */
function recordFailure(event: FunctionEventLike, status: string, signing: SigningSettings) {
  const callId = typeof event.headers['x-call-id'] === 'string' ? event.headers['x-call-id'].slice(0, 100) : null;
  const signatureVerified = signing.secret
    ? verify(event.rawBody, event.headers[signing.header], signing.secret)
    : null;
  const functionName =
    typeof event.headers['x-function-name'] === 'string'
      ? event.headers['x-function-name'].slice(0, 63)
      : 'classify-ticket';
  log({
    level: 'warn',
    msg: 'classification failed',
    status: status.slice(0, 3),
    callId,
    function: functionName,
    signatureVerified,
    bodyBytes: event.rawBody.length,
  });
  return {
    body: {
      outcome: 'failed',
      reason: `${functionName} answered ${status.slice(0, 3)}; nothing was written`,
      callId,
      signatureVerified,
    },
  };
}
