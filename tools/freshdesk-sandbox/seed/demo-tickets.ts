/**
 * The demo seed: hand-written English and German tickets across the default model's 10 queues,
 * mostly new (Open, untriaged), a few already triaged by an agent or closed. Ages are relative
 * to the sandbox clock so they always fall inside the 30-day list window.
 */
import type { TicketSeed } from '../model';
import { DEMO_TICKETS_DE } from './demo-tickets-de';
import { DEMO_TICKETS_EN } from './demo-tickets-en';

export const DEMO_TICKETS: TicketSeed[] = [...DEMO_TICKETS_EN, ...DEMO_TICKETS_DE].sort(
  (a, b) => (b.createdMinutesAgo ?? 0) - (a.createdMinutesAgo ?? 0),
);
