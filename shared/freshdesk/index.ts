/** The typed Freshdesk API v2 client: the only public surface of `shared/freshdesk`. */
export { FreshdeskClient } from './client';
export * from './errors';
/** @public the Freshdesk client's documented API (docs: the Freshdesk client) */
export { parseChoices, summarizeFields } from './field-choices';
export type { FreshdeskClientOptions, RequestOptions } from './options';
export { TicketPatch } from './patch';
export { RateLimiter } from './rate-limiter';
/** @public the Freshdesk client's documented API (docs: the Freshdesk client) */
export { Conversation, Ticket, TicketField } from './schemas';
/** @public the Freshdesk client's documented API (docs: the Freshdesk client) */
export { and, eq, gte, lte, or, quoteQuery } from './search-query';
