/**
 * The `/api/v2` route table: which handler, what it costs in rate-limit credits and which
 * sub-limit it counts toward (§11). Matching is a pure function so the server can charge credits
 * before it reads the body or checks the key.
 */
import type { Reply } from '../http-util';
import type { SubLimit } from '../rate-limiter';
import type { RouteRequest } from './context';
import { deleteConversation, updateConversation, viewMe } from './agents';
import { listGroups, listTicketFields } from './meta';
import { searchTickets } from './search';
import { includeCost, listConversations, listTickets, viewTicket } from './tickets-read';
import { createNote, createTicket, updateTicket } from './tickets-write';

type Handler = (req: RouteRequest) => Reply;

interface Route {
  pattern: RegExp;
  keys: string[];
  methods: Partial<Record<string, { handler: Handler; sub?: SubLimit; cost?: (q: URLSearchParams) => number }>>;
}

const route = (path: string, methods: Route['methods']): Route => {
  const keys: string[] = [];
  const src = path.replace(/:(\w+)/g, (_m, k: string) => {
    keys.push(k);
    return '(\\d+)';
  });
  return { pattern: new RegExp(`^${src}$`), keys, methods };
};

const ROUTES: Route[] = [
  route('/tickets', {
    GET: { handler: listTickets, sub: 'ticketsList', cost: (q) => 1 + includeCost(q, 2) },
    POST: { handler: createTicket, sub: 'ticketCreate' },
  }),
  route('/tickets/:id', {
    GET: { handler: viewTicket, cost: (q) => 1 + includeCost(q, 1) },
    PUT: { handler: updateTicket, sub: 'ticketUpdate' },
  }),
  route('/tickets/:id/notes', { POST: { handler: createNote } }),
  route('/tickets/:id/conversations', { GET: { handler: listConversations } }),
  route('/conversations/:id', { PUT: { handler: updateConversation }, DELETE: { handler: deleteConversation } }),
  route('/agents/me', { GET: { handler: viewMe } }),
  route('/search/tickets', { GET: { handler: searchTickets } }),
  route('/ticket_fields', { GET: { handler: listTicketFields } }),
  route('/groups', { GET: { handler: listGroups } }),
];

export type RouteMatch =
  | { kind: 'found'; handler: Handler; params: Record<string, string>; cost: number; sub?: SubLimit }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

/** `path` is below `/api/v2`; one trailing slash is ignored (§12). */
export function matchRoute(method: string, path: string, query: URLSearchParams): RouteMatch {
  const clean = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  for (const r of ROUTES) {
    const m = r.pattern.exec(clean);
    if (!m) continue;
    const entry = r.methods[method];
    if (!entry) return { kind: 'method-not-allowed', allowed: Object.keys(r.methods) };
    const params = Object.fromEntries(r.keys.map((k, i) => [k, m[i + 1] ?? '']));
    const cost = entry.cost ? entry.cost(query) : 1;
    return entry.sub
      ? { kind: 'found', handler: entry.handler, params, cost, sub: entry.sub }
      : { kind: 'found', handler: entry.handler, params, cost };
  }
  return { kind: 'not-found' };
}
