/**
 * The ticket-system port: what the handlers need from a help desk, in the seed design's terms
 * (find tickets, find the first, update, plus get, notes and field choices). Freshdesk is the first
 * adapter; another (Zammad, OTOBO/Znuny) plugs in by implementing this and registering a factory,
 * without touching the handlers.
 */
export interface TicketSnapshot {
  id: number;
  subject: string;
  /** Plain text. */
  description: string;
  status: number;
  priority: number;
  type: string | null;
  groupId: number | null;
  tags: string[];
  customFields: Record<string, string | number | boolean | null>;
  updatedAt: string;
  /** When the ticket was created (ages in fetch-tickets' answer). */
  createdAt?: string;
  spam: boolean;
  deleted: boolean;
  /** Bodies of existing notes, when asked for. */
  notes?: string[];
  /** Every conversation (notes and replies) with its author, when asked for: complete, not cut at 10. */
  conversations?: NoteRef[];
}

/** A note or reply on a ticket, with what is needed to tell whether this integration wrote it. */
export interface NoteRef {
  id: number;
  body: string;
  private: boolean;
  /** The agent (or contact) who wrote it; null when the help desk does not say. */
  authorId: number | null;
  /** When it was written (the help desk's `created_at`), when it says. */
  createdAt?: string;
}

export interface TicketChanges {
  groupId?: number;
  priority?: 1 | 2 | 3 | 4;
  type?: string;
  tags?: string[];
  customFields?: Record<string, string | number | boolean | null>;
}

export interface FieldChoices {
  groups: Record<string, number>;
  types: string[];
  priorities: Record<string, number>;
  statuses: Record<number, string>;
  dropdowns: Record<string, string[]>;
}

export interface FindQuery {
  updatedSince: Date;
  /** Stop after this many tickets. */
  limit?: number;
}

export interface TicketSystem {
  readonly name: string;
  findTickets(q: FindQuery): AsyncIterable<TicketSnapshot>;
  /**
   * The first ticket findTickets would list. Kept although the product does not call it: it is
   * part of the contract a help-desk adapter implements, the cheapest read for a smoke test
   * (tests/ticket-system/find-first.test.ts shows its use).
   */
  findFirstTicket(q: FindQuery): Promise<TicketSnapshot | undefined>;
  getTicket(id: number, opts?: { withNotes?: boolean }): Promise<TicketSnapshot>;
  updateTicket(id: number, changes: TicketChanges): Promise<TicketSnapshot>;
  /** Adds a private note; answers its id. */
  addNote(id: number, html: string): Promise<{ id: number }>;
  /** Replaces a note's text (the note said what was applied, and the final decision differed). */
  updateNote(noteId: number, html: string): Promise<void>;
  /** Removes a note (a duplicate left by a concurrent writer); a note already gone is fine. */
  deleteNote(noteId: number): Promise<void>;
  /** The id of the agent the API key belongs to: the author of every note this integration writes. */
  me(): Promise<number>;
  fieldChoices(): Promise<FieldChoices>;
  /**
   * The same system, with every call bounded by an absolute deadline (ms since the epoch): waits
   * for `Retry-After` and retries happen inside it, never past it (a function's exec_timeout).
   */
  withDeadline(deadlineMs: number): TicketSystem;
  close(): Promise<void>;
}
