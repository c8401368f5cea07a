/**
 * HMAC request signatures, compatible with `faas-cli invoke --sign <header> --key <secret>`, which
 * sends `<header>: sha1=<hex HMAC-SHA1 of the body>`. OpenFaaS CE leaves /function/* open to anyone
 * who reaches the gateway; with a signing secret configured, only signed requests may write.
 *
 * Optional replay protection (`SIGNATURE_MAX_AGE_SECONDS`): the signature then covers
 * `<unix seconds>.<body>`, the seconds travel in `X-Signature-Timestamp`, and a request outside
 * the window is refused. The queue worker POSTs a function's answer WITH its headers to the
 * callback, so classify-ticket's signed, timestamped answer reaches update-ticket intact.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { TIMESTAMP_HEADER } from '../contract/signature';

/** The header names are the functions' contract (shared/contract/signature.ts). */
export { TIMESTAMP_HEADER };

/** @internal exported for tests and benches, not used by the product */
export function sign(body: string | Buffer, secret: string): string {
  return `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`;
}

/**
 * The signature over `<timestamp>.<body>` used with replay protection.
 * @internal exported for tests and benches, not used by the product
 */
export function signTimestamped(body: string | Buffer, secret: string, timestamp: string): string {
  return `sha1=${createHmac('sha1', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

export function verify(
  body: Buffer,
  header: string | string[] | undefined,
  secret: string,
  timestamp?: string,
): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return false;
  const expected = Buffer.from(timestamp === undefined ? sign(body, secret) : signTimestamped(body, secret, timestamp));
  const given = Buffer.from(value.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface SigningLike {
  secret: string | undefined;
  header: string;
  maxAgeSeconds?: number;
}

/** Headers that sign `body` as configured (none when signing is off). */
export function signatureHeaders(body: string, s: SigningLike, nowMs = Date.now()): Record<string, string> {
  if (!s.secret) return {};
  if (s.maxAgeSeconds === undefined) return { [s.header]: sign(body, s.secret) };
  const ts = String(Math.floor(nowMs / 1000));
  return { [s.header]: signTimestamped(body, s.secret, ts), [TIMESTAMP_HEADER]: ts };
}
