/** Maps the Freshdesk client's errors onto the port's (`errors.ts`); anything else passes unchanged. */
import { FreshdeskError, NotFoundError, RateLimitError, ValidationError } from '../freshdesk';
import {
  TicketChangeRejectedError,
  TicketNotFoundError,
  TicketSystemError,
  TicketSystemRateLimitError,
} from './errors';

/** @internal exported for tests and benches, not used by the product */
export function fromFreshdeskError(err: unknown): unknown {
  if (!(err instanceof FreshdeskError)) return err;
  const facts = { system: 'freshdesk', status: err.status, requestId: err.requestId, cause: err };
  if (err instanceof RateLimitError) return new TicketSystemRateLimitError(err.message, err.retryAfterMs, facts);
  if (err instanceof NotFoundError) return new TicketNotFoundError(err.message, facts);
  if (err instanceof ValidationError) return new TicketChangeRejectedError(err.message, facts);
  return new TicketSystemError(err.message, facts);
}

/** The promise's value, or its Freshdesk error as a port error. */
export function mapped<T>(p: Promise<T>): Promise<T> {
  return p.catch((err: unknown) => {
    throw fromFreshdeskError(err);
  });
}
