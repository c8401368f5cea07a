/**
 * classify-ticket and update-ticket through the template's real server, against the sandbox and
 * the shipped model: input shapes, bad input, dry-run, thresholds, agents' changes, idempotency,
 * and the async callback's failure path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../tools/freshdesk-sandbox/index';
import { post, serveFunction, type Served } from './helpers/serve';

let sb: Sandbox;
let classify: Served;
let update: Served;
const logs: string[] = [];

beforeAll(async () => {
  sb = await startSandbox({ port: 0, seed: 'demo', plan: 'unlimited' });
  Object.assign(process.env, {
    FRESHDESK_BASE_URL: sb.baseUrl,
    FRESHDESK_API_KEY: sb.apiKey,
    MODEL_DIR: 'models/ticket-triage',
    APPLY_THRESHOLD: '0.5',
    REVIEW_BELOW: '0.2',
    SECRETS_DIR: '/nonexistent',
  });
  classify = await serveFunction('classify-ticket', (e) => logs.push(JSON.stringify(e)));
  update = await serveFunction('update-ticket', (e) => logs.push(JSON.stringify(e)));
});
afterAll(async () => {
  await classify.close();
  await update.close();
  await sb.close();
});

const ticket = (id: number) => sb.store.ticket(id)!;
const apiNotes = (id: number) => sb.store.notes(id);

describe('classify-ticket', () => {
  it('classifies plain text as faas-cli sends it (text/plain, trailing newline)', async () => {
    const r = await post(
      classify.url,
      'Invoice charged twice\nOur November invoice was debited twice from our account, please refund.\n',
      'text/plain',
    );
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
    expect(r.json.model).toMatchObject({ name: 'ticket-triage' });
    expect(r.json.predictions.queue.label).toBe('Billing and Payments');
    expect(r.json.predictions.queue.alternatives).toHaveLength(3);
    expect(['low', 'medium', 'high']).toContain(r.json.predictions.priority.label);
    expect(r.json.explanation.queue.length).toBeGreaterThan(0);
  });

  it('accepts a Freshdesk ticket, {subject, description_text} and an array', async () => {
    const fd = await post(
      classify.url,
      JSON.stringify({
        id: 5,
        subject: 'VPN down',
        description: '<p>The VPN fails with error 809</p>',
        updated_at: '2026-11-20T10:00:00Z',
        priority: 1,
        group_id: null,
        type: null,
        tags: [],
      }),
      'application/json',
    );
    expect(fd.status).toBe(200);
    expect(fd.json.ticketId).toBe(5);
    expect(fd.json.ticket).toMatchObject({ id: 5, priority: 1, groupId: null });
    const batch = await post(
      classify.url,
      JSON.stringify([{ subject: 'a', description_text: 'printer broken' }, 'Passwort vergessen, bitte zurücksetzen']),
      'application/json',
    );
    expect(batch.status).toBe(200);
    expect(batch.json).toHaveLength(2);
  });

  it.each([
    ['an empty body', '', 'text/plain', 400, /empty/],
    ['an object without text', '{}', 'application/json', 400, /subject or a description/],
    ['malformed JSON', '{"subject":', 'application/json', 400, /malformed JSON/],
    ['a number', '42', 'application/json', 400, /send a ticket/],
    ['binary data', Buffer.from([0, 1, 2, 255]), 'application/octet-stream', 415, /content type/],
    ['wrong types', '{"subject": 42}', 'application/json', 400, /subject/],
  ])('answers %s with a 4xx JSON error naming the problem', async (_n, body, type, status, message) => {
    const r = await post(classify.url, body, type);
    expect(r.status).toBe(status);
    expect(r.json.error).toMatch(message);
  });
});

async function classified(id: number) {
  const t = ticket(id);
  const r = await post(
    classify.url,
    JSON.stringify({
      id: t.id,
      subject: t.subject,
      description: t.description,
      updated_at: t.updated_at,
      priority: t.priority,
      group_id: t.group_id,
      type: t.type,
      tags: t.tags,
    }),
    'application/json',
  );
  expect(r.status).toBe(200);
  return r.json;
}

describe('update-ticket', () => {
  it('dry-run returns the update and the note and writes nothing', async () => {
    const before = JSON.stringify(ticket(2));
    const notesBefore = apiNotes(2).length;
    const r = await post(update.url, JSON.stringify({ ...(await classified(2)), dryRun: true }), 'application/json');
    expect(r.status).toBe(200);
    expect(r.json.dryRun).toBe(true);
    expect(r.json.update.tags).toContain('ai-triaged-2.0.0');
    expect(r.json.note).toMatch(/AI triage/);
    expect(JSON.stringify(ticket(2))).toBe(before);
    expect(apiNotes(2)).toHaveLength(notesBefore);
  });

  it('applies confident fields with the marker and one note, and a repeated call adds nothing', async () => {
    const result = await classified(3);
    const first = await post(update.url, JSON.stringify(result), 'application/json');
    expect(first.status).toBe(200);
    // Ticket 3 is Low with a group and a type set by an agent: PRIORITY_POLICY=raise-only keeps it, so every head may be kept.
    expect(['applied', 'suggested', 'review', 'skipped']).toContain(first.json.outcome);
    expect(first.json.heads.priority.action).toBe('kept');
    expect(ticket(3).tags).toContain('ai-triaged-2.0.0');
    for (const [head, d] of Object.entries(first.json.heads as Record<string, { action: string; label: string }>)) {
      if (d.action === 'applied' && head === 'priority')
        expect(ticket(3).priority).toBe({ low: 1, medium: 2, high: 3 }[d.label]);
    }
    const again = await Promise.all([
      post(update.url, JSON.stringify(result), 'application/json'),
      post(update.url, JSON.stringify(result), 'application/json'),
    ]);
    expect(again.map((a) => a.json.outcome)).toEqual(['skipped', 'skipped']);
    expect(apiNotes(3).filter((n) => n.body.includes('ai-triage-id: 3/'))).toHaveLength(1);
  });

  it('never overwrites a field an agent changed after the ticket was fetched', async () => {
    const result = await classified(4);
    const group = Object.values(
      (await (
        await fetch(`${sb.baseUrl}/groups`, {
          headers: { authorization: `Basic ${Buffer.from(`${sb.apiKey}:X`).toString('base64')}` },
        })
      ).json()) as { id: number }[],
    )[0]!.id;
    sb.actAsAgent(4, { group_id: group, type: 'Question' });
    const r = await post(update.url, JSON.stringify(result), 'application/json');
    expect(r.json.heads.queue.action).toBe('kept');
    expect(r.json.heads.type.action).toBe('kept');
    expect(ticket(4)).toMatchObject({ group_id: group, type: 'Question' });
  });

  it('records a failed classification from the async callback without writing', async () => {
    const before = JSON.stringify(ticket(6));
    const r = await post(update.url, 'Error: boom', 'text/plain', { 'x-function-status': '500', 'x-call-id': 'c-1' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ outcome: 'failed', callId: 'c-1' });
    expect(JSON.stringify(ticket(6))).toBe(before);
  });

  it('answers bad input with 4xx and an unknown ticket with 404', async () => {
    const noId = await post(
      update.url,
      JSON.stringify({ ...(await classified(7)), ticketId: undefined }),
      'application/json',
    );
    expect(noId.status).toBe(400);
    expect(noId.json.error).toMatch(/ticketId/);
    const wrong = await post(update.url, JSON.stringify({ ticketId: 'x' }), 'application/json');
    expect(wrong.status).toBe(400);
    const unknown = await post(
      update.url,
      JSON.stringify({ ...(await classified(7)), ticketId: 99_999 }),
      'application/json',
    );
    expect(unknown.status).toBe(404);
  });

  it('never logs the API key or ticket text', () => {
    const all = logs.join('\n');
    expect(all).not.toContain(sb.apiKey);
    expect(all).not.toContain('debited twice');
  });
});
