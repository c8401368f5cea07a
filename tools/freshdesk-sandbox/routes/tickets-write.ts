/** `PUT /tickets/{id}` (§6) and `POST /tickets/{id}/notes` (§7). */
import { codeError, empty, isPlainObject, json, validationFailed, type Reply } from '../http-util';
import { renderNote, renderTicket } from '../render';
import { validateNote, validateTicketUpdate } from '../validation';
import { unknownParams, type ApiRequest } from './context';

/** Body is not a JSON object: Freshdesk answers with a type error on the whole request. */
const notAnObject = (): Reply =>
  validationFailed([{ field: 'request', message: 'It should be a/an key/value pair', code: 'datatype_mismatch' }]);

export function updateTicket(req: ApiRequest): Reply {
  const ticket = req.store.ticket(Number(req.params.id));
  if (!ticket) return empty(404);
  // Updating a spam or trashed ticket: 405 per one integration's notes (§6.2, §16).
  if (ticket.spam || ticket.deleted) {
    return codeError(405, 'method_not_allowed', `Ticket ${ticket.id} is ${ticket.spam ? 'spam' : 'deleted'} and cannot be updated`);
  }
  if (!isPlainObject(req.body)) return notAnObject();
  const errors = unknownParams(req.query, []);
  const checked = validateTicketUpdate(req.body, req.store);
  errors.push(...checked.errors);
  if (errors.length > 0) return validationFailed(errors); // all errors at once, nothing applied
  req.store.update(ticket, checked.patch, 'api', req.agentId);
  return json(200, renderTicket(req.store, ticket, { description: true, attachments: true }));
}

export function createNote(req: ApiRequest): Reply {
  const ticket = req.store.ticket(Number(req.params.id));
  if (!ticket) return empty(404);
  if (!isPlainObject(req.body)) return notAnObject();
  const { errors, note } = validateNote(req.body, req.store);
  if (errors.length > 0) return validationFailed(errors);
  const stored = req.store.addNote(ticket, { ...note, user_id: note.user_id ?? req.agentId }, 'api');
  return json(201, renderNote(stored));
}
