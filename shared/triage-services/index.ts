/**
 * The triage I/O services: fetch-tickets' listing and hand-over (fetch-service, backlog), the
 * gateway dispatch (undici), and update-ticket's read-note-PUT sequence. They do the talking;
 * the decisions they act on are the pure logic in `shared/triage`, which never imports this.
 */
export { backlogDue, backlogPass, mergeBacklog, type BacklogSettings } from './backlog';
export { enqueue, type GatewaySettings } from './dispatch';
export { fetchAndDispatch, setMaxAttempts, type FetchSummary } from './fetch-service';
/** @internal exported for tests and benches, not used by the product */
export { handOver } from './fetch-service';
export { applyClassification } from './update-service';
