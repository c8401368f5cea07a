/**
 * Serves the repository's function handlers behind the template's real HTTP server on loopback,
 * plus a minimal gateway in front of them (POST /function/<name>, and /async-function/<name> with
 * the X-Callback-Url POST of the queue worker) so fetch-tickets can chain through HTTP as in a
 * cluster. The full gateway emulation is the local runner's; this one is a test fixture.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFunctionServer, type Handler } from '../../../template/node-ts/server';

export interface Served {
  url: string;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const close = (server: Server) => () =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

export async function serveFunction(
  name: string,
  log: (e: Record<string, unknown>) => void = () => undefined,
): Promise<Served> {
  const mod = (await import(`../../../functions/${name}/handler.ts`)) as { default: Handler };
  const server = createFunctionServer(mod.default, { log });
  return { url: await listen(server), close: close(server) };
}

function forward(
  target: string,
  body: Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      target,
      { method: 'POST', headers: { ...headers, 'content-length': String(body.length) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers as Record<string, string>,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface TestGateway extends Served {
  /** Resolves when every async call and its callback has finished. */
  drain(): Promise<void>;
  calls: { name: string; async: boolean }[];
}

export async function startTestGateway(functions: Record<string, string>): Promise<TestGateway> {
  const pending = new Set<Promise<unknown>>();
  const calls: { name: string; async: boolean }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const m = /^\/(function|async-function)\/([a-z-]+)/.exec(req.url ?? '');
      const target = m ? functions[m[2]!] : undefined;
      if (!m || !target) return res.writeHead(404).end();
      const body = Buffer.concat(chunks);
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([k]) => k === 'content-type' || k.startsWith('x-')),
      ) as Record<string, string>;
      calls.push({ name: m[2]!, async: m[1] === 'async-function' });
      if (m[1] === 'function') {
        forward(target, body, headers).then(
          (r) => res.writeHead(r.status, r.headers).end(r.body),
          () => res.writeHead(502).end(),
        );
        return;
      }
      res.writeHead(202, { 'x-call-id': String(calls.length) }).end();
      const job = forward(target, body, headers).then(async (r) => {
        const cb = headers['x-callback-url'];
        if (!cb) return;
        const sig = Object.fromEntries(
          Object.entries(r.headers).filter(([k]) => k === 'content-type' || k === 'x-hub-signature'),
        );
        await forward(cb, r.body, {
          ...sig,
          'x-function-status': String(r.status),
          'x-function-name': m[2]!,
          'x-call-id': String(calls.length),
        });
      });
      pending.add(job);
      void job.catch(() => undefined).finally(() => pending.delete(job));
    });
  });
  const url = await listen(server);
  return {
    url,
    calls,
    close: close(server),
    drain: async () => {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}

export async function post(
  url: string,
  body: string | Buffer,
  contentType?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: any; text: string; headers: Headers }> {
  const res = await fetch(url, {
    method: 'POST',
    body,
    headers: { ...(contentType ? { 'content-type': contentType } : {}), ...headers },
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, headers: res.headers };
}
