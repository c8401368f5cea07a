/**
 * How one function proves to the next that a call came from the chain: the header carrying the
 * HMAC (configurable, `SIGNATURE_HEADER`) and the timestamp header of replay protection. The
 * signer (fetch-tickets, classify-ticket), the verifier (classify-ticket, update-ticket) and the
 * local runner's queue worker (which must pass the header on to the callback) read these.
 */
import { z } from 'zod';

/** @default the header name faas-cli's docs use (`faas-cli invoke --sign`). */
export const DEFAULT_SIGNATURE_HEADER = 'x-hub-signature';
export const TIMESTAMP_HEADER = 'x-signature-timestamp';

/** The header Freshdesk's automation webhook sends its token in (it cannot sign): fetch-tickets' `WEBHOOK_TOKEN_HEADER`. */
export const DEFAULT_WEBHOOK_TOKEN_HEADER = 'X-Triage-Token';

/** `SIGNATURE_HEADER`: an HTTP header name, lower-cased (Node lower-cases incoming names). */
export const SignatureHeader = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,64}$/, 'an HTTP header name')
  .default(DEFAULT_SIGNATURE_HEADER)
  .transform((h) => h.toLowerCase());

/**
 * The signature header a function's environment configures.
 * @public the contract between the functions, for tools and tests too
 */
export function signatureHeaderOf(env: Record<string, string | undefined>): string {
  const r = SignatureHeader.safeParse(env.SIGNATURE_HEADER);
  return r.success ? r.data : DEFAULT_SIGNATURE_HEADER;
}

/** The headers of a signed answer that a queue worker must pass on to the callback. */
export function signedHeaderNames(env: Record<string, string | undefined>): string[] {
  return [signatureHeaderOf(env), TIMESTAMP_HEADER];
}
