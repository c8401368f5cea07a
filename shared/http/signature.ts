/**
 * HMAC request signatures, compatible with `faas-cli invoke --sign <header> --key <secret>`, which
 * sends `<header>: sha1=<hex HMAC-SHA1 of the body>`. OpenFaaS CE leaves /function/* open to anyone
 * who reaches the gateway; with a signing secret configured, only signed requests may write.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** @default the header name faas-cli's docs use */
export const DEFAULT_SIGNATURE_HEADER = 'x-hub-signature';

export function sign(body: string | Buffer, secret: string): string {
  return `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`;
}

export function verify(body: Buffer, header: string | string[] | undefined, secret: string): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return false;
  const expected = Buffer.from(sign(body, secret));
  const given = Buffer.from(value.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}
