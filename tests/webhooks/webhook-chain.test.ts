/**
 * Webhooks end to end with the local runner: the embedded sandbox fires its automation rule at
 * the gateway's fetch-tickets, which queues the ids and the usual chain triages them. Covers both
 * body shapes, string ids, unknown, spam and deleted tickets, wrong and missing tokens (nothing
 * written), a lost webhook healed by cron, and webhook plus cron at once (one note).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunner, type Runner } from '../../tools/runner/index';
import type { Sandbox } from '../../tools/freshdesk-sandbox/index';

let runner: Runner;
let sb: Sandbox;
let hookUrl: string;
let token: string;

beforeAll(async () => {
  runner = await startRunner({
    port: 0,
    sandbox: { seed: 'empty', plan: 'unlimited' },
    webhooks: { retryDelaysMs: [] },
    queueConcurrency: 2,
  });
  sb = runner.sandbox!;
  hookUrl = `${runner.gatewayUrl}/function/fetch-tickets`;
  // The rule the runner configured carries the generated token; the tests send it themselves too.
  token = runner.webhookToken!;
}, 60_000);
afterAll(() => runner.close());

const triageNotes = (id: number) => sb.store.notes(id).filter((n) => n.body.includes('ai-triage-id:'));
const ticket = (subject: string, extra: Record<string, unknown> = {}) => ({
  subject,
  description: `${subject}. Please help, this blocks our team since this morning.`,
  email: 'kim@example.com',
  ...extra,
});

async function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const hook = (body: unknown, headers: Record<string, string> = { 'x-triage-token': token }) =>
  fetch(hookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('webhook trigger through the runner', () => {
  it('a ticket created in the sandbox gets its triage note without a cron run', async () => {
    const [t] = sb.createTickets([ticket('Invoice charged twice')]);
    await until(() => triageNotes(t!.id).length > 0, 'the triage note');
    await runner.drain();
    expect(triageNotes(t!.id)).toHaveLength(1);
    expect(sb.webhookDeliveries().find((d) => d.ticketId === t!.id)).toMatchObject({
      status: 202,
      outcome: 'delivered',
    });
  });

  it('accepts both Freshdesk body shapes, with number or string ids, and answers 202 at once', async () => {
    const [a, b] = sb.addTickets([ticket('Laptop will not boot'), ticket('Refund for returned order')]);
    const simple = await hook({ freshdesk_webhook: { ticket_id: a!.id, ticket_subject: 'Laptop will not boot' } });
    const custom = await hook({ ticket_id: String(b!.id) });
    expect([simple.status, custom.status]).toEqual([202, 202]);
    expect(await custom.json()).toEqual({ trigger: 'webhook', accepted: [b!.id], queued: true });
    await runner.drain();
    expect([triageNotes(a!.id).length, triageNotes(b!.id).length]).toEqual([1, 1]);
  });

  it('skips unknown, spam and deleted tickets and writes nothing to them', async () => {
    const [spam, gone] = sb.addTickets([
      ticket('Cheap pills', { spam: true }),
      ticket('Old thread', { deleted: true }),
    ]);
    const before = sb.requestLog().length;
    const r = await hook({ ticket_ids: [999_999, spam!.id, gone!.id] });
    expect(r.status).toBe(202);
    await runner.drain();
    const writes = sb
      .requestLog()
      .slice(before)
      .filter((e) => e.method !== 'GET');
    expect(writes).toEqual([]);
    expect([triageNotes(spam!.id).length, triageNotes(gone!.id).length]).toEqual([0, 0]);
  });

  it('refuses a missing or wrong token with a JSON error and reads or writes nothing', async () => {
    const [t] = sb.addTickets([ticket('Password reset link expired')]);
    const before = sb.requestLog().length;
    const missing = await hook({ ticket_id: t!.id }, {});
    const wrong = await hook({ ticket_id: t!.id }, { 'x-triage-token': `${token}x` });
    const wrongBasic = await hook(
      { ticket_id: t!.id },
      { authorization: `Basic ${Buffer.from('freshdesk:guess').toString('base64')}` },
    );
    expect([missing.status, wrong.status, wrongBasic.status]).toEqual([401, 403, 403]);
    expect(((await wrong.json()) as { error: string }).error).toMatch(/wrong token/);
    await runner.drain();
    expect(sb.requestLog().length).toBe(before);
    expect(triageNotes(t!.id)).toHaveLength(0);
  });

  it('a lost webhook is healed by the next cron run, once', async () => {
    sb.setWebhook({ url: 'http://127.0.0.1:1/unreachable', retryDelaysMs: [] });
    const [t] = sb.createTickets([ticket('VPN disconnects every 10 minutes')]);
    await until(
      () => sb.webhookDeliveries().some((d) => d.ticketId === t!.id && d.outcome === 'gave-up'),
      'the lost webhook',
    );
    expect(triageNotes(t!.id)).toHaveLength(0);
    await runner.runCycle();
    expect(triageNotes(t!.id)).toHaveLength(1);
  });

  it('webhook and cron arriving together triage a ticket once', async () => {
    sb.setWebhook({
      url: hookUrl,
      headers: { 'X-Triage-Token': token },
      body: '{"ticket_id": "{{ticket.id}}"}',
      retryDelaysMs: [],
    });
    const created = sb.createTickets([
      ticket('Printer jams on every page'),
      ticket('Cannot log in to the portal'),
      ticket('Upgrade our plan to 50 seats'),
    ]);
    const cycle = runner.runCycle();
    await Promise.all(created.map((t) => hook({ ticket_id: t.id })));
    await cycle;
    await until(() => created.every((t) => triageNotes(t.id).length > 0), 'all three notes');
    await runner.drain();
    expect(created.map((t) => triageNotes(t.id).length)).toEqual([1, 1, 1]);
  });
});

describe('webhook trigger with signing on (the stack default)', () => {
  let signed: Runner;
  beforeAll(async () => {
    signed = await startRunner({
      port: 0,
      sandbox: { seed: 'empty', plan: 'unlimited' },
      webhooks: { retryDelaysMs: [] },
      env: { SIGNING_SECRET: 'internal-signing-secret' },
    });
  }, 60_000);
  afterAll(() => signed.close());

  it('the unsigned webhook is taken on its token, its queued call is signed, the ticket is triaged', async () => {
    const s = signed.sandbox!;
    const [t] = s.createTickets([ticket('Two-factor codes never arrive')]);
    await until(() => s.store.notes(t!.id).some((n) => n.body.includes('ai-triage-id:')), 'the triage note');
    await signed.drain();
    expect(s.store.notes(t!.id).filter((n) => n.body.includes('ai-triage-id:'))).toHaveLength(1);
  });

  it('an unsigned options body is still refused: only the webhook shape is let through on a token', async () => {
    const r = await fetch(`${signed.gatewayUrl}/function/fetch-tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-triage-token': signed.webhookToken! },
      body: JSON.stringify({ ticketIds: [1] }),
    });
    expect(r.status).toBe(401);
  });
});
