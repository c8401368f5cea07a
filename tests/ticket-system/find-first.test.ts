/**
 * `findFirstTicket` is part of the port (shared/ticket-system/port.ts) although the product does
 * not call it: it is the contract every help-desk adapter implements, and the cheapest read an
 * operator's check or a second adapter's smoke test can make (tools/freshdesk-account.ts calls
 * the client's). This shows its use through the Freshdesk adapter, against the sandbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FreshdeskTicketSystem } from '../../shared/ticket-system';
import { startSandbox, type Sandbox } from '../../tools/freshdesk-sandbox/index';

let sb: Sandbox;
let ts: FreshdeskTicketSystem;
beforeAll(async () => {
  sb = await startSandbox({ port: 0, seed: 'demo', plan: 'unlimited' });
  ts = new FreshdeskTicketSystem({ baseUrl: sb.baseUrl, apiKey: sb.apiKey });
});
afterAll(async () => {
  await ts.close();
  await sb.close();
});

describe('TicketSystem.findFirstTicket', () => {
  it('answers the first ticket findTickets would list, with its description, or undefined when none is that new', async () => {
    const since = new Date('2000-01-01T00:00:00Z');
    const first = await ts.findFirstTicket({ updatedSince: since });
    let listed: Awaited<ReturnType<typeof ts.findFirstTicket>>;
    for await (const t of ts.findTickets({ updatedSince: since, limit: 1 })) listed = t;
    expect(first).toBeDefined();
    expect(first).toEqual(listed);
    expect(first!.description.length).toBeGreaterThan(0);
    expect(await ts.findFirstTicket({ updatedSince: new Date(Date.now() + 86_400_000) })).toBeUndefined();
  });
});
