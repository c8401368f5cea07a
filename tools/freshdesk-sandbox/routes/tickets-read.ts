/** `GET /tickets` (list, docs/freshdesk.md#listing-tickets) and `GET /tickets/{id}` (view, docs/freshdesk.md#viewing-a-ticket). */
import { empty, json, validationFailed, type FieldError, type Reply } from '../http-util';
import type { StoredTicket } from '../model';
import { renderConversation, renderTicket } from '../render';
import { includeValues, lastParam, nextPageUrl, positiveInt, unknownParams, type RouteRequest } from './context';

/** Freshdesk refuses pages beyond 300 on the list endpoint (docs/freshdesk.md#pages-and-the-300-page-cap). */
const LIST_PAGE_CAP = 300;
const LIST_DEFAULT_PER_PAGE = 30;
const LIST_MAX_PER_PAGE = 100;
/** Without `updated_since` only tickets created in the last 30 days are listed (docs/freshdesk.md#the-30-day-window). */
const DEFAULT_WINDOW_MS = 30 * 24 * 3600 * 1000;

const LIST_PARAMS = [
  'filter',
  'requester_id',
  'email',
  'unique_external_id',
  'company_id',
  'updated_since',
  'order_by',
  'order_type',
  'include',
  'page',
  'per_page',
] as const;
const FILTERS = ['new_and_my_open', 'watching', 'spam', 'deleted'];
const ORDER_BY = ['created_at', 'due_by', 'updated_at', 'status'];
/** `company` is not in the reference but several clients send it (docs/freshdesk.md#where-sources-disagree: allowed). */
const LIST_INCLUDES = ['description', 'requester', 'stats', 'company'];
const VIEW_INCLUDES = ['conversations', 'requester', 'company', 'stats'];

const oneOf = (v: string[]) => `It should be one of these values: '${v.join(',')}'`;

/** ISO-8601 timestamp or a bare date (seen in the wild, docs/freshdesk.md#listing-tickets); returns ms or undefined. */
function parseSince(raw: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(raw)) return undefined;
  const ms = Date.parse(raw.length === 10 ? `${raw}T00:00:00Z` : raw.replace(' ', 'T'));
  return Number.isNaN(ms) ? undefined : ms;
}

/** Extra credits for `include` on this endpoint: list +2 each, view +1 each (docs/freshdesk.md#embeds-and-their-cost, docs/freshdesk.md#rate-limits). */
export function includeCost(q: URLSearchParams, perInclude: number): number {
  return includeValues(q).length * perInclude;
}

export function listTickets(req: RouteRequest): Reply {
  const q = req.query;
  const errors: FieldError[] = unknownParams(q, LIST_PARAMS);
  const filter = lastParam(q, 'filter');
  if (filter !== undefined && !FILTERS.includes(filter)) {
    errors.push({ field: 'filter', message: oneOf(FILTERS), code: 'invalid_value' });
  }
  const ids: Record<string, number | undefined> = {};
  for (const key of ['requester_id', 'company_id'] as const) {
    const raw = lastParam(q, key);
    if (raw === undefined) continue;
    ids[key] = positiveInt(raw);
    if (ids[key] === undefined) {
      errors.push({
        field: key,
        message: 'Value set is of type String.It should be a/an Positive Integer',
        code: 'datatype_mismatch',
      });
    }
  }
  const sinceRaw = lastParam(q, 'updated_since');
  const since = sinceRaw === undefined ? undefined : parseSince(sinceRaw);
  if (sinceRaw !== undefined && since === undefined) {
    errors.push({
      field: 'updated_since',
      message: "It should be in the 'YYYY-MM-DDTHH:MM:SSZ' format",
      code: 'invalid_value',
    });
  }
  const orderBy = lastParam(q, 'order_by') ?? 'created_at';
  if (!ORDER_BY.includes(orderBy)) errors.push({ field: 'order_by', message: oneOf(ORDER_BY), code: 'invalid_value' });
  const orderType = lastParam(q, 'order_type') ?? 'desc';
  if (orderType !== 'asc' && orderType !== 'desc') {
    errors.push({ field: 'order_type', message: oneOf(['asc', 'desc']), code: 'invalid_value' });
  }
  const includes = includeValues(q);
  if (includes.some((i) => !LIST_INCLUDES.includes(i))) {
    errors.push({ field: 'include', message: oneOf(LIST_INCLUDES), code: 'invalid_value' });
  }
  const page = pageParam(q, errors);
  const perPageRaw = lastParam(q, 'per_page');
  const perPage = perPageRaw === undefined ? LIST_DEFAULT_PER_PAGE : positiveInt(perPageRaw);
  if (perPage === undefined || perPage > LIST_MAX_PER_PAGE) {
    errors.push({
      field: 'per_page',
      message: `It should be a Positive Integer less than or equal to ${LIST_MAX_PER_PAGE}`,
      code: 'invalid_value',
    });
  }
  if (errors.length > 0 || page === undefined || perPage === undefined) return validationFailed(errors);

  const nowMs = req.store.now();
  const email = lastParam(q, 'email');
  const contactId =
    email === undefined
      ? undefined
      : req.store.state.contacts.find((c) => c.email.toLowerCase() === email.toLowerCase())?.id;
  const uniqueExternalId = lastParam(q, 'unique_external_id');
  const rows = req.store.tickets().filter((t) => {
    if (filter === 'spam') {
      if (!t.spam || t.deleted) return false;
    } else if (filter === 'deleted') {
      if (!t.deleted) return false;
    } else if (t.spam || t.deleted) return false;
    if (
      filter === 'new_and_my_open' &&
      !(t.status === 2 && (t.responder_id === null || t.responder_id === req.agentId))
    )
      return false;
    if (filter === 'watching' && !t.watchers.includes(req.agentId)) return false;
    if (ids.requester_id !== undefined && t.requester_id !== ids.requester_id) return false;
    if (ids.company_id !== undefined && t.company_id !== ids.company_id) return false;
    if (email !== undefined && t.requester_id !== contactId) return false;
    if (uniqueExternalId !== undefined) return false; // no contact carries an external id
    if (since !== undefined) return Date.parse(t.updated_at) >= since; // inclusive (docs/freshdesk.md#the-30-day-window)
    return Date.parse(t.created_at) >= nowMs - DEFAULT_WINDOW_MS;
  });
  sortTickets(rows, orderBy, orderType === 'asc' ? 1 : -1);
  const start = (page - 1) * perPage;
  const slice = rows.slice(start, start + perPage);
  const headers: Record<string, string> = {};
  // Only when another page exists: never on a short page or after an exactly full last page,
  // and never past the cap (docs/freshdesk.md#pages-and-the-300-page-cap).
  if (start + perPage < rows.length && page < LIST_PAGE_CAP) {
    headers.Link = `<${nextPageUrl(req, '/tickets', page + 1)}>; rel="next"`;
  }
  const body = slice.map((t) => renderTicket(req.store, t, { description: false, attachments: false, includes }));
  return json(200, body, headers);
}

