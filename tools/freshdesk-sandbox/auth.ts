/**
 * HTTP Basic auth with the API key as user name; the password is ignored because real clients
 * send different ones (`X`, `unused_with_api_key`, docs/freshdesk.md#base-url-and-authentication). The key is compared in constant time
 * and never echoed, logged or put into an error.
 */
import { timingSafeEqual } from 'node:crypto';
import { codeError, type Reply } from './http-util';

export const INVALID_CREDENTIALS: Reply = codeError(
  401,
  'invalid_credentials',
  'You have to be logged in to perform this action.',
);
export const ACCOUNT_SUSPENDED: Reply = codeError(403, 'account_suspended', 'Your account has been suspended.');

/** The API key from an `Authorization: Basic ...` header, or undefined when malformed. */
export function keyFromAuthorization(header: string | undefined): string | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '');
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const key = colon < 0 ? decoded : decoded.slice(0, colon);
  return key.length > 0 ? key : undefined;
}

export function keyMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
