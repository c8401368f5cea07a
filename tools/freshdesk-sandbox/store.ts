/**
 * The sandbox's in-memory account: tickets, notes, change history, groups, agents, contacts.
 * Every mutation goes through here so history and `updated_at` stay consistent, and so the
 * persistence layer can listen to one `onChange` hook.
 */
import { CONTACT_ID_BASE, defaultAgents, defaultGroups, ME_AGENT_ID } from './account';
import { AccountFlags } from './account-flags';
import type { ChangeSource, HistoryEntry, SandboxState, StoredNote, StoredTicket } from './model';
import { freshdeskText, isoSeconds } from './text';

export function emptyState(): SandboxState {
  return {
    version: 1,
    nextTicketId: 1,
    nextNoteId: 5010001000,
    tickets: [],
    notes: [],
    history: {},
    groups: defaultGroups(),
    agents: defaultAgents(),
    contacts: [],
    companies: [
      { id: 103000300001, name: 'Northwind Traders' },
      { id: 103000300002, name: 'Müller & Söhne GmbH' },
    ],
    suspended: false,
  };
}

export interface NewNote {
  body: string;
  private?: boolean;
  incoming?: boolean;
  user_id?: number;
  notify_emails?: string[];
}

export class SandboxStore {
  state: SandboxState;
  private byId = new Map<number, StoredTicket>();
  /** Notes per ticket, oldest first; keeps admin listings linear with 10k+ tickets. */
  private notesByTicket = new Map<number, StoredNote[]>();
  private listeners: Array<() => void> = [];
  /** Ticket created / changed hooks (the webhook imitation); told the change's source. */
  private ticketListeners: Array<(kind: 'created' | 'updated', t: StoredTicket, source: ChangeSource) => void> = [];
  /** Account switches (docs/freshdesk.md#what-the-sandbox-imitates); configuration, not data, so not persisted. */
  flags: AccountFlags = AccountFlags.parse({});

  constructor(
    readonly now: () => number,
    state: SandboxState = emptyState(),
  ) {
    this.state = state;
    this.reindex();
  }

  /** Current sandbox time as a Freshdesk timestamp. */
  nowIso(): string {
    return isoSeconds(this.now());
  }

  onChange(fn: () => void): void {
    this.listeners.push(fn);
  }

  onTicketEvent(fn: (kind: 'created' | 'updated', t: StoredTicket, source: ChangeSource) => void): void {
    this.ticketListeners.push(fn);
  }

  changed(): void {
    for (const fn of this.listeners) fn();
  }

  replace(state: SandboxState): void {
    this.state = state;
    this.reindex();
    this.changed();
  }

  private reindex(): void {
    this.byId = new Map(this.state.tickets.map((t) => [t.id, t]));
    this.notesByTicket = new Map();
    for (const n of this.state.notes) this.indexNote(n);
  }

  get suspended(): boolean {
    return this.state.suspended;
  }

  setSuspended(value: boolean): void {
    this.state.suspended = value;
    this.changed();
  }

  tickets(): StoredTicket[] {
    return this.state.tickets;
  }

  ticket(id: number): StoredTicket | undefined {
    return this.byId.get(id);
  }

  notes(ticketId: number): StoredNote[] {
    return [...(this.notesByTicket.get(ticketId) ?? [])];
  }

  private indexNote(n: StoredNote): void {
    const list = this.notesByTicket.get(n.ticket_id);
    if (list) list.push(n);
    else this.notesByTicket.set(n.ticket_id, [n]);
  }

  history(ticketId: number): HistoryEntry[] {
    return this.state.history[String(ticketId)] ?? [];
  }

  groupById(id: number) {
    return this.state.groups.find((g) => g.id === id);
  }

  contact(id: number) {
    return this.state.contacts.find((c) => c.id === id);
  }

  /** Finds or creates the contact for an e-mail address (requesters of seeded tickets). */
  contactFor(name: string, email: string): number {
    const found = this.state.contacts.find((c) => c.email === email);
    if (found) return found.id;
    const id = CONTACT_ID_BASE + this.state.contacts.length + 1;
    this.state.contacts.push({ id, name, email, mobile: null, phone: null, company_id: null });
    return id;
  }

  /** Adds a fully built ticket (seed loader, generator); assigns the next display id if needed. */
  insert(ticket: StoredTicket, source: ChangeSource = 'seed'): StoredTicket {
    if (this.byId.has(ticket.id)) throw new Error(`ticket ${ticket.id} already exists`);
    this.state.tickets.push(ticket);
    this.byId.set(ticket.id, ticket);
    this.state.nextTicketId = Math.max(this.state.nextTicketId, ticket.id + 1);
    this.record(ticket.id, {
      at: ticket.created_at,
      source,
      actorId: null,
      changes: { created: { from: null, to: ticket.id } },
    });
    for (const fn of this.ticketListeners) fn('created', ticket, source);
    return ticket;
  }

