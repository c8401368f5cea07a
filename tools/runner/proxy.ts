/**
 * The gateway's synchronous half (docs/openfaas.md#gateway-url-and-authentication: `/function/<name>`): a call forwarded to the
 * function's port with X-Call-Id / X-Start-Time added and X-Duration-Seconds returned,
 * exec_timeout (504) and max_inflight (429) enforced, invocations counted for `/system/functions`.
 */
import { randomUUID } from 'node:crypto';
import { request, type IncomingHttpHeaders } from 'node:http';
import type { StackFunction } from './stack';

export interface Upstream {
  fn: StackFunction;
  port: number;
}

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Exchange {
  name: string;
  async: boolean;
  status: number;
  requestBody: Buffer;
  responseBody: Buffer;
}

/** Hop-by-hop headers: never copied from one connection to the next. */
export const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host']);

export const textReply = (status: number, text: string): Reply => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body: Buffer.from(text),
});

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

/** Forwards calls to the function processes; one per router. */
export class FunctionProxy {
  private readonly inflight = new Map<string, number>();
  /** Calls forwarded per function (sync and async), as the gateway's invocationCount. */
  private readonly invocations = new Map<string, number>();

  constructor(
    readonly upstreams: Map<string, Upstream>,
    private readonly seen: (e: Exchange) => void,
  ) {}

  invocationCount(name: string): number {
    return this.invocations.get(name) ?? 0;
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
    if (!up) return textReply(404, `function ${name} not found`);
    const n = this.inflight.get(name) ?? 0;
    if (up.fn.maxInflight !== undefined && up.fn.maxInflight > 0 && n >= up.fn.maxInflight)
      return textReply(429, `Concurrent request limit exceeded. Max concurrent requests: ${up.fn.maxInflight}`);
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
      this.seen({ name, async: isAsync, status: r.status, requestBody: body, responseBody: r.body });
      return r;
    } finally {
      this.inflight.set(name, (this.inflight.get(name) ?? 1) - 1);
    }
  }
}
