/** `GET /ticket_fields` (§9.1) and `GET /groups` (§10). */
import { ticketFields } from '../account';
import { json, validationFailed, type Reply } from '../http-util';
import { lastParam, nextPageUrl, positiveInt, unknownParams, type RouteRequest } from './context';

export function listTicketFields(req: RouteRequest): Reply {
  const errors = unknownParams(req.query, ['type']);
  if (errors.length > 0) return validationFailed(errors);
  const type = lastParam(req.query, 'type');
  const fields = ticketFields(req.store.state.groups, req.store.state.agents);
  return json(200, type === undefined ? fields : fields.filter((f) => f.type === type));
}

export function listGroups(req: RouteRequest): Reply {
  const errors = unknownParams(req.query, ['page', 'per_page']);
  const page = lastParam(req.query, 'page') === undefined ? 1 : positiveInt(lastParam(req.query, 'page'));
  const perPageRaw = lastParam(req.query, 'per_page');
  const perPage = perPageRaw === undefined ? 30 : positiveInt(perPageRaw);
  if (page === undefined)
    errors.push({ field: 'page', message: 'It should be a Positive Integer', code: 'invalid_value' });
  if (perPage === undefined || perPage > 100) {
    errors.push({
      field: 'per_page',
      message: 'It should be a Positive Integer less than or equal to 100',
      code: 'invalid_value',
    });
  }
  if (errors.length > 0 || page === undefined || perPage === undefined) return validationFailed(errors);
  const groups = req.store.state.groups;
  const start = (page - 1) * perPage;
  const headers: Record<string, string> = {};
  if (start + perPage < groups.length) headers.Link = `<${nextPageUrl(req, '/groups', page + 1)}>; rel="next"`;
  return json(200, groups.slice(start, start + perPage), headers);
}
