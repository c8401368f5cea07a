/** `PUT /tickets/{id}` (docs/freshdesk.md#updating-a-ticket) and `POST /tickets/{id}/notes` (docs/freshdesk.md#notes-and-conversations). */
import { codeError, empty, isPlainObject, json, validationFailed, type Reply } from '../http-util';
import { renderNote, renderTicket } from '../render';
import { validateNote, validateTicketUpdate } from '../validation';
import { missingRequired, newTagErrors } from '../account-flags';
import type { StoredTicket, TicketSeed } from '../model';
import { addSeedTickets } from '../seed-loader';
import { unknownParams, type RouteRequest } from './context';

/** Mandatory fields and admin-only tag creation: either fails the whole call (docs/freshdesk.md#updating-a-ticket). */
function accountRuleErrors(req: RouteRequest, ticket: Partial<StoredTicket>, patch: Record<string, unknown>) {
  const flags = req.store.flags;
  const tags = Array.isArray(patch.tags) ? (patch.tags as string[]) : [];
  return [...missingRequired(flags, ticket, patch), ...newTagErrors(flags, req.store.tickets(), tags)];
}

/** Body is not a JSON object: Freshdesk answers with a type error on the whole request. */
const notAnObject = (): Reply =>
  validationFailed([{ field: 'request', message: 'It should be a/an key/value pair', code: 'datatype_mismatch' }]);

export function updateTicket(req: RouteRequest): Reply {
  const ticket = req.store.ticket(Number(req.params.id));
  if (!ticket) return empty(404);
  // Updating a spam or trashed ticket: 405 per one integration's notes (docs/freshdesk.md#updating-a-ticket, docs/freshdesk.md#where-sources-disagree).
  if (ticket.spam || ticket.deleted) {
    return codeError(
      405,
      'method_not_allowed',
      `Ticket ${ticket.id} is ${ticket.spam ? 'spam' : 'deleted'} and cannot be updated`,
    );
  }
  if (!isPlainObject(req.body)) return notAnObject();
  const errors = unknownParams(req.query, []);
  const checked = validateTicketUpdate(req.body, req.store);
  errors.push(...checked.errors);
  errors.push(...accountRuleErrors(req, ticket, checked.patch));
  if (errors.length > 0) return validationFailed(errors); // all errors at once, nothing applied
  req.store.update(ticket, checked.patch, 'api', req.agentId);
  return json(200, renderTicket(req.store, ticket, { description: true, attachments: true }));
}

export function createNote(req: RouteRequest): Reply {
  const ticket = req.store.ticket(Number(req.params.id));
  if (!ticket) return empty(404);
  if (!isPlainObject(req.body)) return notAnObject();
  const { errors, note } = validateNote(req.body, req.store);
  if (errors.length > 0) return validationFailed(errors);
  const stored = req.store.addNote(ticket, { ...note, user_id: note.user_id ?? req.agentId }, 'api');
  return json(201, renderNote(stored));
}

/**
 * `POST /tickets`: create a ticket as a requester would (demos: watch the pipeline triage it).
 * Needs `subject`, `description` and a requester (`email` or `requester_id`); defaults follow
 * the API: status Open, priority Low, source Portal.
 */
export function createTicket(req: RouteRequest): Reply {
  if (!isPlainObject(req.body)) return notAnObject();
  const body = req.body;
  const errors = unknownParams(req.query, []);
  const checked = validateTicketUpdate(body, req.store);
  errors.push(...checked.errors);
  for (const field of ['subject', 'description'] as const) {
    if (!(field in body)) errors.push({ field, message: 'It should be a/an String', code: 'missing_field' });
  }
  const email = typeof body.email === 'string' ? body.email : undefined;
  if (email === undefined && !('requester_id' in body)) {
    errors.push({
      field: 'requester_id',
      message: 'Please fill at least 1 of requester_id, email fields',
      code: 'missing_field',
    });
  }
  if (typeof body.requester_id === 'number' && !req.store.contact(body.requester_id)) {
    errors.push({
      field: 'requester_id',
      message: 'There is no contact matching the given requester_id',
      code: 'invalid_value',
    });
  }
  errors.push(...accountRuleErrors(req, {}, checked.patch));
  if (errors.length > 0) return validationFailed(errors);
  const p = checked.patch;
  const seed: TicketSeed = {
    subject: p.subject as string,
    description: p.description as string,
    status: (p.status as number | undefined) ?? 2,
    priority: (p.priority as number | undefined) ?? 1,
    source: (p.source as number | undefined) ?? 2,
    type: (p.type as string | null | undefined) ?? null,
    group_id: (p.group_id as number | null | undefined) ?? null,
    responder_id: (p.responder_id as number | null | undefined) ?? null,
    tags: (p.tags as string[] | undefined) ?? [],
    custom_fields: (p.custom_fields as Record<string, unknown> | undefined) ?? {},
    ...(email !== undefined ? { requester: { name: typeof body.name === 'string' ? body.name : email, email } } : {}),
    ...(typeof body.requester_id === 'number' ? { requester_id: body.requester_id } : {}),
  };
  const [ticket] = addSeedTickets(req.store, [seed], 'api');
  req.store.changed();
  return ticket ? json(201, renderTicket(req.store, ticket, { description: true, attachments: true })) : empty(500);
}
