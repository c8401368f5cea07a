/**
 * How many tickets per rate-limit window the sandbox's limits allow this design, from the calls it
 * needs per ticket (docs/freshdesk.md#rate-limits): one `PUT /tickets/{id}` (counts against the ticket
 * update sub-limit and the account) and one note `POST` (account only), plus the list pages that
 * find the tickets: one call per 100 tickets costing 1 + 2 credits for `include=description`.
 */
export interface PlanLimits {
  overallPerWindow: number;
  subLimits: { ticketUpdate?: number; ticketsList?: number; ticketCreate?: number };
}

export interface CallsPerTicket {
  /** Credits per ticket charged only to the account (notes). */
  accountOnly: number;
  /** PUTs per ticket (account + update sub-limit). */
  updates: number;
  /** List credits per ticket (account + list sub-limit), amortised over a page. */
  listCredits: number;
  /** List calls per ticket (for the list sub-limit, which counts calls). */
  listCalls: number;
}

export const DESIGN_CALLS: CallsPerTicket = { accountOnly: 1, updates: 1, listCredits: 3 / 100, listCalls: 1 / 100 };

/** The largest whole number of tickets per window that no limit forbids. */
export function theoreticalPerWindow(limits: PlanLimits, calls: CallsPerTicket = DESIGN_CALLS): number {
  const bounds = [limits.overallPerWindow / (calls.accountOnly + calls.updates + calls.listCredits)];
  if (limits.subLimits.ticketUpdate !== undefined) bounds.push(limits.subLimits.ticketUpdate / calls.updates);
  if (limits.subLimits.ticketsList !== undefined) bounds.push(limits.subLimits.ticketsList / calls.listCalls);
  return Math.floor(Math.min(...bounds));
}
