/**
 * Fidelity check: the third-party npm client `freshdesk-api` (arjunkomath/node-freshdesk-api,
 * undici-based) runs against the sandbox. Its constructor takes the account's base URL
 * (`https://<domain>.freshdesk.com`) and appends `/api/v2/...` itself, so we pass the sandbox
 * origin `http://127.0.0.1:<port>` as that URL: no patching of the client needed.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../tools/freshdesk-sandbox/index';
import { fakeClock, start, TEST_KEY } from './helpers';

const require = createRequire(import.meta.url);
// CommonJS package without usable ESM types for this call style.
const Freshdesk = require('freshdesk-api') as new (
  baseUrl: string,
  apiKey: string,
) => Record<string, (...args: unknown[]) => void>;

interface Outcome {
  error: (Error & { status?: number; data?: any; retryAfter?: number }) | null;
  data: any;
  extra: { pageIsLast?: boolean; requestId?: string } | undefined;
}

/** The client is callback-based: `(error, data, extra)`. */
function run(
  client: Record<string, (...args: unknown[]) => void>,
  method: string,
  ...args: unknown[]
): Promise<Outcome> {
  return new Promise((resolve) => {
    const fn = client[method];
    if (!fn) throw new Error(`freshdesk-api has no method ${method}`);
    fn.call(client, ...args, (error: Outcome['error'], data: unknown, extra: Outcome['extra']) =>
      resolve({ error, data, extra }),
    );
  });
}

const clock = fakeClock('2026-03-02T10:00:00Z');
let sb: Sandbox;
let client: Record<string, (...args: unknown[]) => void>;

beforeAll(async () => {
  sb = await start({ now: clock.now, windowMs: 1000 });
  client = new Freshdesk(sb.origin, TEST_KEY);
});
beforeEach(() => {
  clock.advance(1000); // a fresh rate-limit window per test
  sb.setFaults({});
});
afterAll(() => sb.close());

describe('freshdesk-api against the sandbox', () => {
  it('lists tickets with its params, and reads pageIsLast from the Link header', async () => {
    const first = await run(client, 'listAllTickets', { per_page: 10, order_by: 'created_at', order_type: 'asc' });
    expect(first.error).toBeNull();
    expect(first.data).toHaveLength(10);
    expect(first.extra?.pageIsLast).toBe(false);
    const all = await run(client, 'listAllTickets', { per_page: 100 });
    expect(all.data).toHaveLength(sb.store.tickets().length);
    expect(all.extra?.pageIsLast).toBe(true);
    expect(all.extra?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gets a ticket and maps an unknown id to a 404 error', async () => {
    const ok = await run(client, 'getTicket', 1);
    expect(ok.error).toBeNull();
    expect(ok.data).toMatchObject({ id: 1, description: expect.any(String), description_text: expect.any(String) });
    const missing = await run(client, 'getTicket', 99999);
    expect(missing.error?.status).toBe(404);
    expect(missing.error?.message).toBe('The requested entity was not found');
  });

  it('updates a ticket', async () => {
    const group = sb.store.state.groups.find((g) => g.name === 'Billing and Payments');
    const res = await run(client, 'updateTicket', 2, {
      priority: 3,
      group_id: group?.id,
      type: 'Refund',
      tags: ['auto-triaged'],
    });
    expect(res.error).toBeNull();
    expect(res.data).toMatchObject({ id: 2, priority: 3, group_id: group?.id, type: 'Refund', tags: ['auto-triaged'] });
    expect(sb.store.history(2).at(-1)?.source).toBe('api');
  });

  it('adds a private note', async () => {
    const res = await run(client, 'createNote', 2, {
      body: '<p>Auto-triage: Billing and Payments (0.93)</p>',
      private: true,
    });
    expect(res.error).toBeNull();
    expect(res.data).toMatchObject({
      ticket_id: 2,
      private: true,
      body_text: 'Auto-triage: Billing and Payments (0.93)',
    });
  });

  it('searches with its own URL encoding (raw double quotes around encodeURI)', async () => {
    const res = await run(client, 'filterTickets', 'status:2 AND (priority:1 OR priority:2) AND tag:null', 1);
    expect(res.error).toBeNull();
    const expected = sb.store
      .tickets()
      .filter((t) => t.status === 2 && t.priority <= 2 && t.tags.length === 0 && !t.spam && !t.deleted);
    expect(res.data.total).toBe(expected.length);
    expect(res.data.results.length).toBe(Math.min(30, expected.length));
  });

  it('surfaces a validation error with the Freshdesk envelope', async () => {
    const res = await run(client, 'updateTicket', 2, { priority: 9, status: 'open' });
    expect(res.error?.status).toBe(400);
    expect(res.error?.message).toBe('Validation failed');
    expect(res.error?.data.errors).toEqual([
      { field: 'priority', message: "It should be one of these values: '1,2,3,4'", code: 'invalid_value' },
      { field: 'status', message: 'Value set is of type String.It should be a/an Integer', code: 'datatype_mismatch' },
    ]);
  });

  it('reads ticket fields', async () => {
    const res = await run(client, 'listAllTicketFields', {});
    expect(res.error).toBeNull();
    expect(res.data.find((f: { name: string }) => f.name === 'ticket_type').choices).toContain('Question');
  });

  it('gets a 429 with Retry-After and an empty body it can read', async () => {
    sb.setFaults({ rateLimitBurst: { count: 1, retryAfterSec: 3 } });
    const res = await run(client, 'getTicket', 1);
    expect(res.error?.status).toBe(429);
    expect(res.error?.retryAfter).toBe(3);
    expect(res.error?.data).toBe('');
  });

  it('gets a real 429 once the plan budget is used up', async () => {
    const total = sb.limiter.config.overallPerWindow;
    sb.limiter.charge(total - sb.limiter.snapshot().used);
    const res = await run(client, 'getTicket', 1);
    expect(res.error?.status).toBe(429);
    expect(res.error?.retryAfter).toBeGreaterThanOrEqual(1);
  });
});
