/**
 * Router semantics against a real loopback upstream (a tiny function server written here in place
 * of a function process): prefix strip with sub-paths and queries, exec_timeout -> 504 with an empty
 * body, max_inflight -> 429, and redelivery of async calls.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Router } from '../../tools/runner/router';
import type { StackFunction } from '../../tools/runner/stack';

let upstream: Server;
let router: Router;
let url: string;
const seen: { url: string; headers: Record<string, unknown> }[] = [];

const fn = (name: string, extra: Partial<StackFunction> = {}): StackFunction => ({
  name,
  image: `x/${name}`,
  annotations: {},
  labels: {},
  environment: {},
  execTimeoutMs: 2000,
  maxInflight: undefined,
  ...extra,
});

beforeAll(async () => {
  upstream = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    // /slow outlasts the 'tight' exec_timeout threefold and holds 'single' busy: no race of short real timers.
    const delay = req.url?.startsWith('/slow') ? 3000 : 0;
    setTimeout(
      () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url })),
      delay,
    );
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const port = (upstream.address() as AddressInfo).port;
  router = new Router({
    upstreams: new Map([
      ['echo', { fn: fn('echo'), port }],
      ['tight', { fn: fn('tight', { execTimeoutMs: 1000 }), port }],
      ['single', { fn: fn('single', { maxInflight: 1, execTimeoutMs: 10_000 }), port }],
    ]),
    redeliver: true,
  });
  await new Promise<void>((r) => router.server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(router.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  router.server.closeAllConnections();
  await new Promise<void>((r) => router.server.close(() => r()));
  upstream.closeAllConnections();
  await new Promise<void>((r) => upstream.close(() => r()));
});

describe('router', () => {
  it('strips /function/<name> and passes sub-paths, queries and a call id on', async () => {
    const r = await fetch(`${url}/function/echo/sub/path?a=1`, { method: 'POST', body: 'x' });
    expect(await r.json()).toEqual({ path: '/sub/path?a=1' });
    expect(seen.at(-1)!.headers['x-call-id']).toBe(r.headers.get('x-call-id'));
    expect(seen.at(-1)!.headers['x-start-time']).toBeTruthy();
  });

  it('answers 504 with an empty body when exec_timeout passes', async () => {
    const r = await fetch(`${url}/function/tight/slow`, { method: 'POST' });
    expect(r.status).toBe(504);
    expect(await r.text()).toBe('');
  });

  it('answers 429 above max_inflight', async () => {
    const [a, b] = await Promise.all([
      fetch(`${url}/function/single/slow`, { method: 'POST' }),
      fetch(`${url}/function/single/slow`, { method: 'POST' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 429]);
  });

  it('delivers an async call twice when redelivery is on (to test idempotency)', async () => {
    const before = seen.filter((s) => s.url === '/twice').length;
    const r = await fetch(`${url}/async-function/echo/twice`, { method: 'POST', body: '{}' });
    expect(r.status).toBe(202);
    await router.drained();
    expect(seen.filter((s) => s.url === '/twice').length - before).toBe(2);
  });
});

/** The /system API as faas-cli calls it (faas-cli itself is not in npm or Debian; its requests are). */
describe('router /system API for faas-cli', () => {
  const get = async (path: string) => {
    const r = await fetch(`${url}${path}`);
    return { status: r.status, text: await r.text() };
  };

  it('faas-cli list / describe: real invocation counts per function', async () => {
    const before = JSON.parse((await get('/system/function/echo?namespace=openfaas-fn')).text)
      .invocationCount as number;
    await fetch(`${url}/function/echo`, { method: 'POST', body: 'x' });
    await fetch(`${url}/function/echo.openfaas-fn/sub`, { method: 'POST', body: 'x' });
    const d = JSON.parse((await get('/system/function/echo?namespace=openfaas-fn')).text);
    expect(d).toMatchObject({
      name: 'echo',
      image: 'x/echo',
      namespace: 'openfaas-fn',
      replicas: 1,
      availableReplicas: 1,
      envProcess: 'node index.js',
    });
    expect(d.invocationCount).toBe(before + 2);
    const list = JSON.parse((await get('/system/functions?namespace=openfaas-fn')).text) as {
      name: string;
      invocationCount: number;
    }[];
    expect(list.find((f) => f.name === 'echo')!.invocationCount).toBe(before + 2);
    const missing = await get('/system/function/nope');
    expect(missing.status).toBe(404);
    expect(missing.text).toMatch(/No function found: nope/);
  });

  it('faas-cli version: GET /system/info says what it is', async () => {
    const r = await get('/system/info');
    expect(r.status).toBe(200);
    const info = JSON.parse(r.text);
    expect(info.provider.provider).toMatch(/local runner/);
    expect(info.version.release).toBe('dev');
    expect(typeof info.arch).toBe('string');
  });

  it("a gateway in front (X-Forwarded-For, as its forwarding proxy adds) gets faas-provider's ProviderInfo shape", async () => {
    const r = await fetch(`${url}/system/info`, { headers: { 'x-forwarded-for': '127.0.0.1:5555' } });
    const info = JSON.parse(await r.text());
    expect(typeof info.provider).toBe('string');
    expect(info.provider).toMatch(/local runner/);
    expect(info.orchestration).toBe('local processes');
    expect(info.version.release).toBe('dev');
  });

  it('an async call to an unknown function is accepted (202) like the real gateway; its callback says 404', async () => {
    const got: { status: string | undefined; body: string }[] = [];
    const receiver = createServer((req, res) => {
      let b = '';
      req.on('data', (c: Buffer) => (b += c));
      req.on('end', () => {
        got.push({ status: req.headers['x-function-status'] as string | undefined, body: b });
        res.end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const cb = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/cb`;
    const r = await fetch(`${url}/async-function/nope`, {
      method: 'POST',
      headers: { 'x-callback-url': cb },
      body: 'x',
    });
    expect(r.status).toBe(202);
    await router.drained();
    receiver.close();
    expect(got).toHaveLength(2); // redeliver: true in this file
    expect(got[0]).toEqual({ status: '404', body: 'function nope not found' });
  });

  it('faas-cli deploy / update / remove / scale / secret: 501 with a clear message, nothing pretends to change', async () => {
    const calls: [string, string][] = [
      ['POST', '/system/functions'],
      ['PUT', '/system/functions'],
      ['DELETE', '/system/functions'],
      ['POST', '/system/scale-function/echo'],
      ['GET', '/system/secrets'],
    ];
    for (const [method, path] of calls) {
      const r = await fetch(`${url}${path}`, method === 'GET' ? { method } : { method, body: '{"service":"echo"}' });
      expect(r.status).toBe(501);
      expect(await r.text()).toMatch(/not supported by the local runner \(npm start\).*cannot deploy/);
    }
    expect((await get('/system/functions')).status).toBe(200);
  });
});
