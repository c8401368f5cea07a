/** `GET /search/tickets?query="..."&page=n` (docs/freshdesk.md#search): 30 per page, pages 1–10, `{results, total}`. */
import { validationFailed, json, type Reply } from '../http-util';
import { renderTicket } from '../render';
import { matches, parseQuery, QueryError } from '../search-query';
import { lastParam, positiveInt, unknownParams, type RouteRequest } from './context';

const SEARCH_PER_PAGE = 30;
const SEARCH_PAGE_CAP = 10;
/** Longest expression Freshdesk accepts (docs/freshdesk.md#search). */
const SEARCH_MAX_QUERY_LENGTH = 512;

const queryError = (message: string): Reply => validationFailed([{ field: 'query', message, code: 'invalid_value' }]);

export function searchTickets(req: RouteRequest): Reply {
  const errors = unknownParams(req.query, ['query', 'page']);
  if (errors.length > 0) return validationFailed(errors);
  // URLSearchParams has already decoded %XX and '+', so every client encoding arrives the same (docs/freshdesk.md#search).
  const raw = lastParam(req.query, 'query');
  if (raw === undefined)
    return validationFailed([{ field: 'query', message: 'It should be a/an String', code: 'missing_field' }]);
  const pageRaw = lastParam(req.query, 'page');
  const page = pageRaw === undefined ? 1 : positiveInt(pageRaw);
  if (page === undefined || page > SEARCH_PAGE_CAP) {
    return validationFailed([
      {
        field: 'page',
        message: `It should be a Positive Integer less than or equal to ${SEARCH_PAGE_CAP}`,
        code: 'invalid_value',
      },
    ]);
  }
  const trimmed = raw.trim();
  if (trimmed.length < 2 || !trimmed.startsWith('"') || !trimmed.endsWith('"')) {
    return queryError('Query should be enclosed in double quotes');
  }
  const expr = trimmed.slice(1, -1);
  if (expr.length > SEARCH_MAX_QUERY_LENGTH)
    return queryError(`Query length should not exceed ${SEARCH_MAX_QUERY_LENGTH} characters`);
  let parsed;
  try {
    parsed = parseQuery(expr);
  } catch (err) {
    if (err instanceof QueryError) return queryError(err.message);
    throw err;
  }
  // Spam and deleted tickets never appear in search (docs/freshdesk.md#other-behaviours); newest created first (docs/freshdesk.md#search).
  // Index lag: fresh tickets are not searchable yet (docs/freshdesk.md#search, `searchIndexLagMs`).
  const indexedBefore = req.store.now() - req.store.flags.searchIndexLagMs;
  const hits = req.store
    .tickets()
    .filter((t) => !t.spam && !t.deleted && Date.parse(t.created_at) <= indexedBefore && matches(t, parsed))
    .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id);
  const start = (page - 1) * SEARCH_PER_PAGE;
  const results = hits
    .slice(start, start + SEARCH_PER_PAGE)
    .map((t) => renderTicket(req.store, t, { description: true, attachments: false }));
  return json(200, { results, total: hits.length });
}
