/**
 * Client options, checked before any request: a wrong domain, a missing key or plain http to a
 * real Freshdesk host is a clear `InvalidRequestError`, and the key never appears in a message.
 */
import type { Dispatcher } from 'undici';
import { InvalidRequestError } from './errors';
import type { RateLimiter } from './rate-limiter';

interface RateLimitInfo {
  method: string;
  path: string;
  retryAfterMs: number;
  attempt: number;
}

export interface FreshdeskClientOptions {
  /** Account sub-domain: `acme` means `https://acme.freshdesk.com/api/v2`. */
  domain?: string;
  /** Full API base URL; overrides `domain` (tests, the sandbox: `http://127.0.0.1:<port>/api/v2`). */
  baseUrl?: string;
  /** The agent's API key (Basic auth user; the password is `X`). Never logged or shown. */
  apiKey: string;
  /** Per attempt, until the whole body is read. @default 30000 ms */
  timeoutMs?: number;
  /** Retries of one call on 5xx, timeouts and connection errors (idempotent calls only). @default 2 */
  maxRetries?: number;
  /** Waits for `Retry-After` on 429 before giving up with `RateLimitError`. @default 3 */
  maxRateLimitWaits?: number;
  /** Longest `Retry-After` the client waits for when the call has no deadline. @default 60000 ms */
  maxRetryAfterMs?: number;
  /** Sockets in the undici Pool for this origin. @default 6 */
  connections?: number;
  /** Idle keep-alive of pooled sockets. @default 4000 ms */
  keepAliveTimeoutMs?: number;
  /** Pacing state; share one instance between all clients of an account. @default a new RateLimiter */
  rateLimiter?: RateLimiter;
  /** Asked before waiting out a 429; return false to get a `RateLimitError` instead. */
  onRateLimit?: (info: RateLimitInfo) => boolean;
  /** Any undici Dispatcher instead of the client's own Pool (it is then not closed by `close()`). */
  dispatcher?: Dispatcher;
  /** Clock in ms since the epoch. @default Date.now */
  now?: () => number;
  /** Waits; injected so tests of waits run in milliseconds. @default setTimeout-based */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * The signal that ends an attempt after `timeoutMs`. @default AbortSignal.timeout; injected so a
   * test decides when an attempt times out instead of racing a real timer.
   */
  timeoutSignal?: (ms: number) => AbortSignal;
  /** In [0,1), for backoff jitter. @default Math.random */
  random?: () => number;
}

/** Per-call overrides. */
export interface RequestOptions {
  /** @default the client's timeoutMs */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** @default the client's maxRetries */
  maxRetries?: number;
  /** Absolute deadline (ms since the epoch, the client's clock): never wait or retry past it. */
  deadlineMs?: number;
}

const SUBDOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const SETUP = { method: 'SETUP', path: '(client options)' };

export function resolveBaseUrl(options: Pick<FreshdeskClientOptions, 'domain' | 'baseUrl'>): URL {
  if (options.baseUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new InvalidRequestError(SETUP, `baseUrl is not a URL: ${JSON.stringify(options.baseUrl)}`);
    }
    if (url.username || url.password)
      throw new InvalidRequestError(SETUP, 'baseUrl must not carry credentials; pass apiKey');
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new InvalidRequestError(SETUP, `baseUrl must be http(s), got ${url.protocol}`);
    if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname) && !url.hostname.startsWith('127.')) {
      throw new InvalidRequestError(
        SETUP,
        `baseUrl must use https for ${url.hostname} (http is only allowed on loopback)`,
      );
    }
    url.pathname = url.pathname.replace(/\/+$/, '');
    url.search = '';
    return url;
  }
  if (options.domain === undefined || options.domain === '')
    throw new InvalidRequestError(SETUP, 'either domain or baseUrl is required');
  const sub = options.domain.replace(/\.freshdesk\.com$/i, '');
  if (!SUBDOMAIN.test(sub)) {
    throw new InvalidRequestError(
      SETUP,
      `domain must be the account sub-domain like "acme" (for acme.freshdesk.com), got ${JSON.stringify(options.domain)}`,
    );
  }
  return new URL(`https://${sub.toLowerCase()}.freshdesk.com/api/v2`);
}

export function checkApiKey(apiKey: unknown): string {
  if (typeof apiKey !== 'string' || apiKey.trim() === '') {
    throw new InvalidRequestError(SETUP, 'apiKey is missing: set the freshdesk-api-key secret or FRESHDESK_API_KEY');
  }
  if (/[\s:]/.test(apiKey.trim()))
    throw new InvalidRequestError(SETUP, 'apiKey contains whitespace or ":"; check the secret file');
  return apiKey.trim();
}

export function checkPositiveInt(facts: { method: string; path: string }, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new InvalidRequestError(facts, `${name} must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

export const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
