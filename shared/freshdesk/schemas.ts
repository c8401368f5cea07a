/**
 * zod schemas for the Freshdesk API v2 shapes this project reads (docs/freshdesk.md#the-ticket, docs/freshdesk.md#notes-and-conversations, docs/freshdesk.md#ticket-fields, docs/freshdesk.md#groups).
 * Vendor responses use `z.looseObject`: Freshdesk adds attributes without notice, and an unknown
 * key must never break parsing. Types are inferred under the same names.
 */
import { z } from 'zod';

/** ISO-8601 timestamp; Freshdesk sends UTC with `Z`, some nested objects carry offsets (docs/freshdesk.md#data-formats). */
const Timestamp = z.string().min(1);
/** Ids exceed 2^31 but stay below 2^53 (docs/freshdesk.md#data-formats): a JS number is safe. */
const Id = z.number().int();

export const CustomFieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type CustomFieldValue = z.infer<typeof CustomFieldValue>;

/** A conversation entry (reply or note); also what `POST /tickets/{id}/notes` returns (docs/freshdesk.md#notes-and-conversations). */
export const Conversation = z.looseObject({
  id: Id,
  body: z.string().nullish(),
  body_text: z.string().nullish(),
  private: z.boolean().nullish(),
  incoming: z.boolean().nullish(),
  user_id: Id.nullish(),
  ticket_id: Id.nullish(),
  created_at: Timestamp,
  updated_at: Timestamp.nullish(),
});
export type Conversation = z.infer<typeof Conversation>;

/** `GET /agents/me`: the agent that owns the API key. */
export const Agent = z.looseObject({
  id: Id,
  contact: z.looseObject({ name: z.string().nullish(), email: z.string().nullish() }).nullish(),
});
export type Agent = z.infer<typeof Agent>;

const Requester = z.looseObject({
  id: Id,
  name: z.string().nullish(),
  email: z.string().nullish(),
});

export const Ticket = z.looseObject({
  id: Id,
  subject: z.string().nullish(),
  /** HTML; on the list only with `include=description` (docs/freshdesk.md#the-ticket). */
  description: z.string().nullish(),
  description_text: z.string().nullish(),
  status: z.number().int(),
  priority: z.number().int(),
  source: z.number().int().nullish(),
  type: z.string().nullable().optional(),
  requester_id: Id.nullish(),
  responder_id: Id.nullish(),
  group_id: Id.nullish(),
  company_id: Id.nullish(),
  tags: z
    .array(z.string())
    .nullish()
    .transform((t) => t ?? []),
  custom_fields: z
    .record(z.string(), CustomFieldValue)
    .nullish()
    .transform((c) => c ?? {}),
  spam: z.boolean().nullish(),
  deleted: z.boolean().nullish(),
  created_at: Timestamp,
  updated_at: Timestamp,
  requester: Requester.nullish(),
  conversations: z.array(Conversation).optional(),
});
export type Ticket = z.infer<typeof Ticket>;

export const TicketList = z.array(Ticket);

export const Group = z.looseObject({
  id: Id,
  name: z.string(),
  description: z.string().nullish(),
});
export type Group = z.infer<typeof Group>;

/** `choices` differ per field type (docs/freshdesk.md#ticket-fields); parsed into a union by `field-choices.ts`. */
export const TicketField = z.looseObject({
  id: Id,
  name: z.string(),
  label: z.string().nullish(),
  type: z.string(),
  default: z.boolean().nullish(),
  required_for_agents: z.boolean().nullish(),
  required_for_closure: z.boolean().nullish(),
  choices: z.unknown().optional(),
  nested_ticket_fields: z.array(z.unknown()).optional(),
});
export type TicketField = z.infer<typeof TicketField>;

export const SearchResult = z.looseObject({
  results: z.array(Ticket),
  total: z.number().int().nonnegative(),
});
export type SearchResult = z.infer<typeof SearchResult>;

/** One entry of a 400 validation answer (docs/freshdesk.md#error-answers). */
export const FieldErrorDetail = z.looseObject({
  field: z.string().nullish(),
  message: z.string().nullish(),
  code: z.string().nullish(),
});
export type FieldErrorDetail = z.infer<typeof FieldErrorDetail>;

/** Both error envelopes: `{description, errors[]}` and `{code, message}` (docs/freshdesk.md#error-answers). */
export const ErrorBody = z.looseObject({
  description: z.string().nullish(),
  errors: z.array(FieldErrorDetail).nullish(),
  code: z.string().nullish(),
  message: z.string().nullish(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