  nextTicketId(): number {
    return this.state.nextTicketId;
  }

  private record(ticketId: number, entry: HistoryEntry): void {
    const key = String(ticketId);
    (this.state.history[key] ??= []).push(entry);
  }

  /**
   * Applies an already validated partial update. `custom_fields` merges key by key; `tags`
   * replaces the list (docs/freshdesk.md#updating-a-ticket). `updated_at` only moves when something changed (a no-op PUT does
   * not bump it, the sandbox choice in docs/freshdesk.md#where-sources-disagree).
   */
  update(
    ticket: StoredTicket,
    patch: Record<string, unknown>,
    source: ChangeSource,
    actorId: number | null,
  ): StoredTicket {
    const changes: HistoryEntry['changes'] = {};
    const at = this.nowIso();
    for (const [key, value] of Object.entries(patch)) {
      if (key === 'custom_fields' && value && typeof value === 'object') {
        for (const [cf, v] of Object.entries(value as Record<string, unknown>)) {
          const before = ticket.custom_fields[cf] ?? null;
          if (JSON.stringify(before) !== JSON.stringify(v)) {
            changes[`custom_fields.${cf}`] = { from: before, to: v };
            ticket.custom_fields[cf] = v;
          }
        }
        continue;
      }
      const rec = ticket as unknown as Record<string, unknown>;
      const before = rec[key] ?? null;
      if (JSON.stringify(before) === JSON.stringify(value)) continue;
      changes[key] = { from: before, to: value };
      rec[key] = key === 'tags' ? [...(value as string[])] : value;
      if (key === 'description') ticket.description_text = freshdeskText(String(value));
      if (key === 'status') this.statusSideEffects(ticket, Number(before), Number(value), at);
    }
    if (Object.keys(changes).length > 0) {
      ticket.updated_at = at;
      this.record(ticket.id, { at, source, actorId, changes });
      for (const fn of this.ticketListeners) fn('updated', ticket, source);
      this.changed();
    }
    return ticket;
  }

  private statusSideEffects(t: StoredTicket, from: number, to: number, at: string): void {
    t.stats.status_updated_at = at;
    if (to === 4) t.stats.resolved_at = at;
    if (to === 5) t.stats.closed_at = at;
    if (to === 3) t.stats.pending_since = at;
    if ((from === 4 || from === 5) && to === 2) t.stats.reopened_at = at;
  }

  /** A note by its id (any ticket). */
  note(id: number): StoredNote | undefined {
    return this.state.notes.find((n) => n.id === id);
  }

  /** Replaces a note's body (`PUT /conversations/{id}`); the ticket's `updated_at` is left alone. */
  updateNote(id: number, body: string): StoredNote | undefined {
    const note = this.note(id);
    if (!note) return undefined;
    note.body = body;
    note.body_text = freshdeskText(body);
    note.updated_at = this.nowIso();
    this.record(note.ticket_id, {
      at: note.updated_at,
      source: 'api',
      actorId: null,
      changes: { note_updated: { from: id, to: id } },
    });
    this.changed();
    return note;
  }

  /** Removes a note (`DELETE /conversations/{id}`); the ticket's `updated_at` is left alone. */
  deleteNote(id: number): boolean {
    const i = this.state.notes.findIndex((n) => n.id === id);
    if (i < 0) return false;
    const [note] = this.state.notes.splice(i, 1);
    const list = this.notesByTicket.get(note!.ticket_id) ?? [];
    const j = list.findIndex((n) => n.id === id);
    if (j >= 0) list.splice(j, 1);
    this.record(note!.ticket_id, {
      at: this.nowIso(),
      source: 'api',
      actorId: null,
      changes: { note_deleted: { from: id, to: null } },
    });
    this.changed();
    return true;
  }

  /** Adds a note; the parent ticket's `updated_at` advances (docs/freshdesk.md#notes-and-conversations, sandbox choice in docs/freshdesk.md#where-sources-disagree). */
  addNote(ticket: StoredTicket, input: NewNote, source: ChangeSource): StoredNote {
    const at = this.nowIso();
    const note: StoredNote = {
      id: this.state.nextNoteId++,
      ticket_id: ticket.id,
      user_id: input.user_id ?? ME_AGENT_ID,
      body: input.body,
      body_text: freshdeskText(input.body),
      private: input.private ?? true,
      incoming: input.incoming ?? false,
      notified_to: input.notify_emails ?? [],
      created_at: at,
      updated_at: at,
    };
    this.state.notes.push(note);
    this.indexNote(note);
    ticket.updated_at = at;
    this.record(ticket.id, { at, source, actorId: note.user_id, changes: { note: { from: null, to: note.id } } });
    this.changed();
    return note;
  }
}
