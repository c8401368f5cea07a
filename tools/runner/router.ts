/**
 * A gateway-compatible router (openfaas.md §6, §11.2): `/function/<name>[/sub]` proxied to the
 * function's port with the prefix stripped, X-Call-Id / X-Start-Time added and X-Duration-Seconds
 * returned, exec_timeout (504) and max_inflight (429) enforced; `/async-function/<name>` answered
 * 202 at once and run by an in-memory FIFO queue like the CE queue worker, which then POSTs the
 * answer to X-Callback-Url (never retried); `/healthz`.
 * The /system API answers what faas-cli reads (list, describe, version) with real invocation counts,
 * and 501 with a clear message where it would change something (deploy, update, remove, scale,
 * secrets): the runner runs stack.yml from source and cannot deploy.
 */
import { randomUUID } from 'node:crypto';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { DEFAULT_SIGNATURE_HEADER, TIMESTAMP_HEADER } from '@shared/contract';
import { foreignRequestReason } from '../loopback-guard';
import { callbackAllowed, DEFAULT_MAX_BODY_BYTES, readLimitedBody } from './guards';
import { postCallback } from './callback-post';
import { QueueBounds } from './queue-bounds';
import type { StackFunction } from './stack';

export interface Upstream {
  fn: StackFunction;
  port: number;
}

export interface Exchange {
  name: string;
  async: boolean;
  status: number;
  requestBody: Buffer;
  responseBody: Buffer;
}

export interface RouterOptions {
  upstreams: Map<string, Upstream>;
  /** Parallel async invocations (the CE queue worker runs 1; more for a cluster with several workers). @default 1 */
  queueConcurrency?: number;
  /** Deliver each async call twice, to test idempotency. @default false */
  redeliver?: boolean;
  onExchange?: (e: Exchange) => void;
  /** An answer that could not be POSTed to X-Callback-Url (the queue worker logs these). */
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

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host']);

function forward(
  port: number,
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
  timeoutMs: number,
): Promise<Reply> {
  return new Promise((resolve) => {
    const h = Object.fromEntries(Object.entries(headers).filter(([k]) => !HOP.has(k)));
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: { ...h, 'content-length': String(body.length) },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', () => resolve({ status: 502, headers: {}, body: Buffer.alloc(0) }));
      },
    );
    req.on('timeout', () => {
      req.destroy();
      resolve({ status: 504, headers: {}, body: Buffer.alloc(0) });
    });
    req.on('error', () => resolve({ status: 502, headers: {}, body: Buffer.alloc(0) }));
    req.end(body);
  });
}

export class Router {
  readonly server: Server;
  private readonly inflight = new Map<string, number>();
  /** Calls forwarded per function (sync and async), as the gateway's invocationCount. */
  private readonly invocations = new Map<string, number>();
  private readonly startedAt = new Date().toISOString();
  private readonly queue: (() => Promise<void>)[] = [];
  private active = 0;
  private idleWaiters: (() => void)[] = [];
  readonly queueBounds: QueueBounds;

  /** Callback URLs the queue worker refused to call (not on the allow-list). */
  readonly refusedCallbacks: string[] = [];
  /** Functions by name; filled as their processes come up. */
  readonly upstreams: Map<string, Upstream>;
  /** Sees every answer that passes through (the runner's summary is built from them). */
  onExchange: ((e: Exchange) => void) | undefined;

