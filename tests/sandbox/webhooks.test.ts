/**
 * The sandbox's automation-rule webhook against a real receiver on loopback: which events fire,
 * both body forms, the configured headers, Freshdesk's retry schedule (shortened here), giving up,
 * and the admin API (token headers masked).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../tools/freshdesk-sandbox/index';
import { call, start } from './helpers';

interface Received {
  headers: IncomingHttpHeaders;
  body: any;
}

let sb: Sandbox;
let receiver: Server;
let url: string;
let received: Received[] = [];
/** Statuses the receiver answers with, one per call; 200 once the list is used up. */
let answers: number[] = [];

/** Waits (generously, polling) until `check` holds: no test here depends on a short timer. */
async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(answers.shift() ?? 200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  sb = await start({ seed: 'empty', plan: 'unlimited' });
});
afterAll(async () => {
  await sb.close();
  await new Promise<void>((r) => receiver.close(() => r()));
});
afterEach(() => {
  sb.setWebhook(undefined);
  received = [];
  answers = [];
});

const deliveriesOf = (id: number) => sb.webhookDeliveries().filter((d) => d.ticketId === id);
const newTicket = {
  subject: 'VPN keeps dropping',
  description: 'It disconnects "every" 10 minutes.',
  email: 'erin@example.com',
};

describe('sandbox webhooks', () => {
  it('POSTs the simple form for a ticket created through the API, with the configured header', async () => {
    sb.setWebhook({ url, headers: { 'X-Triage-Token': 'tok' } });
    const created = await call(sb, 'POST', '/tickets', { body: newTicket });
    // The receiver sees the call before the sandbox records its answer: wait for both.
    await until(() => received.length === 1 && deliveriesOf(created.body.id).length === 1, 'one recorded webhook call');
    expect(received[0]!.headers['x-triage-token']).toBe('tok');
    expect(received[0]!.body.freshdesk_webhook).toMatchObject({
      ticket_id: created.body.id,
      ticket_subject: 'VPN keeps dropping',
      triggered_event: 'ticket_created',
    });
    expect(deliveriesOf(created.body.id)).toEqual([
      expect.objectContaining({ ticketId: created.body.id, attempt: 1, status: 200, outcome: 'delivered' }),
    ]);
  });

  it('renders a template with JSON-escaped placeholders, ids as strings', async () => {
    sb.setWebhook({
      url,
      body: '{"ticket_id": "{{ticket.id}}", "subject": "{{ ticket.subject }}", "desc": "{{ticket.description}}"}',
    });
    const [t] = sb.createTickets([newTicket]);
    await until(() => received.length === 1, 'one webhook call');
    expect(received[0]!.body).toEqual({
      ticket_id: String(t!.id),
      subject: 'VPN keeps dropping',
      desc: 'It disconnects "every" 10 minutes.',
    });
  });

  it('fires nothing for seeded tickets, the API key’s own updates, or updates unless asked', async () => {
    sb.setWebhook({ url });
    const [seeded] = sb.addTickets([newTicket]);
    await call(sb, 'PUT', `/tickets/${seeded!.id}`, { body: { priority: 3 } });
    sb.actAsAgent(seeded!.id, { priority: 4 });
    const [marker] = sb.createTickets([newTicket]);
    await until(() => received.length >= 1, 'the marker ticket');
    expect(received.map((r) => r.body.freshdesk_webhook.ticket_id)).toEqual([marker!.id]);
  });

  it('with ticket_updated, fires for an agent’s change but not for the integration’s own PUT', async () => {
    sb.setWebhook({ url, events: ['ticket_updated'] });
    const [t] = sb.addTickets([newTicket]);
    await call(sb, 'PUT', `/tickets/${t!.id}`, { body: { priority: 2 } });
    sb.actAsAgent(t!.id, { priority: 4 });
    await until(() => received.length >= 1, 'the agent update');
    expect(received.map((r) => r.body.freshdesk_webhook.triggered_event)).toEqual(['ticket_updated']);
  });

  it('retries a failed call on Freshdesk’s schedule (shortened) and records each attempt', async () => {
    answers = [500, 503];
    sb.setWebhook({ url, retryDelaysMs: [5, 5, 5] });
    const [t] = sb.createTickets([newTicket]);
    await until(() => deliveriesOf(t!.id).some((d) => d.outcome === 'delivered'), 'the third attempt');
    expect(deliveriesOf(t!.id).map((d) => [d.ticketId, d.attempt, d.status, d.outcome])).toEqual([
      [t!.id, 1, 500, 'retry-scheduled'],
      [t!.id, 2, 503, 'retry-scheduled'],
      [t!.id, 3, 200, 'delivered'],
    ]);
  });

  it('gives up after the last retry, also when nothing listens', async () => {
    sb.setWebhook({ url: 'http://127.0.0.1:1/closed', retryDelaysMs: [5] });
    const [t] = sb.createTickets([newTicket]);
    await until(() => deliveriesOf(t!.id).some((d) => d.outcome === 'gave-up'), 'giving up');
    const d = deliveriesOf(t!.id);
    expect(d.map((x) => x.outcome)).toEqual(['retry-scheduled', 'gave-up']);
    expect(d[0]!.error).toBeTruthy();
    expect(d[0]!.status).toBeUndefined();
  });

  it('is configured through the admin API, which masks header values and rejects bad rules', async () => {
    const put = await call(sb, 'PUT', '/_sandbox/webhook', {
      body: { url, headers: { 'X-Triage-Token': 'very-secret' } },
    });
    expect(put.status).toBe(200);
    expect(put.text).not.toContain('very-secret');
    expect(put.body.config).toMatchObject({
      url,
      headers: { 'X-Triage-Token': '***' },
      events: ['ticket_created'],
      retryDelaysMs: [300_000, 1_800_000, 3_600_000],
    });
    const bad = await call(sb, 'PUT', '/_sandbox/webhook', { body: { url: 'ftp://x', events: ['ticket_deleted'] } });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/url/);
    expect(bad.text).toMatch(/events/);
    expect((await call(sb, 'DELETE', '/_sandbox/webhook')).body.config).toBeNull();
  });
});
