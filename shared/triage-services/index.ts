/**
 * The triage I/O services: fetch-tickets' service (listing, claims, hand-over, backlog walk), the
 * gateway dispatcher (undici), and update-ticket's service (the read-note-PUT sequence). Each is an
 * object built by its factory with its settings, ports and clock; it holds its own state, and this
 * folder keeps none at module level. They do the talking; the decisions they act on are the pure
 * logic in `shared/triage`, which never imports this.
 */
export { createDispatcher, type GatewaySettings } from './dispatch';
export type { FetchSummary } from './fetch-run';
/** @internal exported for tests and benches, not used by the product */
export { handOver } from './fetch-run';
export { createFetchService, type FetchServiceConfig, type RunRequest } from './fetch-service';
export { createUpdateService, type UpdateServiceConfig } from './update-service';
