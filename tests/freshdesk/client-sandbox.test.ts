/** The client against the project's Freshdesk sandbox: the flows the pipeline depends on. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  and,
  eq,
  FreshdeskClient,
  gte,
  or,
  RateLimiter,
  RateLimitError,
  summarizeFields,
  ValidationError,
} from '@shared/freshdesk';
import { startSandbox, type Sandbox } from '../../tools/freshdesk-sandbox/index';

let sb: Sandbox;
let fd: FreshdeskClient;
beforeAll(async () => {
  sb = await startSandbox({ port: 0, seed: 'demo', plan: 'unlimited' });
  fd = new FreshdeskClient({ baseUrl: sb.baseUrl, apiKey: sb.apiKey, keepAliveTimeoutMs: 10 });
});
afterAll(async () => {
  await fd.close();
  await sb.close();
});

describe('client against the sandbox', () => {
  it('lists every demo ticket with descriptions, across pages', async () => {
    const pages: number[] = [];
    const ids: number[] = [];
    for await (const page of fd
      .findTickets({ updatedSince: new Date(Date.now() - 29 * 86_400_000), perPage: 25, include: ['description'] })
      .pages()) {
      pages.push(page.page);
      for (const t of page.tickets) {
        ids.push(t.id);
        expect(typeof t.description_text).toBe('string');
      }
    }
    expect(ids.length).toBe(sb.store.tickets().filter((t) => !t.spam && !t.deleted).length);
    expect(pages.length).toBeGreaterThan(1);
  });

  it('updates a ticket, reads it back and adds a private note visible in conversations', async () => {
    const fields = summarizeFields(await fd.listTicketFields());
    const groups = await fd.listGroups();
    expect(Object.keys(fields.groups).sort()).toEqual(groups.map((g) => g.name).sort());
    expect(fields.types).toContain('Incident');
    expect(fields.priorities).toMatchObject({ Low: 1, Medium: 2, High: 3, Urgent: 4 });
    const billing = groups.find((g) => g.name === 'Billing and Payments')!;
    const updated = await fd.updateTicket(3, {
      group_id: billing.id,
      priority: 3,
      type: 'Incident',
      tags: ['ai-triaged'],
    });
    expect(updated).toMatchObject({ group_id: billing.id, priority: 3, type: 'Incident', tags: ['ai-triaged'] });
    const note = await fd.addNote(3, { body: '<p>triage note</p>' });
    expect(note.private).toBe(true);
    const view = await fd.getTicket(3, { include: ['conversations'] });
    expect(view.conversations?.some((c) => c.id === note.id)).toBe(true);
  });

  it('surfaces every validation problem of a bad update and changes nothing', async () => {
    const before = await fd.getTicket(4);
    const err = (await fd
      .updateTicket(4, { type: 'Nonsense', group_id: 1 })
      .catch((e: unknown) => e)) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.errors.map((e) => e.field).sort()).toEqual(['group_id', 'type']);
    expect(err.message).toMatch(/^PUT \/tickets\/4: /);
    expect((await fd.getTicket(4)).updated_at).toBe(before.updated_at);
  });

  it('searches with the query builder', async () => {
    const res = await fd.searchTickets(
      and(
        or(eq('priority', 3), eq('priority', 4)),
        eq('status', 2),
        gte('created_at', new Date(Date.now() - 60 * 86_400_000)),
      ),
    );
    expect(res.total).toBeGreaterThan(0);
    for (const t of res.results) {
      expect([3, 4]).toContain(t.priority);
      expect(t.status).toBe(2);
    }
  });
});

describe('client against a rate-limited sandbox', () => {
  it('waits out a 429 and succeeds once the short window rolls over', async () => {
    const small = await startSandbox({
      port: 0,
      seed: 'demo',
      plan: 'trial',
      windowMs: 1000,
      rateLimit: { overallPerWindow: 3 },
    });
    // The client's window must match the account's: the sandbox runs a one-second "minute".
    const c = new FreshdeskClient({
      baseUrl: small.baseUrl,
      apiKey: small.apiKey,
      keepAliveTimeoutMs: 10,
      rateLimiter: new RateLimiter({ windowMs: 1000 }),
    });
    const started = Date.now();
    for (let i = 0; i < 6; i += 1) await c.getTicket(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const throttled = small.requestLog().filter((r) => r.status === 429).length;
    // Pacing waits for the window before hitting the limit; at most the first learning 429 occurs.
    expect(throttled).toBeLessThanOrEqual(1);
    await c.close();
    await small.close();
  });

  it('throws RateLimitError when the wait would pass the deadline', async () => {
    const small = await startSandbox({ port: 0, seed: 'demo', windowMs: 60_000, rateLimit: { overallPerWindow: 1 } });
    const c = new FreshdeskClient({ baseUrl: small.baseUrl, apiKey: small.apiKey, keepAliveTimeoutMs: 10 });
    await c.getTicket(1);
    const err = await c.getTicket(2, { deadlineMs: Date.now() + 500 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).retryAfterMs).toBeGreaterThan(500);
    await c.close();
    await small.close();
  });
});
