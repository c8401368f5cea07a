/** The sandbox's 429s over HTTP; the budget arithmetic itself: sandbox-rate-limit.unit.test.ts. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../tools/freshdesk-sandbox/index';
import { call, fakeClock, start } from './helpers';

describe('rate limiting over HTTP (docs/freshdesk.md#rate-limits)', () => {
  const clock = fakeClock('2026-03-02T10:00:00Z');
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await start({
      seed: 'demo',
      now: clock.now,
      windowMs: 1000,
      rateLimit: { overallPerWindow: 5, subLimits: { ticketsList: 2 } },
    });
  });
  beforeEach(() => {
    clock.advance(1000);
  });
  afterAll(() => sb.close());

  it('sends X-RateLimit headers on every answer, errors included, and counts invalid requests', async () => {
    const a = await call(sb, 'GET', '/tickets/1');
    const b = await call(sb, 'GET', '/tickets/99999');
    const c = await call(sb, 'GET', '/tickets/1', { key: 'nope' });
    expect([a.status, b.status, c.status]).toEqual([200, 404, 401]);
    expect([a, b, c].map((r) => r.headers.get('x-ratelimit-remaining'))).toEqual(['4', '3', '2']);
    expect(c.headers.get('x-ratelimit-total')).toBe('5');
  });

  it('answers 429 with Retry-After and an empty body once the window is used up, then recovers', async () => {
    for (let i = 0; i < 5; i++) expect((await call(sb, 'GET', '/ticket_fields')).status).toBe(200);
    const limited = await call(sb, 'GET', '/ticket_fields');
    expect(limited.status).toBe(429);
    expect(limited.text).toBe('');
    expect(limited.headers.get('content-length')).toBe('0');
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    clock.advance(1000);
    expect((await call(sb, 'GET', '/ticket_fields')).status).toBe(200);
  });

  it('applies the tickets-list sub-limit before the overall limit', async () => {
    expect((await call(sb, 'GET', '/tickets')).status).toBe(200);
    expect((await call(sb, 'GET', '/tickets')).status).toBe(200);
    const third = await call(sb, 'GET', '/tickets');
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('x-ratelimit-remaining'))).toBeGreaterThan(0);
    expect((await call(sb, 'GET', '/tickets/1')).status).toBe(200);
  });

  it('charges embeds and refuses a call that does not fit', async () => {
    const res = await call(sb, 'GET', '/tickets?include=description,stats');
    expect(res.headers.get('x-ratelimit-used-currentrequest')).toBe('5');
    expect((await call(sb, 'GET', '/tickets/1')).status).toBe(429);
  });

  it('never rate-limits the admin API', async () => {
    for (let i = 0; i < 8; i++) expect((await call(sb, 'GET', '/_sandbox/rate-limit')).status).toBe(200);
  });
});
