/**
 * `GET /tickets` as an async iterator (docs/freshdesk.md#listing-tickets). Pages follow the `Link: rel="next"`
 * header; before the 300-page cap the iterator restarts at page 1 with `updated_since` moved to
 * the last `updated_at` it saw (ordered by `updated_at` ascending), and skips tickets it already
 * emitted, because `updated_since` is inclusive and the windows overlap at the boundary.
 */
import { FreshdeskError } from './errors';
import type { RequestOptions } from './options';
import { TicketList, type Ticket } from './schemas';
import type { Transport } from './transport';

type ListInclude = 'description' | 'requester' | 'stats' | 'company';

export interface TicketQuery {
  /** Lifts the 30-day default window (docs/freshdesk.md#the-30-day-window); the iterator always sends one. @default 30 days ago */
  updatedSince?: Date | string;
  /** @default 'updated_at' (the only order that survives the page cap) */
  orderBy?: 'created_at' | 'due_by' | 'updated_at' | 'status';
  /** @default 'asc' */
  orderType?: 'asc' | 'desc';
  /** Each include costs 2 extra credits per call (docs/freshdesk.md#embeds-and-their-cost). */
  include?: ListInclude[];
  /** 1..100. @default 100 */
  perPage?: number;
  filter?: 'new_and_my_open' | 'watching' | 'spam' | 'deleted';
  requesterId?: number;
  companyId?: number;
  email?: string;
  /** Hard guard over all windows. @default 10000 */
  maxPages?: number;
  /** Freshdesk refuses page > 300 (docs/freshdesk.md#pages-and-the-300-page-cap); lower only in tests. @default 300 */
  pageCap?: number;
  /**
   * `keyset`: page 1 of a moving `updated_since` cursor each time (keyset.ts), so tickets updated
   * while the list is read never shift an unseen one onto a page already read. @default 'pages'
   */
  paging?: 'pages' | 'keyset';
}

export interface TicketPage {
  tickets: Ticket[];
  page: number;
  hasNext: boolean;
}

const DAY_MS = 86_400_000;

export function toIsoSecond(value: Date | string): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime()))
    throw new FreshdeskError({ method: 'GET', path: '/tickets' }, `updatedSince is not a date: ${String(value)}`);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function listQueryParams(q: TicketQuery, updatedSince: string, page: number): URLSearchParams {
  const p = new URLSearchParams();
  if (q.filter) p.set('filter', q.filter);
  if (q.requesterId !== undefined) p.set('requester_id', String(q.requesterId));
  if (q.companyId !== undefined) p.set('company_id', String(q.companyId));
  if (q.email !== undefined) p.set('email', q.email);
  p.set('updated_since', updatedSince);
  p.set('order_by', q.orderBy ?? 'updated_at');
  p.set('order_type', q.orderType ?? 'asc');
  if (q.include && q.include.length > 0) p.set('include', q.include.join(','));
  p.set('per_page', String(q.perPage ?? 100));
  p.set('page', String(page));
  return p;
}

/** One page, as Freshdesk answers it. */
export async function fetchTicketPage(
  transport: Transport,
  q: TicketQuery,
  page: number,
  options?: RequestOptions,
): Promise<TicketPage> {
  const since = toIsoSecond(q.updatedSince ?? new Date(transport.now() - 30 * DAY_MS));
  const res = await transport.request({
    method: 'GET',
    path: '/tickets',
    query: listQueryParams(q, since, page),
    schema: TicketList,
    schemaName: 'Ticket[]',
    ...(options ? { options } : {}),
  });
  const link = res.header('link') ?? '';
  return { tickets: res.data, page, hasNext: /rel="?next"?/.test(link) };
}

/** All pages, moving the window before the cap. */
export async function* iterateTicketPages(
  transport: Transport,
  q: TicketQuery,
  options?: RequestOptions,
): AsyncGenerator<TicketPage> {
  const cap = q.pageCap ?? 300;
  const perPage = q.perPage ?? 100;
  const maxPages = q.maxPages ?? 10_000;
  const movable = (q.orderBy ?? 'updated_at') === 'updated_at' && (q.orderType ?? 'asc') === 'asc';
  let since = toIsoSecond(q.updatedSince ?? new Date(transport.now() - 30 * DAY_MS));
  const emitted = new Set<number>();
  let page = 1;
  let lastUpdatedAt: string | undefined;
  for (let fetched = 0; fetched < maxPages; fetched += 1) {
    const result = await fetchTicketPage(transport, { ...q, updatedSince: since }, page, options);
    const fresh = result.tickets.filter((t) => !emitted.has(t.id));
    for (const t of fresh) emitted.add(t.id);
    if (result.tickets.length > 0) lastUpdatedAt = result.tickets[result.tickets.length - 1]?.updated_at;
    yield { ...result, tickets: fresh };
    if (result.tickets.length < perPage) return;
    if (page < cap) {
      if (!result.hasNext) return;
      page += 1;
      continue;
    }
    // Freshdesk sends no Link on page 300 even when more tickets exist (docs/freshdesk.md#pages-and-the-300-page-cap): a full last page
    // means "maybe more", so move the window and look.
    if (!movable || lastUpdatedAt === undefined) {
      throw new FreshdeskError(
        { method: 'GET', path: '/tickets' },
        `reached the ${cap}-page cap; order by updated_at asc to read further`,
      );
    }
    const next = toIsoSecond(lastUpdatedAt);
    if (next === since) {
      // A whole window of tickets shares one updated_at second: moving on would loop forever.
      throw new FreshdeskError(
        { method: 'GET', path: '/tickets' },
        `more than ${cap * perPage} tickets share updated_at ${since}; cannot page past the cap`,
      );
    }
    since = next;
    page = 1;
  }
}

export async function* iterateTickets(
  transport: Transport,
  q: TicketQuery,
  options?: RequestOptions,
): AsyncGenerator<Ticket> {
  for await (const page of iterateTicketPages(transport, q, options)) yield* page.tickets;
}
