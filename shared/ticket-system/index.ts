/**
 * Chooses the ticket-system adapter by name (`TICKET_SYSTEM`). Adding a help desk means adding a
 * factory here and an adapter file; the handlers only see the `TicketSystem` port.
 */
import { RateLimiter, type FreshdeskClientOptions } from '../freshdesk';
import { FreshdeskTicketSystem } from './freshdesk-adapter';
import type { TicketSystem } from './port';

export type { FieldChoices, NoteRef, TicketChanges, TicketSnapshot, TicketSystem } from './port';
/** @public the port's API: what a help-desk adapter and its tests use */
export { FreshdeskTicketSystem, toSnapshot } from './freshdesk-adapter';
export { TicketNotFoundError } from './errors';
/** @public the port's errors: what a help-desk adapter throws and the tests check */
export { TicketChangeRejectedError, TicketSystemError, TicketSystemRateLimitError } from './errors';

/** Which help desk and how to reach it: what `ticketSystemSettings` (shared/config) reads from the environment. */
export interface TicketSystemConfig {
  kind: 'freshdesk';
  freshdesk: Omit<FreshdeskClientOptions, 'rateLimiter'> & { rateWindowMs?: number; maxApiShare?: number };
}

const factories: Record<TicketSystemConfig['kind'], (c: TicketSystemConfig) => TicketSystem> = {
  freshdesk: (c) => {
    const { rateWindowMs, maxApiShare, ...options } = c.freshdesk;
    // The budget: keep (1 - MAX_API_SHARE) of the account's credits for everyone else.
    return new FreshdeskTicketSystem({
      ...options,
      rateLimiter: new RateLimiter({ windowMs: rateWindowMs ?? 60_000, reserveShare: 1 - (maxApiShare ?? 0.5) }),
    });
  },
};

export function createTicketSystem(config: TicketSystemConfig): TicketSystem {
  return factories[config.kind](config);
}
