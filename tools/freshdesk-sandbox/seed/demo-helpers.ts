/**
 * Builds demo seed entries. Untriaged tickets arrive as Freshdesk creates them from an e-mail:
 * status Open, priority Low, no type, no group; the labels a person would choose are kept in
 * `expected` (sandbox-only, never sent by the API). Triaged and closed ones carry the agent's
 * choices and an `agent` entry in their history.
 */
import type { QUEUES } from '../account';
import type { TicketSeed } from '../model';

export type Queue = (typeof QUEUES)[number];

export interface DemoOpts {
  /** Hours since the customer wrote (keeps demo data inside the 30-day list window). */
  ago: number;
  state?: 'new' | 'triaged' | 'closed' | 'pending';
  tags?: string[];
  /** 1 Email (default), 2 Portal, 3 Phone, 7 Chat. */
  source?: number;
  category?: string;
  vip?: boolean;
  order?: number;
}

export function demo(
  queue: Queue,
  type: string,
  priority: number,
  from: [string, string],
  subject: string,
  description: string,
  o: DemoOpts,
): TicketSeed {
  const state = o.state ?? 'new';
  const handled = state !== 'new';
  const custom: Record<string, unknown> = {};
  if (o.vip) custom.cf_is_vip = true;
  if (o.order !== undefined) custom.cf_order_number = o.order;
  if (handled && o.category) custom.cf_category = o.category;
  return {
    subject,
    description,
    requester: { name: from[0], email: from[1] },
    source: o.source ?? 1,
    status: state === 'closed' ? 5 : state === 'pending' ? 3 : 2,
    priority: handled ? priority : 1,
    type: handled ? type : null,
    ...(handled ? { group: queue, triagedByAgent: true } : {}),
    tags: o.tags ?? [],
    custom_fields: custom,
    createdMinutesAgo: Math.round(o.ago * 60),
    // Handled tickets were touched by an agent a while after they arrived.
    updatedMinutesAgo: handled ? Math.round(o.ago * 60 * 0.4) : Math.round(o.ago * 60),
    expected: { queue, type, priority },
    ...(state === 'closed' ? { notes: [{ body: '<p>Solved with the customer, closing.</p>', private: true }] } : {}),
  };
}
