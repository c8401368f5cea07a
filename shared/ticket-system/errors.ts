/**
 * The errors of the ticket-system port: what any help desk can fail with, in the terms the
 * handlers and the HTTP layer need. Adapters map their client's errors onto these (Freshdesk:
 * `freshdesk-errors.ts`), so `shared/http` maps statuses without knowing which help desk answered,
 * and a second adapter needs no change outside its own files. The message is the adapter's own
 * (method, path, what the help desk said; never a credential); `cause` keeps the original error.
 */
export interface TicketSystemErrorFacts {
  /** The adapter that failed, e.g. `freshdesk`. */
  system: string;
  /** The help desk's HTTP status, when it answered. */
  status?: number | undefined;
  /** The help desk's request id, for its support. */
  requestId?: string | undefined;
  cause?: unknown;
}

/** The help desk failed or answered an error the port has no narrower class for (HTTP 502 upstream). */
export class TicketSystemError extends Error {
  readonly system: string;
  readonly status: number | undefined;
  readonly requestId: string | undefined;

  constructor(message: string, facts: TicketSystemErrorFacts) {
    super(message, facts.cause === undefined ? undefined : { cause: facts.cause });
    this.name = new.target.name;
    this.system = facts.system;
    this.status = facts.status;
    this.requestId = facts.requestId;
  }
}

/** The ticket (or note) does not exist, or the key may not see it. */
export class TicketNotFoundError extends TicketSystemError {}

/** The help desk refused the change as invalid (a field value it does not accept). */
export class TicketChangeRejectedError extends TicketSystemError {}

/** The help desk's rate limit: try again after `retryAfterMs`. */
export class TicketSystemRateLimitError extends TicketSystemError {
  constructor(
    message: string,
    readonly retryAfterMs: number,
    facts: TicketSystemErrorFacts,
  ) {
    super(message, facts);
  }
}
