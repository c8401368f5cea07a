/**
 * HMAC request signatures, compatible with `faas-cli invoke --sign <header> --key <secret>`.
 * faas-cli 0.17 sends `<header>: sha256=<hex HMAC-SHA256 of the body>`, 0.16 sends
 * `sha1=<hex HMAC-SHA1>`; both are accepted, and our own calls are signed with sha256. OpenFaaS CE
 * leaves /function/* open to anyone who reaches the gateway; with a signing secret configured, only
 * signed requests may write.
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

/** The algorithms a signature may name, as `<algorithm>=<hex>`; the first is the one we sign with. */
const ALGORITHMS = ['sha256', 'sha1'] as const;
type Algorithm = (typeof ALGORITHMS)[number];

function hmac(algorithm: Algorithm, secret: string, parts: (string | Buffer)[]): string {
  const h = createHmac(algorithm, secret);
  for (const p of parts) h.update(p);
  return `${algorithm}=${h.digest('hex')}`;
}

/** @internal exported for tests and benches; the product signs through signatureHeaders */
export function sign(body: string | Buffer, secret: string, algorithm: Algorithm = 'sha256'): string {
  return hmac(algorithm, secret, [body]);
}

/**
 * The signature over `<timestamp>.<body>` used with replay protection.
 * @internal exported for tests and benches; the product signs through signatureHeaders
 */
export function signTimestamped(
  body: string | Buffer,
  secret: string,
  timestamp: string,
  algorithm: Algorithm = 'sha256',
): string {
  return hmac(algorithm, secret, [`${timestamp}.`, body]);
}

/** The algorithm a signature header names, when it is one we accept. */
function algorithmOf(value: string): Algorithm | undefined {
  const name = value.slice(0, value.indexOf('='));
  return ALGORITHMS.find((a) => a === name.toLowerCase());
}

export function verify(
  body: Buffer,
  header: string | string[] | undefined,
  secret: string,
  timestamp?: string,
): boolean {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return false;
  const algorithm = algorithmOf(value);
  if (!algorithm) return false;
  const expected = Buffer.from(
    timestamp === undefined ? sign(body, secret, algorithm) : signTimestamped(body, secret, timestamp, algorithm),
  );
  // The algorithm name is compared case-insensitively, the hex digest as sent (lower case).
  const given = Buffer.from(`${algorithm}${value.slice(algorithm.length)}`);
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
