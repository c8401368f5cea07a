/**
 * `GET /agents/me` (the API key's own agent, Freshdesk's "View Me"),
 * `PUT /conversations/{id}` (Freshdesk's "Update a Conversation": a note's body) and
 * `DELETE /conversations/{id}` (Freshdesk's "Delete a Conversation", 204 with an empty body).
 * All three follow Freshdesk's public API reference (docs/freshdesk.md#notes-and-conversations). The pipeline
 * uses the first to trust only its own notes and the second to remove a duplicate note that a
 * concurrent writer left.
 */
import { ACCOUNT_CREATED_AT } from '../account';
import { empty, isPlainObject, json, unexpectedField, validationFailed, type Reply } from '../http-util';
import { renderNote } from '../render';
import { unknownParams, type RouteRequest } from './context';

export function viewMe(req: RouteRequest): Reply {
  const errors = unknownParams(req.query, []);
  if (errors.length > 0) return validationFailed(errors);
  const me = req.store.state.agents.find((a) => a.id === req.agentId);
  if (!me) return empty(404);
  return json(200, {
    id: me.id,
    available: true,
    occasional: false,
    signature: null,
    ticket_scope: 1,
    type: 'support_agent',
    group_ids: req.store.state.groups.map((g) => g.id),
    role_ids: [],
    created_at: ACCOUNT_CREATED_AT,
    updated_at: ACCOUNT_CREATED_AT,
    contact: {
      active: true,
      email: me.email,
      name: me.name,
      job_title: null,
      language: 'en',
      mobile: null,
      phone: null,
      time_zone: 'UTC',
      last_login_at: null,
      created_at: ACCOUNT_CREATED_AT,
      updated_at: ACCOUNT_CREATED_AT,
    },
  });
}

export function deleteConversation(req: RouteRequest): Reply {
  const note = req.store.note(Number(req.params.id));
  if (!note) return empty(404);
  req.store.deleteNote(note.id);
  return empty(204);
}

export function updateConversation(req: RouteRequest): Reply {
  const note = req.store.note(Number(req.params.id));
  if (!note) return empty(404);
  if (!isPlainObject(req.body))
    return validationFailed([
      { field: 'request', message: 'It should be a/an key/value pair', code: 'datatype_mismatch' },
    ]);
  const errors = Object.keys(req.body)
    .filter((k) => k !== 'body')
    .map((k) => unexpectedField(k));
  const body = req.body.body;
  if (typeof body !== 'string' || body.trim() === '')
    errors.push({
      field: 'body',
      message: 'It should be a/an String',
      code: body === undefined ? 'missing_field' : 'datatype_mismatch',
    });
  if (errors.length > 0) return validationFailed(errors);
  return json(200, renderNote(req.store.updateNote(note.id, body as string)!));
}
