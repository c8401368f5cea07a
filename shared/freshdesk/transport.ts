/**
 * The request core: one undici Pool per origin, Basic auth, pacing (pacing.ts), retries (the
 * decisions are in retry-policy.ts), error mapping and response validation. Resources call
 * `request()`; nothing else touches the network.
 */
import { Pool, type Dispatcher } from 'undici';
import type { z } from 'zod';
import {
  ConnectionError,
  errorFromResponse,
  FreshdeskError,
  RateLimitError,
  ResponseValidationError,
  TimeoutError,
  type RequestFacts,
} from './errors';
import { checkApiKey, defaultSleep, resolveBaseUrl, type FreshdeskClientOptions, type RequestOptions } from './options';
import { RateLimiter, parseRateLimitHeaders } from './rate-limiter';
import { waitForBudget } from './pacing';
import {
  decideRateLimitWait,
  decideRetry,
  DEFAULT_MAX_RETRY_AFTER_MS,
  parseRetryAfterMs,
  rateLimitWaitBudget,
  type FailureKind,
} from './retry-policy';

export interface ApiRequest<S extends z.ZodType> {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  /** Path below the API base, already encoded (`/tickets/42`). */
  path: string;
  query?: URLSearchParams;
  /** Sent as JSON. */
  body?: unknown;
  schema: S;
  schemaName: string;
  options?: RequestOptions;
}

export interface ApiResponse<T> {
  data: T;
  status: number;
  header(name: string): string | undefined;
}

export class Transport {
  readonly baseUrl: URL;
  readonly limiter: RateLimiter;
  /** Kept in a private field: not enumerable, not shown by inspect or JSON.stringify. */
  readonly #authorization: string;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #opts: FreshdeskClientOptions;
  readonly now: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(options: FreshdeskClientOptions) {
    this.baseUrl = resolveBaseUrl(options);
    this.#authorization = `Basic ${Buffer.from(`${checkApiKey(options.apiKey)}:X`).toString('base64')}`;
    this.#opts = options;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
    this.limiter = options.rateLimiter ?? new RateLimiter();
    this.#ownsDispatcher = options.dispatcher === undefined;
    const timeoutMs = options.timeoutMs ?? 30_000;
    this.#dispatcher =
      options.dispatcher ??
      new Pool(this.baseUrl.origin, {
        connections: options.connections ?? 6,
        keepAliveTimeout: options.keepAliveTimeoutMs ?? 4_000,
        keepAliveMaxTimeout: Math.max(options.keepAliveTimeoutMs ?? 4_000, 10_000),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        connectTimeout: Math.min(timeoutMs, 10_000),
      });
  }

  async request<S extends z.ZodType>(req: ApiRequest<S>): Promise<ApiResponse<z.output<S>>> {
    const facts: RequestFacts = { method: req.method, path: req.path };
    const opts = req.options ?? {};
    const deadline = opts.deadlineMs ?? Number.POSITIVE_INFINITY;
    const cost = creditCost(req);
    // Two budgets, counted apart: a 429 means Freshdesk did nothing, so waiting one out does not
    // use up the retries meant for real failures (5xx, timeouts, broken connections).
    let retries = 0;
    let rateLimitWaits = 0;
    for (;;) {
      await waitForBudget(this.limiter, this, facts, cost, deadline, opts.signal);
      const outcome = await this.#attempt(req, facts, opts);
      if (outcome.ok) return this.#parse(req, facts, outcome.status, outcome.text, outcome.header);
      let delayMs: number;
      if (outcome.error instanceof RateLimitError) {
        delayMs = this.#rateLimitDelay(req, outcome.error, deadline, rateLimitWaits);
        rateLimitWaits += 1;
      } else {
        delayMs = this.#retryDelay(req, outcome.kind, outcome.error, opts, deadline, retries);
        retries += 1;
      }
      await this.sleep(delayMs, opts.signal);
    }
  }