  constructor(private readonly o: RouterOptions) {
    this.upstreams = o.upstreams;
    this.onExchange = o.onExchange;
    this.queueBounds = o.queueBounds ?? QueueBounds.fromEnv(process.env);
    this.server = createServer((req, res) => {
      const foreign = foreignRequestReason(req.headers, o.allowedHosts);
      if (foreign) {
        req.resume();
        res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ error: foreign }));
        return;
      }
      readLimitedBody(req, res, o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, (body) => {
        void this.handle(req.method ?? 'GET', req.url ?? '/', req.headers, body).then((r) => {
          res.writeHead(
            r.status,
            Object.fromEntries(Object.entries(r.headers).filter(([k, v]) => !HOP.has(k) && v !== undefined)) as Record<
              string,
              string
            >,
          );
          res.end(r.body);
        });
      });
    });
  }

  /** Resolves when the async queue is empty and nothing is running. */
  drained(): Promise<void> {
    if (this.queue.length === 0 && this.active === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  async invoke(
    name: string,
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
    body: Buffer,
    isAsync: boolean,
  ): Promise<Reply> {
    const up = this.upstreams.get(name);
    if (!up)
      return {
        status: 404,
        headers: { 'content-type': 'text/plain' },
        body: Buffer.from(`function ${name} not found`),
      };
    const n = this.inflight.get(name) ?? 0;
    if (up.fn.maxInflight !== undefined && up.fn.maxInflight > 0 && n >= up.fn.maxInflight) {
      return {
        status: 429,
        headers: { 'content-type': 'text/plain' },
        body: Buffer.from(`Concurrent request limit exceeded. Max concurrent requests: ${up.fn.maxInflight}`),
      };
    }
    this.inflight.set(name, n + 1);
    this.invocations.set(name, (this.invocations.get(name) ?? 0) + 1);
    const started = Date.now();
    try {
      const callId = String(headers['x-call-id'] ?? randomUUID());
      const r = await forward(
        up.port,
        method,
        path,
        { ...headers, 'x-call-id': callId, 'x-start-time': String(started * 1e6) },
        body,
        up.fn.execTimeoutMs,
      );
      r.headers['x-duration-seconds'] = ((Date.now() - started) / 1000).toFixed(6);
      r.headers['x-call-id'] = callId;
      this.onExchange?.({ name, async: isAsync, status: r.status, requestBody: body, responseBody: r.body });
      return r;
    } finally {
      this.inflight.set(name, (this.inflight.get(name) ?? 1) - 1);
    }
  }

  private async handle(method: string, url: string, headers: IncomingHttpHeaders, body: Buffer): Promise<Reply> {
    if (url === '/healthz' || url === '/system/health')
      return { status: 200, headers: { 'content-type': 'text/plain' }, body: Buffer.from('OK') };
    if (url.startsWith('/system/')) return this.system(method, url);
    const m = /^\/(function|async-function)\/([a-z0-9-]+)(?:\.[a-z0-9-]+)?(\/[^?]*)?(\?.*)?$/.exec(url);
    if (!m) return { status: 404, headers: {}, body: Buffer.alloc(0) };
    const [, kind, name, sub, query] = m as unknown as [string, string, string, string | undefined, string | undefined];
    const path = `${sub ?? '/'}${query ?? ''}`;
    if (kind === 'function') return this.invoke(name, method, path, headers, body, false);
    if (method !== 'POST') return { status: 405, headers: {}, body: Buffer.alloc(0) };
    if (!this.upstreams.has(name)) return { status: 404, headers: {}, body: Buffer.from(`function ${name} not found`) };
    const callId = randomUUID();
    const deliveries = this.o.redeliver ? 2 : 1;
    if (!this.queueBounds.admit(body.length, deliveries))
      return {
        status: 429,
        headers: { 'content-type': 'text/plain', 'retry-after': '1' },
        body: Buffer.from(this.queueBounds.describe()),
      };
    for (let i = 0; i < deliveries; i += 1)
      this.enqueue(() =>
        this.runAsync(name, path, { ...headers, 'x-call-id': callId }, body).finally(() =>
          this.queueBounds.release(body.length),
        ),
      );
    return { status: 202, headers: { 'x-call-id': callId }, body: Buffer.alloc(0) };
  }

  /** A function as faas-provider's FunctionStatus (what `faas-cli describe` and `list` print). */
  private status(u: Upstream): Record<string, unknown> {
    return {
      name: u.fn.name,
      image: u.fn.image,
      namespace: 'openfaas-fn',
      envProcess: 'node index.js',
      envVars: u.fn.environment,
      labels: u.fn.labels,
      annotations: u.fn.annotations,
      replicas: 1,
      availableReplicas: 1,
      invocationCount: this.invocations.get(u.fn.name) ?? 0,
      createdAt: this.startedAt,
    };
  }

  private system(method: string, url: string): Reply {
    const json = (status: number, v: unknown): Reply => ({
      status,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify(v)),
    });
    const text = (status: number, t: string): Reply => ({
      status,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: Buffer.from(t),
    });
    const path = url.split('?')[0]!;
    if (method === 'GET' && path === '/system/functions')
      return json(
        200,
        [...this.upstreams.values()].map((u) => this.status(u)),
      );
    const one = /^\/system\/function\/([a-z0-9-]+)$/.exec(path);
    if (method === 'GET' && one) {
      const u = this.upstreams.get(one[1]!);
      return u ? json(200, this.status(u)) : text(404, `No function found: ${one[1]}`);
    }
    if (method === 'GET' && path === '/system/info') {
      return json(200, {
        provider: {
          provider: 'freshdesk-triage local runner (npm start)',
          orchestration: 'local processes',
          version: { sha: 'local', release: 'dev' },
        },
        version: { sha: 'local', release: 'dev', commit_message: 'not an OpenFaaS gateway' },
        arch: process.arch === 'x64' ? 'x86_64' : process.arch,
      });
    }
    if (method === 'GET' && path === '/system/namespaces') return json(200, ['openfaas-fn']);
    if (
      path === '/system/functions' ||
      path.startsWith('/system/scale-function/') ||
      path.startsWith('/system/secrets')
    ) {
      return text(
        501,
        `not supported by the local runner (npm start): it runs the functions of stack.yml from source and cannot deploy, update, remove, scale them or store secrets. Use a real OpenFaaS gateway for faas-cli up/deploy/remove/secret (README, "Deploy").`,
      );
    }
    return text(
      404,
      `${method} ${path}: not part of the local runner's /system API (functions, function/NAME, info, namespaces)`,
    );
  }

  private async runAsync(name: string, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<void> {
    const r = await this.invoke(name, 'POST', path, headers, body, true);
    const cb = headers['x-callback-url'];
    if (typeof cb !== 'string' || cb === '') return;
    const callId = String(headers['x-call-id']);
    const target = URL.canParse(cb) ? new URL(cb) : undefined;
    if (!target || !/^https?:$/.test(target.protocol))
      return void this.o.onCallbackError?.(callId, cb, 'not an http(s) URL');
    if (!callbackAllowed(cb, this.o.callbackAllow ?? [])) {
      this.refusedCallbacks.push(cb.slice(0, 200));
      this.o.onCallbackError?.(
        callId,
        cb.slice(0, 200),
        'not an allowed callback URL (loopback or RUNNER_CALLBACK_ALLOW)',
      );
      return;
    }
    const keep = new Set([
      'content-type',
      ...(this.o.signedHeaders ?? [DEFAULT_SIGNATURE_HEADER, TIMESTAMP_HEADER]).map((h) => h.toLowerCase()),
    ]);
    const passOn = Object.fromEntries(Object.entries(r.headers).filter(([k]) => keep.has(k)));
    const cbHeaders = {
      ...passOn,
      'x-call-id': String(headers['x-call-id']),
      'x-function-status': String(r.status),
      'x-function-name': name,
      'x-duration-seconds': String(r.headers['x-duration-seconds'] ?? '0'),
    };
    // One POST over the URL's own scheme (callback-post.ts); errors are logged by the worker, never retried.
    const outcome = await postCallback(target, cbHeaders, r.body);
    if ('error' in outcome) this.o.onCallbackError?.(callId, cb, outcome.error);
  }

  private enqueue(job: () => Promise<void>): void {
    this.queue.push(job);
    this.pump();
  }

  private pump(): void {
    while (this.active < (this.o.queueConcurrency ?? 1) && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.active += 1;
      void job()
        .catch(() => undefined)
        .finally(() => {
          this.active -= 1;
          this.pump();
          if (this.active === 0 && this.queue.length === 0) for (const w of this.idleWaiters.splice(0)) w();
        });
    }
  }
}
