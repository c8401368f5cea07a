/**
 * update-ticket: takes classify-ticket's answer (directly, or as the async callback with
 * X-Function-Status) and writes what is confident enough to the ticket, with one private note.
 */
import { once } from '@shared/config';
import { InputError, jsonish, jsonLogger, requireSignature, TicketFailure, toHttpResult, type FunctionContextLike, type FunctionEventLike } from '@shared/http';
import { createTicketSystem } from '@shared/ticket-system';
import { ClassifyResult } from '@shared/triage';
import { applyClassification } from '@shared/triage/update-service';
import { loadConfig } from './config';

const config = once(() => loadConfig(process.env));
const system = once(() => createTicketSystem(config().ticketSystem));
const log = jsonLogger('update-ticket');

export default async function handler(event: FunctionEventLike, context: FunctionContextLike): Promise<unknown> {
  return toHttpResult(
    context,
    async () => {
      const cfg = config();
      requireSignature(event, cfg.signing);
      const status = event.headers['x-function-status'];
      if (status !== undefined && !/^2\d\d$/.test(String(status))) {
        // The async chain calls us whatever happened: a failed classification is recorded, not applied.
        log({ level: 'warn', msg: 'classification failed', status: String(status), callId: event.headers['x-call-id'] });
        return { body: { outcome: 'failed', reason: `classify-ticket answered ${String(status)}`, callId: event.headers['x-call-id'] ?? null } };
      }
      const body = jsonish(event.body);
      // Checked before zod: a 1 MB Buffer parsed as an object would list every byte as a key.
      if (typeof body !== 'object' || body === null || Buffer.isBuffer(body) || Array.isArray(body)) {
        throw new InputError('send classify-ticket\'s JSON answer (an object) with Content-Type: application/json', Buffer.isBuffer(body) ? 415 : 400);
      }
      const parsed = ClassifyResult.safeParse(body);
      if (!parsed.success) throw InputError.fromZod('the body is not a classify-ticket result', parsed.error);
      const result = parsed.data;
      if (result.ticketId === undefined) throw new InputError('ticketId is missing: update-ticket needs the ticket the prediction is for');
      const dryRun = cfg.dryRun || result.dryRun === true;
      const ticketId = result.ticketId;
      // 429s are waited out and retries made inside the deadline, never past exec_timeout.
      const answer = await applyClassification(system().withDeadline(Date.now() + cfg.deadlineMs), result, ticketId, cfg.policy, dryRun).catch((err: unknown) => {
        throw new TicketFailure(ticketId, err);
      });
      log({ msg: 'triaged', ticketId: answer.ticketId, outcome: answer.outcome, dryRun });
      return { body: answer };
    },
    log,
  );
}
