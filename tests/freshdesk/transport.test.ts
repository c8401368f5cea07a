import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConnectionError,
  FreshdeskClient,
  FreshdeskError,
  InvalidRequestError,
  NotFoundError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
  ValidationError,
} from '@shared/freshdesk';
import { fakeClock, json, raw, startScriptedServer, ticket, type ScriptedServer } from './helpers/scripted-server';

const KEY = 'sk-test-SECRET-4711';
let srv: ScriptedServer;
beforeAll(async () => {
  srv = await startScriptedServer();
});
afterAll(() => srv.close());
beforeEach(() => {
  srv.requests.length = 0;
});

function client(extra: Partial<ConstructorParameters<typeof FreshdeskClient>[0]> = {}) {
  const clock = fakeClock();
  const c = new FreshdeskClient({
    baseUrl: srv.baseUrl,
    apiKey: KEY,
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    timeoutMs: 2000,
    ...extra,
  });
  return { c, clock };
}

describe('authentication and requests', () => {
  it('sends Basic auth with the key as user and X as password, JSON headers, and parses the ticket', async () => {
    srv.script(json(200, ticket(42, '2026-11-20T10:00:00Z', { brand_new_field: { any: 1 } })));
    const { c } = client();
    const t = await c.getTicket(42, { include: ['conversations'] });
    expect(t.id).toBe(42);
    const req = srv.requests[0]!;
    expect(req.url).toBe('/api/v2/tickets/42?include=conversations');
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from(`${KEY}:X`).toString('base64')}`);
    await c.close();
  });

  it('maps 401 to AuthenticationError and does not retry it', async () => {
    srv.script(json(401, { code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' }));
    const { c } = client();
    await expect(c.getTicket(1)).rejects.toBeInstanceOf(AuthenticationError);
    expect(srv.requests).toHaveLength(1);
    await c.close();
  });

  it('handles an empty-body 404 as NotFoundError', async () => {
    srv.script(raw(404, ''));
    const { c } = client();
    const err = await c.getTicket(999).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).message).toBe('GET /tickets/999: not found');
    await c.close();
  });

  it('turns a 400 into ValidationError listing every field problem', async () => {
    srv.script(
      json(
        400,
        {
          description: 'Validation failed',
          errors: [
            { field: 'priority', message: "It should be one of these values: '1,2,3,4'", code: 'invalid_value' },
            { field: 'group_id', message: 'There is no group matching the given group_id', code: 'invalid_value' },
          ],
        },
        { 'x-request-id': 'req-77' },
      ),
    );
    const { c } = client();
    const err = (await c.updateTicket(42, { priority: 3, group_id: 5 }).catch((e: unknown) => e)) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toBe(
      "PUT /tickets/42: priority: It should be one of these values: '1,2,3,4'; group_id: There is no group matching the given group_id",
    );
    expect(err.errors.map((e) => e.field)).toEqual(['priority', 'group_id']);
    expect(err.requestId).toBe('req-77');
    expect(srv.requests).toHaveLength(1);
    await c.close();
  });

  it('raises ResponseValidationError naming the path for a body that does not fit', async () => {
    srv.script(
      json(200, [ticket(1, '2026-11-20T10:00:00Z'), { ...ticket(2, '2026-11-20T10:00:00Z'), status: 'open' }]),
    );
    const { c } = client();
    const err = (await c
      .findTickets({ updatedSince: '2026-11-01' })
      .page(1)
      .catch((e: unknown) => e)) as ResponseValidationError;
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err.issuePath).toBe('[1].status');
    await c.close();
  });

  it('raises ResponseValidationError for malformed JSON', async () => {
    srv.script(raw(200, '{"id": 4', { 'content-type': 'application/json' }));
    const { c } = client();
    await expect(c.getTicket(4)).rejects.toThrow(/malformed JSON/);
    await c.close();
  });
});

describe('retries', () => {
  it('retries a 5xx on GET and then succeeds, with backoff through the injected sleep', async () => {
    srv.script(raw(502, '<html>bad gateway</html>'), json(503, {}), json(200, ticket(7, '2026-11-20T10:00:00Z')));
    const { c, clock } = client();
    const t = await c.getTicket(7);
    expect(t.id).toBe(7);
    expect(srv.requests).toHaveLength(3);
    expect(clock.sleeps).toEqual([375, 750]); // 500*2^n * (0.5 + 0.5/2)
    await c.close();
  });

  it('gives up after maxRetries with ServerError', async () => {
    srv.script(json(500, { code: 'internal', message: 'boom' }));
    const { c } = client({ maxRetries: 2 });
    const err = await c.getTicket(7).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect((err as ServerError).status).toBe(500);
    expect(srv.requests).toHaveLength(3);
    await c.close();
  });

  it('never retries a note POST after a 5xx (it may have been created)', async () => {
    srv.script(json(500, {}));
    const { c } = client();
    await expect(c.addNote(5, { body: 'x' })).rejects.toBeInstanceOf(ServerError);
    expect(srv.requests).toHaveLength(1);
    expect(JSON.parse(srv.requests[0]!.body)).toEqual({ body: 'x', private: true });
    await c.close();
  });

  it('maps a hung answer to TimeoutError and retries GETs', async () => {
    // The attempt's timeout is injected: it fires once the server holds the request and does not
    // answer, so a busy machine cannot make it fire early or late.
    const timeouts: AbortController[] = [];
    srv.script(() => timeouts.at(-1)!.abort(new DOMException('attempt timed out', 'TimeoutError')));
    const timeoutSignal = (ms: number): AbortSignal => {
      expect(ms).toBe(2000);
      timeouts.push(new AbortController());
      return timeouts.at(-1)!.signal;
    };
    const { c, clock } = client({ maxRetries: 1, timeoutSignal });
    const err = await c.getTicket(3).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).message).toBe('GET /tickets/3: no complete answer within 2000 ms');
    expect(srv.requests).toHaveLength(2);
    expect(timeouts).toHaveLength(2);
    expect(clock.sleeps).toEqual([375]);
    await c.close();
  });

  it('times out on the real clock too (1 s, a server that never answers, no retry)', async () => {
    srv.script(() => undefined);
    const { c } = client({ timeoutMs: 1000, maxRetries: 0 });
    await expect(c.getTicket(3)).rejects.toThrow(/^GET \/tickets\/3: no complete answer within 1000 ms$/);
    await c.close();
  });

  it('maps a refused connection to ConnectionError', async () => {
    const c = new FreshdeskClient({
      baseUrl: 'http://127.0.0.1:9/api/v2',
      apiKey: KEY,
      maxRetries: 1,
      sleep: async () => undefined,
    });
    await expect(c.getTicket(1)).rejects.toBeInstanceOf(ConnectionError);
    await c.close();
  });
});

describe('rate limits', () => {
  it('waits at least Retry-After: 2 on the fake clock and never retries earlier', async () => {
    const times: number[] = [];
    const { c, clock } = client();
    srv.script(
      (req, res) => {
        times.push(clock.now());
        raw(429, '', { 'retry-after': '2', 'x-ratelimit-total': '400', 'x-ratelimit-remaining': '0' })(req, res);
      },
      (req, res) => {
        times.push(clock.now());
        json(200, ticket(9, '2026-11-20T10:00:00Z'), { 'x-ratelimit-total': '400', 'x-ratelimit-remaining': '399' })(
          req,
          res,
        );
      },
    );
    const t = await c.getTicket(9);
    expect(t.id).toBe(9);
    expect(times).toHaveLength(2);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(2000);
    await c.close();
  });

  it('throws RateLimitError with retryAfterMs when Retry-After is past the deadline', async () => {
    srv.script(raw(429, '', { 'retry-after': '30' }));
    const { c, clock } = client();
    const err = (await c.getTicket(9, { deadlineMs: clock.now() + 5_000 }).catch((e: unknown) => e)) as RateLimitError;
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.retryAfterMs).toBe(30_000);
    expect(clock.sleeps).toEqual([]);
    expect(srv.requests).toHaveLength(1);
    await c.close();
  });

  it('without a deadline, waits out a Retry-After up to maxRetryAfterMs (inclusive) and raises above it', async () => {
    srv.script(raw(429, '', { 'retry-after': '5' }), json(200, ticket(9, '2026-11-20T10:00:00Z')));
    const { c, clock } = client({ maxRetryAfterMs: 5000 });
    expect((await c.getTicket(9)).id).toBe(9);
    expect(clock.sleeps).toEqual([5000]);
    await c.close();
    srv.script(raw(429, '', { 'retry-after': '6' }));
    const { c: d, clock: dClock } = client({ maxRetryAfterMs: 5000 });
    const err = (await d.getTicket(9).catch((e: unknown) => e)) as RateLimitError;
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.retryAfterMs).toBe(6000);
    expect(dClock.sleeps).toEqual([]);
    await d.close();
  });

  it('paces before running out: waits for the window when Remaining is at the reserve', async () => {
    srv.script(
      json(200, ticket(1, '2026-11-20T10:00:00Z'), { 'x-ratelimit-total': '100', 'x-ratelimit-remaining': '4' }),
    );
    const { c, clock } = client();
    await c.getTicket(1); // learns: 4 of 100 left, reserve is 5
    expect(clock.sleeps).toEqual([]);
    await c.getTicket(1);
    expect(clock.sleeps).toEqual([60_000]);
    await c.close();
  });

  it('shares the pacing state between clients of one account', async () => {
    srv.script(raw(429, '', { 'retry-after': '3' }), json(200, ticket(1, '2026-11-20T10:00:00Z')));
    const { c: a, clock } = client({ maxRateLimitWaits: 0 });
    const b = new FreshdeskClient({
      baseUrl: srv.baseUrl,
      apiKey: KEY,
      now: clock.now,
      sleep: clock.sleep,
      rateLimiter: a.rateLimiter,
    });
    await expect(a.getTicket(1)).rejects.toBeInstanceOf(RateLimitError);
    await b.getTicket(1);
    expect(clock.sleeps).toEqual([3000]); // b waited for a's 429 before sending
    await a.close();
    await b.close();
  });
});

describe('bad input is refused before any request', () => {
  it.each([
    [{ domain: 'acme corp', apiKey: KEY }, /sub-domain/],
    [{ domain: 'acme', apiKey: '' }, /apiKey is missing/],
    [{ baseUrl: 'http://acme.freshdesk.com/api/v2', apiKey: KEY }, /must use https/],
    [{ apiKey: KEY }, /either domain or baseUrl/],
  ])('rejects options %#', (opts, message) => {
    expect(() => new FreshdeskClient(opts)).toThrow(message);
  });

  it('accepts a bare sub-domain and the full host name', () => {
    expect(new FreshdeskClient({ domain: 'acme', apiKey: KEY }).baseUrl).toBe('https://acme.freshdesk.com/api/v2');
    expect(new FreshdeskClient({ domain: 'acme.freshdesk.com', apiKey: KEY }).baseUrl).toBe(
      'https://acme.freshdesk.com/api/v2',
    );
  });

  it('rejects non-positive ids, unknown or read-only patch fields, and empty patches', async () => {
    const { c } = client();
    await expect(c.getTicket(0)).rejects.toThrow(/ticket id must be a positive integer/);
    await expect(c.updateTicket(-1, { priority: 1 })).rejects.toBeInstanceOf(InvalidRequestError);
    // @ts-expect-error updated_at is read-only: the type refuses it too
    await expect(c.updateTicket(1, { priority: 1, updated_at: 'x' })).rejects.toThrow(/Unrecognized key.*updated_at/);
    // @ts-expect-error priority 5 does not exist
    await expect(c.updateTicket(1, { priority: 5 })).rejects.toThrow(/priority/);
    await expect(c.updateTicket(1, {})).rejects.toThrow(/the patch is empty/);
    expect(srv.requests).toHaveLength(0);
    await c.close();
  });
});

describe('the API key stays secret', () => {
  it('never appears in errors, inspect output, JSON or toString', async () => {
    srv.script(json(401, { code: 'invalid_credentials', message: 'nope' }));
    const { c } = client();
    const err = await c.getTicket(1).catch((e: unknown) => e);
    const views = [
      String(err),
      (err as Error).stack,
      inspect(err, { depth: 10, showHidden: true }),
      JSON.stringify(err),
      inspect(c, { depth: 10, showHidden: true }),
      JSON.stringify(c),
      String(c),
    ];
    for (const v of views) expect(v).not.toContain(KEY);
    expect(views.join('\n')).not.toContain(Buffer.from(`${KEY}:X`).toString('base64'));
    expect(err).toBeInstanceOf(FreshdeskError);
    await c.close();
  });
});
