/**
 * What the client may send. `TicketPatch` is a strict object of writable fields only (docs/freshdesk.md#updating-a-ticket), so a
 * fetched ticket (with `id`, `created_at`, `updated_at`, ...) can never be PUT back by accident:
 * the type rejects it at compile time and the schema at run time, before any request.
 */
import { z } from 'zod';
import { CustomFieldValue } from './schemas';

const PositiveId = z.number().int().positive();
const Iso = z.string().min(1);

export const TicketPatch = z.strictObject({
  subject: z.string().min(1).optional(),
  description: z.string().optional(),
  /** 1 Low, 2 Medium, 3 High, 4 Urgent (docs/freshdesk.md#enumerations). */
  priority: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).optional(),
  /** 2..5 plus custom statuses >= 6 (docs/freshdesk.md#enumerations). */
  status: z.number().int().min(2).optional(),
  source: z.number().int().positive().optional(),
  type: z.string().min(1).nullable().optional(),
  group_id: PositiveId.nullable().optional(),
  responder_id: PositiveId.nullable().optional(),
  product_id: PositiveId.nullable().optional(),
  company_id: PositiveId.nullable().optional(),
  requester_id: PositiveId.optional(),
  /** Replaces the whole list (docs/freshdesk.md#updating-a-ticket): read, merge, write. Freshdesk caps a tag at 32 characters. */
  tags: z.array(z.string().min(1).max(32)).optional(),
  /** Only the keys sent change; names come from `/ticket_fields` (docs/freshdesk.md#custom-fields). */
  custom_fields: z.record(z.string().min(1), CustomFieldValue).optional(),
  due_by: Iso.optional(),
  fr_due_by: Iso.optional(),
});
export type TicketPatch = z.infer<typeof TicketPatch>;

export const NoteInput = z.strictObject({
  /** HTML. */
  body: z.string().min(1),
  /** Sent explicitly even though Freshdesk defaults to true (docs/freshdesk.md#notes-and-conversations). @default true */
  private: z.boolean().default(true),
  notify_emails: z.array(z.string()).optional(),
});
export type NoteInput = z.input<typeof NoteInput>;
