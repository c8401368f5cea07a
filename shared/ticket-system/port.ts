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
  spam: boolean;
  deleted: boolean;
  /** Bodies of existing notes, when asked for. */
  notes?: string[];
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
  findFirstTicket(q: FindQuery): Promise<TicketSnapshot | undefined>;
  getTicket(id: number, opts?: { withNotes?: boolean }): Promise<TicketSnapshot>;
  updateTicket(id: number, changes: TicketChanges): Promise<TicketSnapshot>;
  addNote(id: number, html: string): Promise<void>;
  fieldChoices(): Promise<FieldChoices>;
  close(): Promise<void>;
}
