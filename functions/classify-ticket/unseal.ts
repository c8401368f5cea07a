/**
 * classify-ticket's door: the signature is checked on the raw bytes before the body is parsed,
 * then fetch-tickets' sealed hand-over (shared/contract/seal.ts) is opened.
 * - Signature age (SIGNATURE_MAX_AGE_SECONDS): a sealed hand-over is exempt. It waited in the
 *   async queue, perhaps longer than the window in a burst; it is authenticated twice (HMAC and
 *   the GCM tag under a key only the chain has), and a replay is harmless (one classification,
 *   and update-ticket's one-note rule). Plain bodies keep the window.
 * - A plain body is taken as before: people classify text by hand, and during an upgrade an older
 *   fetch-tickets still hands over in clear (as it does with SIGNING=off: no key, no seal).
 * - A refusal is logged with the ticket id (read from the raw text, not parsed), so a 401 is never
 *   anonymous; a sealed body that does not open is a 400 naming the ticket.
 */
import type { SigningSettings } from '@shared/config';
import { isSealed, SealError, unsealHandOver } from '@shared/contract';
import { InputError, jsonish, requireSignature, type FunctionEventLike } from '@shared/http';

/** The ticket id a refused body names, from its first 64 KB of text (no JSON parse of unchecked input). */
function ticketIdHint(raw: Buffer): number | undefined {
  const m = /"ticketId"\s*:\s*(\d{1,15})/.exec(raw.subarray(0, 65_536).toString('utf8'));
  return m ? Number(m[1]) : undefined;
}

export function admitHandOver(
  event: FunctionEventLike,
  signing: SigningSettings,
  log: (e: Record<string, unknown>) => void,
): unknown {
  try {
    requireSignature(event, signing, Date.now(), false);
    const body = jsonish(event.body);
    if (!isSealed(body)) {
      requireSignature(event, signing);
      return body;
    }
    return unsealHandOver(body, signing.secret);
  } catch (err) {
    const ticketId = ticketIdHint(event.rawBody);
    if (err instanceof InputError || err instanceof SealError)
      log({ level: 'warn', msg: 'hand-over refused', ...(ticketId ? { ticketId } : {}), error: err.message });
    if (err instanceof SealError) throw new InputError(err.message, 400);
    throw err;
  }
}