  /** How long to wait out a 429 before sending again; throws the 429's error when the call gives up. */
  #rateLimitDelay(req: ApiRequest<z.ZodType>, err: RateLimitError, deadline: number, waitsSoFar: number): number {
    const nowMs = this.now();
    // Every caller of the account waits, not only this one.
    this.limiter.block(nowMs, err.retryAfterMs);
    const allowed =
      this.#opts.onRateLimit?.({
        method: req.method,
        path: req.path,
        retryAfterMs: err.retryAfterMs,
        attempt: waitsSoFar,
      }) ?? true;
    const d = decideRateLimitWait({
      waitsSoFar,
      maxWaits: rateLimitWaitBudget(this.#opts.maxRateLimitWaits, Number.isFinite(deadline)),
      retryAfterMs: err.retryAfterMs,
      remainingMs: deadline - nowMs,
      maxRetryAfterMs: this.#opts.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS,
    });
    if (!allowed || !d.retry) throw err;
    return d.delayMs;
  }

  /** The backoff before retrying a failed attempt; throws its error when it must not be retried. */
  #retryDelay(
    req: ApiRequest<z.ZodType>,
    kind: FailureKind,
    err: FreshdeskError,
    opts: RequestOptions,
    deadline: number,
    retriesSoFar: number,
  ): number {
    const d = decideRetry({
      method: req.method,
      attempt: retriesSoFar,
      maxRetries: opts.maxRetries ?? this.#opts.maxRetries ?? 2,
      kind,
      ...(err.status !== undefined ? { status: err.status } : {}),
      remainingMs: deadline - this.now(),
      random: (this.#opts.random ?? Math.random)(),
    });
    if (!d.retry) throw err;
    return d.delayMs;
  }

  async #attempt(
    req: ApiRequest<z.ZodType>,
    facts: RequestFacts,
    opts: RequestOptions,
  ): Promise<
    | { ok: true; status: number; text: string; header: (n: string) => string | undefined }
    | { ok: false; kind: FailureKind; error: FreshdeskError }
  > {
    const timeoutMs = opts.timeoutMs ?? this.#opts.timeoutMs ?? 30_000;
    const timeout = this.#opts.timeoutSignal ? this.#opts.timeoutSignal(timeoutMs) : AbortSignal.timeout(timeoutMs);
    const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
    const qs = req.query && [...req.query.keys()].length > 0 ? `?${req.query.toString()}` : '';
    const headers: Record<string, string> = {
      authorization: this.#authorization,
      accept: 'application/json',
      'user-agent': 'freshdesk-triage/0.1',
    };
    let body: string | undefined;
    if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers['content-type'] = 'application/json';
    }
    const cost = creditCost(req);
    this.limiter.acquire(cost);
    let released = false;
    const release = (h?: { total?: number; remaining?: number }): void => {
      if (!released) this.limiter.release(this.now(), h, cost);
      released = true;
    };
    try {
      const res = await this.#dispatcher.request({
        origin: this.baseUrl.origin,
        method: req.method,
        path: `${this.baseUrl.pathname}${req.path}${qs}`,
        headers,
        body: body ?? null,
        signal,
      });
      const header = (name: string): string | undefined => {
        const v = res.headers[name.toLowerCase()];
        return Array.isArray(v) ? v[0] : v;
      };
      release(parseRateLimitHeaders(header));
      const text = await res.body.text();
      if (res.statusCode >= 200 && res.statusCode < 300) return { ok: true, status: res.statusCode, text, header };
      const retryAfterMs = parseRetryAfterMs(header('retry-after'), this.now());
      const error = errorFromResponse(facts, res.statusCode, text, header('x-request-id'), retryAfterMs);
      return { ok: false, kind: 'status', error };
    } catch (cause) {
      release();
      if (timeout.aborted || isTimeoutCode(cause)) {
        return {
          ok: false,
          kind: 'timeout',
          error: new TimeoutError(facts, `no complete answer within ${timeoutMs} ms`, { cause: scrub(cause) }),
        };
      }
      if (opts.signal?.aborted) throw new FreshdeskError(facts, 'aborted by the caller', { cause: scrub(cause) });
      const code = (cause as { code?: string }).code;
      const kind: FailureKind = code === 'ECONNREFUSED' ? 'connect-refused' : 'connection';
      return {
        ok: false,
        kind,
        error: new ConnectionError(facts, `connection failed (${code ?? (cause as Error).message})`, {
          cause: scrub(cause),
        }),
      };
    }
  }

  #parse<S extends z.ZodType>(
    req: ApiRequest<S>,
    facts: RequestFacts,
    status: number,
    text: string,
    header: (n: string) => string | undefined,
  ): ApiResponse<z.output<S>> {
    // 204 No Content (DELETE): nothing to parse.
    if (status === 204) return { data: undefined as z.output<S>, status, header };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ResponseValidationError(
        facts,
        status,
        req.schemaName,
        undefined,
        text.trim() === '' ? 'empty body' : 'malformed JSON',
      );
    }
    const parsed = req.schema.safeParse(json);
    if (!parsed.success) throw new ResponseValidationError(facts, status, req.schemaName, parsed.error);
    return { data: parsed.data, status, header };
  }

  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }
}

/** Credits a call costs (docs/freshdesk.md#embeds-and-their-cost, docs/freshdesk.md#rate-limits): 1, plus 2 per list include and 1 per view include. */
function creditCost(req: ApiRequest<z.ZodType>): number {
  const includes = (req.query?.get('include') ?? '').split(',').filter((x) => x.trim() !== '').length;
  if (includes === 0 || req.method !== 'GET') return 1;
  return 1 + includes * (req.path === '/tickets' ? 2 : 1);
}

function isTimeoutCode(err: unknown): boolean {
  const code = (err as { code?: string } | undefined)?.code;
  return (
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    (err as Error | undefined)?.name === 'TimeoutError'
  );
}

/** Keeps only name, message and code of a transport error: nothing that could hold a header. */
function scrub(err: unknown): Error {
  const e = err as { name?: string; message?: string; code?: string };
  const clean = new Error(e?.message ?? String(err));
  clean.name = e?.name ?? 'Error';
  if (e?.code) (clean as Error & { code?: string }).code = e.code;
  return clean;
}
