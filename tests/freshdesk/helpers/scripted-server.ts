/**
 * A real `node:http` server on loopback that answers from a script, for client behaviours the
 * sandbox cannot be forced into exactly (malformed JSON, exact Retry-After values, hung bodies).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Responder = (req: Recorded, res: ServerResponse) => void;

export interface ScriptedServer {
  baseUrl: string;
  requests: Recorded[];
  /** Answers in order; the last one repeats. */
  script(...responders: Responder[]): void;
  close(): Promise<void>;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Responder {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };
}

export function raw(status: number, text: string, headers: Record<string, string> = {}): Responder {
  return (_req, res) => {
    res.writeHead(status, headers);
    res.end(text);
  };
}

export async function startScriptedServer(): Promise<ScriptedServer> {
  const requests: Recorded[] = [];
  let responders: Responder[] = [];
  let next = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(rec);
      const r = responders[Math.min(next, responders.length - 1)];
      next += 1;
      if (r) r(rec, res);
      else res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/v2`,
    requests,
    script(...rs) {
      responders = rs;
      next = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A fake clock: `sleep` advances time at once and records every wait. */
export function fakeClock(start = Date.parse('2026-11-24T10:00:00Z')) {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

export function ticket(id: number, updatedAt: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    subject: `Ticket ${id}`,
    status: 2,
    priority: 1,
    source: 1,
    type: null,
    group_id: null,
    tags: [],
    custom_fields: {},
    created_at: updatedAt,
    updated_at: updatedAt,
    ...extra,
  };
}
