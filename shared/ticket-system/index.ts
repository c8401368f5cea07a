/**
 * Chooses the ticket-system adapter by name (`TICKET_SYSTEM`). Adding a help desk means adding a
 * factory here and an adapter file; the handlers only see the `TicketSystem` port.
 */
import { RateLimiter, type FreshdeskClientOptions } from '../freshdesk';
import { FreshdeskTicketSystem } from './freshdesk-adapter';
import type { TicketSystem } from './port';

export type { FieldChoices, FindQuery, NoteRef, TicketChanges, TicketSnapshot, TicketSystem } from './port';
export { FreshdeskTicketSystem, toSnapshot } from './freshdesk-adapter';

export interface TicketSystemConfig {
  kind: 'freshdesk';
  freshdesk: Omit<FreshdeskClientOptions, 'rateLimiter'> & { rateWindowMs?: number };
}

const factories: Record<TicketSystemConfig['kind'], (c: TicketSystemConfig) => TicketSystem> = {
  freshdesk: (c) => {
    const { rateWindowMs, ...options } = c.freshdesk;
    return new FreshdeskTicketSystem({ ...options, rateLimiter: new RateLimiter({ windowMs: rateWindowMs ?? 60_000 }) });
  },
};

export function createTicketSystem(config: TicketSystemConfig): TicketSystem {
  return factories[config.kind](config);
}
