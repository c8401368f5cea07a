/**
 * The local runner end to end: the three functions as separate processes behind the template
 * server, the gateway router in front, the embedded sandbox behind. Requests are shaped like
 * faas-cli's and the queue worker's.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '@shared/http';
import { startRunner, type Runner } from '../../tools/runner/index';

let runner: Runner;
/** Signing is on by default (a secret made for the run): sign as `faas-cli invoke --sign` would. */
const signed = (body: string): Record<string, string> => ({
  'x-hub-signature': sign(body, runner.envs.get('classify-ticket')!.SIGNING_SECRET!),
});
beforeAll(async () => {
  runner = await startRunner({ port: 0, sandbox: { plan: 'unlimited' } });
}, 60_000);
afterAll(() => runner.close());

describe('gateway', () => {
  it('lists the functions of stack.yml with their annotations, and answers the health path', async () => {
    const fns = (await (await fetch(`${runner.gatewayUrl}/system/functions`)).json()) as {
      name: string;
      annotations: Record<string, string>;
    }[];
    expect(fns.map((f) => f.name).sort()).toEqual(['classify-ticket', 'fetch-tickets', 'update-ticket']);
    expect(fns.find((f) => f.name === 'fetch-tickets')?.annotations).toMatchObject({
      topic: 'cron-function',
      schedule: '*/5 * * * *',
    });
    expect((await fetch(`${runner.gatewayUrl}/healthz`)).status).toBe(200);
  });

  it('answers `faas-cli invoke classify-ticket --sign` (text/plain body with a trailing newline) with a prediction', async () => {
    const text = 'My laptop will not boot after the update\nBlue screen every time since this morning.\n';
    const unsigned = await fetch(`${runner.gatewayUrl}/function/classify-ticket`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: text,
    });
    expect(unsigned.status).toBe(401);
    const res = await fetch(`${runner.gatewayUrl}/function/classify-ticket`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', ...signed(text) },
      body: text,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-duration-seconds')).toMatch(/^\d+\.\d+$/);
    expect(res.headers.get('x-call-id')).toBeTruthy();
    const body = (await res.json()) as { predictions: Record<string, { label: string; confidence: number }> };
    expect(Object.keys(body.predictions).sort()).toEqual(['priority', 'queue', 'type']);
  });

  it('runs /async-function calls later and POSTs the answer to X-Callback-Url with the queue worker headers', async () => {
    const got: { headers: Record<string, unknown>; body: string }[] = [];
    const receiver = createServer((req, res) => {
      let b = '';
      req.on('data', (c) => (b += c));
      req.on('end', () => {
        got.push({ headers: req.headers, body: b });
        res.end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const cb = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/done`;
    const text = 'Refund please\nThe returned jacket was never refunded.';
    const res = await fetch(`${runner.gatewayUrl}/async-function/classify-ticket`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-callback-url': cb, ...signed(text) },
      body: text,
    });
    expect(res.status).toBe(202);
    const callId = res.headers.get('x-call-id');
    await runner.drain();
    receiver.close();
    expect(got).toHaveLength(1);
    expect(got[0]!.headers).toMatchObject({
      'x-call-id': callId,
      'x-function-status': '200',
      'x-function-name': 'classify-ticket',
    });
    expect(JSON.parse(got[0]!.body).predictions.queue.label).toBeTruthy();
    expect((await fetch(`${runner.gatewayUrl}/async-function/classify-ticket`)).status).toBe(405);
    expect((await fetch(`${runner.gatewayUrl}/function/nope`, { method: 'POST' })).status).toBe(404);
  });

  it('a cycle triages every eligible demo ticket once; the next cycle finds nothing to do', async () => {
    const s = await runner.runCycle();
    expect(s.errors).toEqual([]);
    expect(s.triaged).toBe(s.eligible);
    expect(s.eligible).toBeGreaterThan(40);
    expect(s.results.every((r) => r.subject.length > 0)).toBe(true);
    const again = await runner.runCycle();
    expect(again.triaged).toBe(0);
    for (const t of runner.sandbox!.store.tickets()) {
      expect(
        runner.sandbox!.store.notes(t.id).filter((n) => n.body.includes('ai-triage-id:')).length,
      ).toBeLessThanOrEqual(1);
    }
  });
});
