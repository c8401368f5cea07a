/** The template's server over real HTTP: the node-template contract without its traps. */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunctionServer, type Handler } from '../../template/node-ts/server';

let url: string;
let server: ReturnType<typeof createFunctionServer>;
const logs: unknown[] = [];
const handler: Handler = async (event, context) => {
  if (event.path === '/throw') throw new Error('secret detail');
  if (event.path === '/reject') return Promise.reject(new Error('nope'));
  if (event.path === '/fail') return context.fail('bad thing');
  if (event.path === '/status') return context.status(201).succeed({ made: true });
  if (event.path === '/text') return 'plain';
  return {
    method: event.method,
    body: event.body,
    query: event.query,
    path: event.path,
    type: Buffer.isBuffer(event.body) ? 'buffer' : typeof event.body,
  };
};

beforeAll(async () => {
  server = createFunctionServer(handler, { maxBodyBytes: 1000, log: (e) => logs.push(e) });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function call(path: string, init: RequestInit = {}) {
  const res = await fetch(`${url}${path}`, { method: 'POST', ...init });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

describe('template server', () => {
  it('parses JSON, text and empty bodies like the node template, and answers JSON with application/json', async () => {
    const j = await call('/?a=1', { body: '{"x":1}', headers: { 'content-type': 'application/json' } });
    expect(j.type).toBe('application/json');
    expect(JSON.parse(j.body)).toEqual({
      method: 'POST',
      body: { x: 1 },
      query: { a: '1' },
      path: '/',
      type: 'object',
    });
    expect(JSON.parse((await call('/', { body: 'hello\n' })).body).body).toBe('hello\n');
    expect(JSON.parse((await call('/', { body: '' })).body).body).toBe('');
    expect(
      JSON.parse((await call('/', { body: 'x', headers: { 'content-type': 'application/octet-stream' } })).body).type,
    ).toBe('buffer');
  });

  it('turns a thrown error or a rejection into a 500 JSON without the message or a stack', async () => {
    for (const path of ['/throw', '/reject']) {
      const r = await call(path);
      expect(r.status).toBe(500);
      expect(r.type).toBe('application/json');
      expect(r.body).not.toMatch(/secret detail|at .*\.ts/);
    }
    expect(JSON.stringify(logs)).toMatch(/secret detail/); // logged for the operator, never answered
  });

  it('answers malformed JSON with 400 JSON and an oversized body with 413 JSON', async () => {
    const bad = await call('/', { body: '{"x":', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toMatch(/malformed JSON/);
    const big = await call('/', { body: 'x'.repeat(5000), headers: { 'content-type': 'text/plain' } });
    expect(big.status).toBe(413);
    expect(big.type).toBe('application/json');
  });

  it('keeps context.status/succeed/fail semantics', async () => {
    expect((await call('/status')).status).toBe(201);
    const f = await call('/fail');
    expect(f.status).toBe(500);
    expect(JSON.parse(f.body)).toEqual({ error: 'bad thing' });
    expect((await call('/text')).type).toMatch(/text\/plain/);
  });
});
