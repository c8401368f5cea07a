/**
 * Turns seed entries (demo, generated or given by a test) into stored tickets with every field
 * Freshdesk has, times relative to the sandbox clock, requesters as contacts, and an `agent`
 * history entry for tickets a person already triaged.
 */
import { z } from 'zod';
import { AGENT_ID_BASE, PRODUCT_ID, EMAIL_CONFIG_ID } from './account';
import { TicketSeed, type StoredTicket } from './model';
import { DEMO_TICKETS } from './seed/demo-tickets';
import { emptyState, type SandboxStore } from './store';
import { freshdeskText, isoSeconds } from './text';

export const SeedInput = z.union([z.literal('demo'), z.literal('empty'), z.array(TicketSeed)]);
export type SeedInput = z.infer<typeof SeedInput>;

/** Resolution / first-response SLA per priority, in hours (plausible defaults, not Freshdesk's). */
const SLA_HOURS: Record<number, [number, number]> = { 1: [72, 24], 2: [48, 12], 3: [24, 4], 4: [8, 1] };

export class SeedError extends Error {}

function buildTicket(store: SandboxStore, seed: TicketSeed, index: number): StoredTicket {
  const nowMs = store.now();
  const createdMs = seed.created_at ? Date.parse(seed.created_at) : nowMs - (seed.createdMinutesAgo ?? 0) * 60_000;
  const updatedMs = seed.updated_at
    ? Date.parse(seed.updated_at)
    : seed.updatedMinutesAgo !== undefined
      ? nowMs - seed.updatedMinutesAgo * 60_000
      : createdMs;
  if (Number.isNaN(createdMs) || Number.isNaN(updatedMs))
    throw new SeedError(`ticket "${seed.subject}": created_at/updated_at is not an ISO date`);
  let groupId = seed.group_id ?? null;
  if (seed.group !== undefined) {
    const g = store.state.groups.find((x) => x.name === seed.group);
    if (!g) throw new SeedError(`ticket "${seed.subject}": no group named "${seed.group}"`);
    groupId = g.id;
  }
  const requester = seed.requester ?? { name: 'Demo Customer', email: 'customer@example.com' };
  const requesterId = seed.requester_id ?? store.contactFor(requester.name, requester.email);
  const priority = seed.priority ?? 1;
  const [resolveH, firstH] = SLA_HOURS[priority] ?? [72, 24];
  const status = seed.status ?? 2;
  const description = seed.description ?? `<div>${seed.subject}</div>`;
  const handled = seed.triagedByAgent === true;
  // Agents who triaged by hand; the first agent (id +1) is the API key's owner.
  const responder =
    seed.responder_id !== undefined ? seed.responder_id : handled ? AGENT_ID_BASE + 2 + (index % 3) : null;
  const updated = isoSeconds(Math.max(updatedMs, createdMs));
  return {
    id: seed.id ?? store.nextTicketId(),
    subject: seed.subject,
    description,
    description_text: freshdeskText(description),
    status,
    priority,
    source: seed.source ?? 1,
    type: seed.type ?? null,
    requester_id: requesterId,
    responder_id: responder,
    group_id: groupId,
    company_id: null,
    product_id: PRODUCT_ID,
    email_config_id: EMAIL_CONFIG_ID,
    tags: seed.tags ?? [],
    custom_fields: { ...(seed.custom_fields ?? {}) },
    spam: seed.spam ?? false,
    deleted: seed.deleted ?? false,
    due_by: isoSeconds(createdMs + resolveH * 3_600_000),
    fr_due_by: isoSeconds(createdMs + firstH * 3_600_000),
    created_at: isoSeconds(createdMs),
    updated_at: updated,
    ...(seed.expected ? { expected: seed.expected } : {}),
    watchers: seed.watchers ?? [],
    stats: {
      agent_responded_at: handled ? updated : null,
      requester_responded_at: null,
      first_responded_at: handled ? updated : null,
      status_updated_at: status === 2 ? null : updated,
      reopened_at: null,
      resolved_at: status === 4 || status === 5 ? updated : null,
      closed_at: status === 5 ? updated : null,
      pending_since: status === 3 ? updated : null,
    },
  };
}

/** Adds seed tickets to the store (after whatever is there). */
export function addSeedTickets(
  store: SandboxStore,
  seeds: TicketSeed[],
  source: 'seed' | 'api' = 'seed',
): StoredTicket[] {
  return seeds.map((seed, i) => {
    const ticket = store.insert(buildTicket(store, seed, i), source);
    if (seed.triagedByAgent) {
      const h = store.history(ticket.id);
      h.push({
        at: ticket.updated_at,
        source: 'agent',
        actorId: ticket.responder_id,
        changes: Object.fromEntries(
          [
            ['group_id', null, ticket.group_id],
            ['priority', 1, ticket.priority],
            ['type', null, ticket.type],
            ['status', 2, ticket.status],
          ]
            .filter(([, from, to]) => from !== to)
            .map(([field, from, to]) => [field as string, { from, to }]),
        ),
      });
    }
    const updatedAt = ticket.updated_at;
    for (const n of seed.notes ?? []) {
      const note = store.addNote(
        ticket,
        { body: n.body, private: n.private ?? true, user_id: ticket.responder_id ?? AGENT_ID_BASE + 2 },
        'agent',
      );
      // Seed notes were written when the ticket was last touched, not now.
      note.created_at = note.updated_at = updatedAt;
      const last = store.history(ticket.id).at(-1);
      if (last) last.at = updatedAt;
    }
    ticket.updated_at = updatedAt;
    return ticket;
  });
}

/** Replaces the whole account with a fresh one holding the given seed. */
export function resetStore(store: SandboxStore, seed: SeedInput): void {
  const fresh = emptyState();
  store.replace(fresh);
  if (seed === 'empty') return;
  addSeedTickets(store, seed === 'demo' ? DEMO_TICKETS : seed);
  store.changed();
}