function pageParam(q: URLSearchParams, errors: FieldError[]): number | undefined {
  const raw = lastParam(q, 'page');
  if (raw === undefined) return 1;
  const page = positiveInt(raw);
  if (page === undefined) {
    errors.push({ field: 'page', message: 'It should be a Positive Integer', code: 'invalid_value' });
    return undefined;
  }
  if (page > LIST_PAGE_CAP) {
    errors.push({
      field: 'page',
      message: `You cannot access tickets beyond the ${LIST_PAGE_CAP}th page. Please provide a smaller page number.`,
      code: 'invalid_value',
    });
    return undefined;
  }
  return page;
}

function sortTickets(rows: StoredTicket[], orderBy: string, dir: 1 | -1): void {
  const key = (t: StoredTicket): number =>
    orderBy === 'status'
      ? t.status
      : Date.parse(orderBy === 'due_by' ? t.due_by : orderBy === 'updated_at' ? t.updated_at : t.created_at);
  // Ties broken by id in the same direction so paging is stable.
  rows.sort((a, b) => (key(a) - key(b) || a.id - b.id) * dir);
}

export function viewTicket(req: RouteRequest): Reply {
  const ticket = req.store.ticket(Number(req.params.id));
  if (!ticket) return empty(404);
  const errors = unknownParams(req.query, ['include']);
  const includes = includeValues(req.query);
  if (includes.some((i) => !VIEW_INCLUDES.includes(i))) {
    errors.push({ field: 'include', message: oneOf(VIEW_INCLUDES), code: 'invalid_value' });
  }
  if (errors.length > 0) return validationFailed(errors);
  return json(200, renderTicket(req.store, ticket, { description: true, attachments: true, includes }));
}

/** `GET /tickets/{id}/conversations`: notes as conversations, oldest first. */
export function listConversations(req: RouteRequest): Reply {
  const ticket = req.store.ticket(Number(req.params.id));
  if (!ticket) return empty(404);
  const errors = unknownParams(req.query, ['page', 'per_page']);
  if (errors.length > 0) return validationFailed(errors);
  const page = positiveInt(lastParam(req.query, 'page')) ?? 1;
  const perPage = Math.min(LIST_MAX_PER_PAGE, positiveInt(lastParam(req.query, 'per_page')) ?? LIST_DEFAULT_PER_PAGE);
  const all = req.store.notes(ticket.id);
  const start = (page - 1) * perPage;
  const headers: Record<string, string> = {};
  if (start + perPage < all.length)
    headers.Link = `<${nextPageUrl(req, `/tickets/${ticket.id}/conversations`, page + 1)}>; rel="next"`;
  return json(200, all.slice(start, start + perPage).map(renderConversation), headers);
}
