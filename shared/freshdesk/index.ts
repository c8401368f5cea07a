/** The typed Freshdesk API v2 client: the only public surface of `shared/freshdesk`. */
export { FreshdeskClient, type TicketStream, type ViewInclude } from './client';
export * from './errors';
export { parseChoices, summarizeFields, type ParsedChoices, type FieldSummary } from './field-choices';
export type { FreshdeskClientOptions, RateLimitInfo, RequestOptions } from './options';
export { NoteInput, TicketPatch } from './patch';
export { RateLimiter, sharedRateLimiter, type RateLimiterOptions, type RateLimitSnapshot } from './rate-limiter';
export { decideRetry, parseRetryAfterMs, type RetryDecision, type RetryInput } from './retry-policy';
export { Agent, Conversation, ErrorBody, FieldErrorDetail, Group, Note, SearchResult, Ticket, TicketField, CustomFieldValue } from './schemas';
export { and, eq, gte, lte, or, quoteQuery, SearchExpr, MAX_QUERY_LENGTH } from './search-query';
export type { ListInclude, TicketPage, TicketQuery } from './ticket-list';
