/**
 * A gateway-compatible router: `/function/<name>[.<namespace>][/sub]` proxied to the function's
 * process (proxy.ts), `/async-function/<name>` answered 202 at once and run by the queue worker
 * (async-queue.ts), the `/system` API faas-cli reads (system-api.ts), `/healthz`. This file only
 * reads the request and dispatches; each part lives in its own module.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { foreignRequestReason } from '../loopback-guard';
import { AsyncQueue } from './async-queue';
import { DEFAULT_MAX_BODY_BYTES, readLimitedBody } from './guards';
import { type Exchange, FunctionProxy, HOP, type Reply, textReply, type Upstream } from './proxy';
import { QueueBounds } from './queue-bounds';
import { systemApi } from './system-api';

export type { Exchange, Upstream } from './proxy';

export interface RouterOptions {
  upstreams: Map<string, Upstream>;
  /** Parallel async invocations (the CE queue worker runs 1; more for a cluster with several workers). @default 1 */
  queueConcurrency?: number;
  /** Deliver each async call twice, to test idempotency. @default false */
  redeliver?: boolean;
  onExchange?: (e: Exchange) => void;
  /** An answer that could not be POSTed to X-Callback-Url, or that the callback refused (the queue worker logs these). */
  onCallbackError?: (callId: string, url: string, error: string) => void;
  /** Larger request bodies get 413. @default 4 MiB (guards.ts) */
  maxBodyBytes?: number;
  /** Callback origins or hosts allowed besides loopback (guards.ts). @default [] */
  callbackAllow?: string[];
  /**
   * The headers of a function's answer the queue worker passes on to the callback besides
   * content-type: the signature (the configured `SIGNATURE_HEADER`, shared/contract) and its
   * timestamp, so a signed answer reaches update-ticket verifiable. @default the contract's default header and the timestamp
   */
  signedHeaders?: string[];
  /** Host names besides loopback that `Host` may name (tools/loopback-guard.ts). @default [] */
  allowedHosts?: string[];
  /** The async queue's call and byte bound (429 beyond it). @default QueueBounds.fromEnv(process.env) */
  queueBounds?: QueueBounds;
}

const ROUTE = /^\/(function|async-function)\/([a-z0-9-]+)(?:\.[a-z0-9-]+)?(\/[^?]*)?(\?.*)?$/;

export class Router {
  readonly server: Server;
  /** Functions by name; filled as their processes come up. */
  readonly upstreams: Map<string, Upstream>;
  /** Sees every answer that passes through (the runner's summary is built from them). */
  onExchange: ((e: Exchange) => void) | undefined;
  private readonly proxy: FunctionProxy;
  private readonly queue: AsyncQueue;
  private readonly startedAt = new Date().toISOString();
  readonly queueBounds: QueueBounds;

  constructor(private readonly o: RouterOptions) {
    this.upstreams = o.upstreams;
    this.onExchange = o.onExchange;
    this.queueBounds = o.queueBounds ?? QueueBounds.fromEnv(process.env);
    this.proxy = new FunctionProxy(this.upstreams, (e) => this.onExchange?.(e));
    this.queue = new AsyncQueue(
      {
        concurrency: o.queueConcurrency ?? 1,
        callbackAllow: o.callbackAllow ?? [],
        ...(o.signedHeaders ? { signedHeaders: o.signedHeaders } : {}),
        ...(o.onCallbackError ? { onCallbackError: o.onCallbackError } : {}),
      },
      (name, path, headers, body) => this.proxy.invoke(name, 'POST', path, headers, body, true),
    );
    this.server = createServer((req, res) => {
      const foreign = foreignRequestReason(req.headers, o.allowedHosts);
      if (foreign) {
        req.resume();
        res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ error: foreign }));
        return;
      }
      readLimitedBody(req, res, o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, (body) => {
        void this.handle(req.method ?? 'GET', req.url ?? '/', req.headers, body).then((r) => {
          const headers = Object.entries(r.headers).filter(([k, v]) => !HOP.has(k) && v !== undefined);
          res.writeHead(r.status, Object.fromEntries(headers) as Record<string, string>);
          res.end(r.body);
        });
      });
    });
  }

  /** Callback URLs the queue worker refused to call (not on the allow-list). */
  get refusedCallbacks(): string[] {
    return this.queue.refusedCallbacks;
  }

  /** Resolves when the async queue is empty and nothing is running. */
  drained(): Promise<void> {
    return this.queue.drained();
  }

  /** A synchronous call, as `/function/<name>` makes it. */
  invoke(
    name: string,
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
    body: Buffer,
    isAsync: boolean,
  ): Promise<Reply> {
    return this.proxy.invoke(name, method, path, headers, body, isAsync);
  }

  private async handle(method: string, url: string, headers: IncomingHttpHeaders, body: Buffer): Promise<Reply> {
    if (url === '/healthz' || url === '/system/health') return textReply(200, 'OK');
    if (url.startsWith('/system/'))
      return systemApi(
        { upstreams: this.upstreams, invocationCount: (n) => this.proxy.invocationCount(n), startedAt: this.startedAt },
        method,
        url,
        headers,
      );
    const m = ROUTE.exec(url);
    if (!m) return { status: 404, headers: {}, body: Buffer.alloc(0) };
    const [, kind, name, sub, query] = m as unknown as [string, string, string, string | undefined, string | undefined];
    const path = `${sub ?? '/'}${query ?? ''}`;
    if (kind === 'function') return this.invoke(name, method, path, headers, body, false);
    if (method !== 'POST') return { status: 405, headers: {}, body: Buffer.alloc(0) };
    // Like the real gateway, an unknown function is queued too (202): its call then answers 404,
    // which reaches the X-Callback-Url as X-Function-Status 404.
    const callId = randomUUID();
    const deliveries = this.o.redeliver ? 2 : 1;
    if (!this.queueBounds.admit(body.length, deliveries))
      return {
        status: 429,
        headers: { 'content-type': 'text/plain', 'retry-after': '1' },
        body: Buffer.from(this.queueBounds.describe()),
      };
    for (let i = 0; i < deliveries; i += 1)
      this.queue.enqueue(name, path, { ...headers, 'x-call-id': callId }, body, () =>
        this.queueBounds.release(body.length),
      );
    return { status: 202, headers: { 'x-call-id': callId }, body: Buffer.alloc(0) };
  }
}
