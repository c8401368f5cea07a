/**
 * The Freshdesk adapter of the ticket-system port, over the typed client. Every call answers the
 * port's errors (`freshdesk-errors.ts`), never the client's: callers need not know the help desk.
 */
import {
  FreshdeskClient,
  summarizeFields,
  type Conversation,
  type FreshdeskClientOptions,
  type RequestOptions,
  type Ticket,
  type TicketPatch,
} from '../freshdesk';
import { mapped } from './freshdesk-errors';
import type { FieldChoices, FindQuery, NoteRef, TicketChanges, TicketSnapshot, TicketSystem } from './port';

export function toSnapshot(t: Ticket): TicketSnapshot {
  return {
    id: t.id,
    subject: t.subject ?? '',
    description: t.description_text ?? '',
    status: t.status,
    priority: t.priority,
    type: t.type ?? null,
    groupId: t.group_id ?? null,
    tags: t.tags,
    customFields: t.custom_fields,
    updatedAt: t.updated_at,
    createdAt: t.created_at,
    spam: t.spam === true,
    deleted: t.deleted === true,
    ...(t.conversations ? { notes: t.conversations.map((c) => c.body ?? c.body_text ?? '') } : {}),
    ...(t.conversations ? { conversations: t.conversations.map(toNoteRef) } : {}),
  };
}

function toNoteRef(c: Conversation): NoteRef {
  return {
    id: c.id,
    body: c.body ?? c.body_text ?? '',
    private: c.private === true,
    authorId: c.user_id ?? null,
    createdAt: c.created_at,
  };
}

/** `include=conversations` embeds at most 10 (§3.4): at 10 the list may be cut. */
const EMBEDDED_CONVERSATIONS = 10;

export class FreshdeskTicketSystem implements TicketSystem {
  readonly name = 'freshdesk';
  private readonly client: FreshdeskClient;
  /** Shared by every deadline view of this system (an object, so a view's writes land here). */
  private readonly cache: { choices?: Promise<FieldChoices> | undefined; meId?: Promise<number> | undefined } = {};
  /** Per-call options of this view (the deadline). */
  private call: RequestOptions = {};

  constructor(
    options: FreshdeskClientOptions,
    private readonly choicesTtlMs = 10 * 60_000,
  ) {
    this.client = new FreshdeskClient(options);
  }

  async *findTickets(q: FindQuery): AsyncIterable<TicketSnapshot> {
    let n = 0;
    const pages = this.client
      .findTickets(
        { updatedSince: q.updatedSince, include: ['description'], perPage: 100, paging: 'keyset' },
        this.call,
      )
      [Symbol.asyncIterator]();
    // Keyset paging: tickets updated while we list (our own writes included) never shift others out.
    for (;;) {
      const next = await mapped(pages.next());
      if (next.done) return;
      yield toSnapshot(next.value);
      n += 1;
      if (q.limit !== undefined && n >= q.limit) {
        await pages.return?.();
        return;
      }
    }
  }

  async findFirstTicket(q: FindQuery): Promise<TicketSnapshot | undefined> {
    const t = await mapped(this.client.findFirstTicket({ updatedSince: q.updatedSince, include: ['description'] }));
    return t ? toSnapshot(t) : undefined;
  }

  async getTicket(id: number, opts: { withNotes?: boolean } = {}): Promise<TicketSnapshot> {
    const t = await mapped(
      this.client.getTicket(id, { ...this.call, ...(opts.withNotes ? { include: ['conversations'] } : {}) }),
    );
    // The embedded list stops at 10: page the conversations endpoint for the rest.
    if (opts.withNotes && (t.conversations?.length ?? 0) >= EMBEDDED_CONVERSATIONS)
      t.conversations = await mapped(this.client.listConversations(id, this.call));
    return toSnapshot(t);
  }

  async updateTicket(id: number, c: TicketChanges): Promise<TicketSnapshot> {
    const patch: TicketPatch = {
      ...(c.groupId !== undefined ? { group_id: c.groupId } : {}),
      ...(c.priority !== undefined ? { priority: c.priority } : {}),
      ...(c.type !== undefined ? { type: c.type } : {}),
      ...(c.tags !== undefined ? { tags: c.tags } : {}),
      ...(c.customFields !== undefined ? { custom_fields: c.customFields } : {}),
    };
    return toSnapshot(await mapped(this.client.updateTicket(id, patch, this.call)));
  }

  async addNote(id: number, html: string): Promise<{ id: number }> {
    const note = await mapped(this.client.addNote(id, { body: html, private: true }, this.call));
    return { id: note.id };
  }

  async updateNote(noteId: number, html: string): Promise<void> {
    await mapped(this.client.updateConversation(noteId, html, this.call));
  }

  deleteNote(noteId: number): Promise<void> {
    return mapped(this.client.deleteConversation(noteId, this.call));
  }

  /** Asked once per process (the key's agent does not change); a failure is asked again. */
  me(): Promise<number> {
    const c = this.cache;
    if (!c.meId) {
      c.meId = mapped(this.client.getMe(this.call)).then((a) => a.id);
      c.meId.catch(() => (c.meId = undefined));
    }
    return c.meId;
  }

  /** A view whose every call carries the deadline; caches and the connection pool are shared. */
  withDeadline(deadlineMs: number): TicketSystem {
    const view = Object.create(this) as FreshdeskTicketSystem;
    view.call = { deadlineMs };
    return view;
  }

  /** Groups, types and choices change rarely: cached for `choicesTtlMs` per process. */
  fieldChoices(): Promise<FieldChoices> {
    const c = this.cache;
    if (!c.choices) {
      c.choices = (async () => {
        const s = summarizeFields(await mapped(this.client.listTicketFields(this.call)));
        const groups =
          Object.keys(s.groups).length > 0
            ? s.groups
            : Object.fromEntries((await mapped(this.client.listGroups(this.call))).map((g) => [g.name, g.id]));
        return {
          groups,
          types: s.types,
          priorities: s.priorities,
          statuses: Object.fromEntries(Object.entries(s.statuses).map(([k, v]) => [k, v.agent])),
          dropdowns: s.dropdowns,
        };
      })();
      c.choices.catch(() => (c.choices = undefined));
      setTimeout(() => (c.choices = undefined), this.choicesTtlMs).unref();
    }
    return c.choices;
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
