/**
 * What classify-ticket accepts: a Freshdesk ticket, `{ subject, description | description_text }`,
 * fetch-tickets' hand-over (`{ ticketId, subject, description, ticket }`), plain text (what
 * `faas-cli invoke` sends by default), or an array of those. Everything is normalised to items.
 */
import { z } from 'zod';
import { InputError } from '../http/input-error';
import { FetchedTicket } from '../contract/payloads';

/** @internal exported for tests and benches, not used by the product */
export const MAX_BATCH = 100;

const TicketLike = z
  .looseObject({
    id: z.number().int().positive().optional(),
    ticketId: z.number().int().positive().optional(),
    subject: z.string().nullish(),
    description: z.string().nullish(),
    description_text: z.string().nullish(),
    ticket: FetchedTicket.optional(),
    updated_at: z.string().optional(),
    group_id: z.number().int().nullish(),
    priority: z.number().int().optional(),
    type: z.string().nullish(),
    tags: z.array(z.string()).optional(),
    dryRun: z.boolean().optional(),
  })
  .refine((t) => Boolean(t.subject?.trim() || t.description?.trim() || t.description_text?.trim()), {
    message: 'give a subject or a description (or description_text)',
  });

export interface ClassifyItem {
  ticketId?: number;
  subject: string;
  body: string;
  ticket?: FetchedTicket;
  dryRun?: boolean;
}

function fromText(text: string): ClassifyItem {
  const trimmed = text.trim();
  if (!trimmed) throw new InputError('the body is empty: send a ticket as JSON or its text as text/plain');
  const [first, ...rest] = trimmed.split('\n');
  return rest.length > 0 ? { subject: first!.slice(0, 300), body: rest.join('\n') } : { subject: '', body: trimmed };
}

function fromObject(raw: unknown, where: string): ClassifyItem {
  const r = TicketLike.safeParse(raw);
  if (!r.success) throw InputError.fromZod(where, r.error);
  const t = r.data;
  const id = t.ticketId ?? t.id;
  const fetched =
    t.ticket ??
    (t.id !== undefined && t.updated_at !== undefined && t.priority !== undefined
      ? {
          id: t.id,
          updatedAt: t.updated_at,
          groupId: t.group_id ?? null,
          priority: t.priority,
          type: t.type ?? null,
          tags: t.tags ?? [],
        }
      : undefined);
  return {
    ...(id !== undefined ? { ticketId: id } : {}),
    subject: t.subject ?? '',
    body: t.description_text ?? t.description ?? '',
    ...(fetched ? { ticket: fetched } : {}),
    ...(t.dryRun !== undefined ? { dryRun: t.dryRun } : {}),
  };
}

export function parseClassifyInput(body: unknown): { items: ClassifyItem[]; batch: boolean } {
  if (Buffer.isBuffer(body)) throw new InputError('unsupported content type: send application/json or text/plain', 415);
  if (typeof body === 'string') return { items: [fromText(body)], batch: false };
  if (Array.isArray(body)) {
    if (body.length === 0) throw new InputError('the array is empty');
    if (body.length > MAX_BATCH) throw new InputError(`at most ${MAX_BATCH} tickets per call, got ${body.length}`, 413);
    return {
      items: body.map((b, i) => (typeof b === 'string' ? fromText(b) : fromObject(b, `ticket [${i}]`))),
      batch: true,
    };
  }
  if (typeof body === 'object' && body !== null) return { items: [fromObject(body, 'ticket')], batch: false };
  throw new InputError('send a ticket object, an array of tickets, or the ticket text');
}
