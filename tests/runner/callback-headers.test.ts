/**
 * The queue worker passes a signed answer on to X-Callback-Url with the header the functions sign
 * with: the configured SIGNATURE_HEADER (shared/contract), not only the default. Real loopback
 * servers: a "function" that answers signed, the runner's router, and a callback receiver; then the
 * whole local chain (npm start's runner, the three functions, the sandbox) with a custom header.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaderNames, TIMESTAMP_HEADER } from '@shared/contract';
import { signatureHeaders, verify } from '@shared/http';
import { startRunner } from '../../tools/runner/index';
import { Router } from '../../tools/runner/router';
import type { StackFunction } from '../../tools/runner/stack';

const SECRET = 'callback-test-secret';
const BODY = JSON.stringify({ ticketId: 7 });
const fn = (name: string): StackFunction => ({
  name,
  image: `x/${name}`,
  annotations: {},
  labels: {},
  environment: {},
  execTimeoutMs: 5000,
  maxInflight: undefined,
});
const listen = (s: Server) =>
  new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as AddressInfo).port)));
const close = (s: Server) => {
  s.closeAllConnections();
  return new Promise<void>((r) => s.close(() => r()));
};

let signer: Server;
let receiver: Server;
let signerPort: number;
let receiverUrl: string;
const received: { headers: IncomingHttpHeaders; body: Buffer }[] = [];

beforeAll(async () => {
  // Signs its answer as classify-ticket does, with the header the test's query names.
  signer = createServer((req, res) => {
    const header = new URL(req.url ?? '/', 'http://x').searchParams.get('header') ?? 'x-hub-signature';
    res
      .writeHead(200, {
        'content-type': 'application/json',
        'x-unrelated': 'dropped',
        ...signatureHeaders(BODY, { secret: SECRET, header, maxAgeSeconds: 60 }),
      })
      .end(BODY);
  });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200).end();
    });
  });
  signerPort = await listen(signer);
  receiverUrl = `http://127.0.0.1:${await listen(receiver)}/function/update-ticket`;
});
afterAll(async () => {
  await close(signer);
  await close(receiver);
});

async function callThrough(signedHeaders: string[] | undefined, header: string) {
  const router = new Router({
    upstreams: new Map([['classify-ticket', { fn: fn('classify-ticket'), port: signerPort }]]),
    ...(signedHeaders ? { signedHeaders } : {}),
  });
  const port = await listen(router.server);
  try {
    const r = await fetch(`http://127.0.0.1:${port}/async-function/classify-ticket?header=${header}`, {
      method: 'POST',
      body: '{}',
      headers: { 'x-callback-url': receiverUrl },
    });
    expect(r.status).toBe(202);
    await router.drained();
    return received.at(-1)!;
  } finally {
    await close(router.server);
  }
}

describe('callback headers', () => {
  it('passes a custom SIGNATURE_HEADER and its timestamp on, so the callback verifies', async () => {
    const got = await callThrough(signedHeaderNames({ SIGNATURE_HEADER: 'X-Triage-Sig' }), 'x-triage-sig');
    expect(got.headers['x-triage-sig']).toMatch(/^sha256=[0-9a-f]{64}$/);
    const ts = got.headers[TIMESTAMP_HEADER];
    expect(typeof ts).toBe('string');
    expect(verify(got.body, got.headers['x-triage-sig'], SECRET, ts as string)).toBe(true);
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['x-unrelated']).toBeUndefined();
    expect(got.headers['x-function-status']).toBe('200');
  });

  it('with no configuration passes the contract default (x-hub-signature) and not a header it was not told about', async () => {
    const dflt = await callThrough(undefined, 'x-hub-signature');
    expect(dflt.headers['x-hub-signature']).toMatch(/^sha256=/);
    const other = await callThrough(undefined, 'x-triage-sig');
    expect(other.headers['x-triage-sig']).toBeUndefined();
  });
});

describe('the local chain with a custom SIGNATURE_HEADER and replay protection', () => {
  it('triages a ticket: classify-ticket signs with the header, the queue worker passes it on, update-ticket verifies it', async () => {
    const runner = await startRunner({
      port: 0,
      sandbox: { seed: 'empty', plan: 'unlimited' },
      env: { SIGNING_SECRET: SECRET, SIGNATURE_HEADER: 'X-Triage-Sig', SIGNATURE_MAX_AGE_SECONDS: '300' },
    });
    try {
      const sb = runner.sandbox!;
      const [t] = sb.createTickets([
        { subject: 'Cannot log in since the password reset', description: 'The reset link says expired. Please help.' },
      ]);
      const cycle = await runner.runCycle();
      expect(cycle.errors).toEqual([]);
      expect(cycle.triaged).toBe(1);
      expect(sb.store.notes(t!.id).filter((n) => n.body.includes('ai-triage-id:'))).toHaveLength(1);
    } finally {
      await runner.close();
    }
  }, 60_000);
});
