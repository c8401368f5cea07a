/** The port's errors: the Freshdesk adapter maps its client's errors onto them, and the HTTP layer maps those to statuses. */
import { describe, expect, it } from 'vitest';
import { ConnectionError, NotFoundError, RateLimitError, ServerError, ValidationError } from '@shared/freshdesk';
import { errorResult } from '@shared/http';
import {
  TicketChangeRejectedError,
  TicketNotFoundError,
  TicketSystemError,
  TicketSystemRateLimitError,
} from '@shared/ticket-system';
import { fromFreshdeskError, mapped } from '@shared/ticket-system/freshdesk-errors';

const facts = { method: 'GET', path: '/tickets/7' };

describe('Freshdesk errors become port errors', () => {
  it('maps each kind, keeping message, status, request id and the original as cause', () => {
    const nf = new NotFoundError(facts, 'not found', 404, 'req-1', undefined);
    const mappedNf = fromFreshdeskError(nf) as TicketNotFoundError;
    expect(mappedNf).toBeInstanceOf(TicketNotFoundError);
    expect(mappedNf).toMatchObject({
      message: 'GET /tickets/7: not found',
      status: 404,
      requestId: 'req-1',
      system: 'freshdesk',
    });
    expect(mappedNf.cause).toBe(nf);

    const rl = fromFreshdeskError(
      new RateLimitError(facts, 'rate limited', undefined, 4_200),
    ) as TicketSystemRateLimitError;
    expect(rl).toBeInstanceOf(TicketSystemRateLimitError);
    expect(rl.retryAfterMs).toBe(4_200);

    expect(
      fromFreshdeskError(new ValidationError(facts, 'priority: invalid', 400, undefined, undefined)),
    ).toBeInstanceOf(TicketChangeRejectedError);
    const server = fromFreshdeskError(new ServerError(facts, 'HTTP 503', 503, undefined, undefined));
    expect(server).toBeInstanceOf(TicketSystemError);
    expect(server).not.toBeInstanceOf(TicketNotFoundError);
    expect(fromFreshdeskError(new ConnectionError(facts, 'ECONNREFUSED'))).toBeInstanceOf(TicketSystemError);
  });

  it('passes other errors through unchanged', async () => {
    const plain = new TypeError('a bug');
    expect(fromFreshdeskError(plain)).toBe(plain);
    await expect(
      mapped(Promise.reject(new NotFoundError(facts, 'not found', 404, undefined, undefined))),
    ).rejects.toBeInstanceOf(TicketNotFoundError);
    await expect(mapped(Promise.resolve(3))).resolves.toBe(3);
  });
});

describe('the HTTP layer maps port errors, whichever help desk raised them', () => {
  const sys = { system: 'other-desk', status: 500 };
  it.each([
    [new TicketSystemRateLimitError('slow down', 2_500, sys), 429, { 'retry-after': '3' }],
    [new TicketNotFoundError('no ticket 7', sys), 404, {}],
    [new TicketChangeRejectedError('bad field', sys), 422, {}],
    [new TicketSystemError('down', sys), 502, {}],
  ])('%s -> %i', (err, status, headers) => {
    const r = errorResult(err);
    expect(r.status).toBe(status);
    expect(r.headers).toEqual(headers);
  });

  it('names the upstream status on a 502', () => {
    expect(errorResult(new TicketSystemError('down', sys)).body).toEqual({
      error: 'ticket system: down',
      upstreamStatus: 500,
    });
  });
});
