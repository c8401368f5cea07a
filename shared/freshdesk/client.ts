/**
 * `FreshdeskClient`: the typed Freshdesk API v2 client. The method names are the camelCase of the
 * seed design's ticket-system service (`find_tickets`, `find_first_ticket`, `update_ticket`).
 *
 *   const fd = new FreshdeskClient({ domain: 'acme', apiKey });
 *   for await (const t of fd.findTickets({ updatedSince: '2026-01-01' })) console.log(t.id);
 *   await fd.updateTicket(42, { priority: 3 }); await fd.close();
 */
import { inspect } from 'node:util';
import { z } from 'zod';
import { InvalidRequestError, NotFoundError } from './errors';
import { checkPositiveInt, type FreshdeskClientOptions, type RequestOptions } from './options';
import { NoteInput, TicketPatch } from './patch';
import {
  Agent,
  Conversation,
  Group,
  SearchResult,
  Ticket,
  TicketField,
  type SearchResult as SearchResultT,
} from './schemas';
import { quoteQuery, type SearchExpr } from './search-query';
import { iterateTicketsKeyset } from './keyset';
import { fetchTicketPage, iterateTicketPages, iterateTickets, type TicketPage, type TicketQuery } from './ticket-list';
import { Transport } from './transport';

export type ViewInclude = 'conversations' | 'requester' | 'company' | 'stats';

/** An async iterable of tickets with page-level access. */
export interface TicketStream extends AsyncIterable<Ticket> {
  pages(): AsyncIterable<TicketPage>;
  page(n: number): Promise<TicketPage>;
}

export class FreshdeskClient {
  readonly #t: Transport;

  constructor(options: FreshdeskClientOptions) {
    this.#t = new Transport(options);
  }

  get baseUrl(): string {
    return this.#t.baseUrl.toString();
  }

  /** Tickets across pages and past the 300-page cap (ordered by updated_at asc by default). */
  findTickets(query: TicketQuery = {}, options?: RequestOptions): TicketStream {
    const t = this.#t;
    return {
      [Symbol.asyncIterator]: () =>
        query.paging === 'keyset' ? iterateTicketsKeyset(t, query, options) : iterateTickets(t, query, options),
      pages: () => ({ [Symbol.asyncIterator]: () => iterateTicketPages(t, query, options) }),
      page: (n: number) =>
        fetchTicketPage(t, query, checkPositiveInt({ method: 'GET', path: '/tickets' }, 'page', n), options),
    };
  }

  /** The first ticket of a query, or undefined. Reads one page of one ticket. */
  async findFirstTicket(query: TicketQuery = {}, options?: RequestOptions): Promise<Ticket | undefined> {
    const page = await fetchTicketPage(this.#t, { ...query, perPage: 1 }, 1, options);
    return page.tickets[0];
  }

  async getTicket(id: number, opts: { include?: ViewInclude[] } & RequestOptions = {}): Promise<Ticket> {
    const path = `/tickets/${checkPositiveInt({ method: 'GET', path: '/tickets/{id}' }, 'ticket id', id)}`;
    const { include, ...options } = opts;
    const query = new URLSearchParams();
    if (include && include.length > 0) query.set('include', include.join(','));
    const res = await this.#t.request({ method: 'GET', path, query, schema: Ticket, schemaName: 'Ticket', options });
    return res.data;
  }

  /** Partial update with writable fields only; the patch is validated before anything is sent. */
  async updateTicket(id: number, patch: TicketPatch, options?: RequestOptions): Promise<Ticket> {
    const path = `/tickets/${checkPositiveInt({ method: 'PUT', path: '/tickets/{id}' }, 'ticket id', id)}`;
    const body = parseInput(TicketPatch, patch, { method: 'PUT', path });
    if (Object.keys(body).length === 0) throw new InvalidRequestError({ method: 'PUT', path }, 'the patch is empty');
    const res = await this.#t.request({
      method: 'PUT',
      path,
      body,
      schema: Ticket,
      schemaName: 'Ticket',
      ...(options ? { options } : {}),
    });
    return res.data;
  }

  /**
   * Adds a (private by default) note. Not retried after a timeout or a broken connection: the
   * note may exist already. To stay at one note per ticket, put a unique marker in the body and
   * look for it in `getTicket(id, { include: ['conversations'] })` before posting again.
   */
  async addNote(id: number, note: NoteInput, options?: RequestOptions): Promise<Conversation> {
    const path = `/tickets/${checkPositiveInt({ method: 'POST', path: '/tickets/{id}/notes' }, 'ticket id', id)}/notes`;
    const body = parseInput(NoteInput, note, { method: 'POST', path });
    const res = await this.#t.request({
      method: 'POST',
      path,
      body,
      schema: Conversation,
      schemaName: 'Note',
      ...(options ? { options } : {}),
    });
    return res.data;
  }

  /** The agent that owns the API key (`GET /agents/me`): the author of every note this key writes. */
  async getMe(options?: RequestOptions): Promise<Agent> {
    const res = await this.#t.request({
      method: 'GET',
      path: '/agents/me',
      schema: Agent,
      schemaName: 'Agent',
      ...(options ? { options } : {}),
    });
    return res.data;
  }

  /**
   * Every conversation of a ticket, oldest first, across pages (`GET /tickets/{id}/conversations`,
   * 100 per page, following `Link: rel="next"`). `include=conversations` on the view stops at 10.
   */
  async listConversations(id: number, options?: RequestOptions & { maxPages?: number }): Promise<Conversation[]> {
    const path = `/tickets/${checkPositiveInt({ method: 'GET', path: '/tickets/{id}/conversations' }, 'ticket id', id)}/conversations`;
    const { maxPages = 50, ...opts } = options ?? {};
    const all: Conversation[] = [];
    for (let page = 1; page <= maxPages; page += 1) {
      const query = new URLSearchParams({ per_page: '100', page: String(page) });
      const res = await this.#t.request({
        method: 'GET',
        path,
        query,
        schema: z.array(Conversation),
        schemaName: 'Conversation[]',
        options: opts,
      });
      all.push(...res.data);
      if (!/rel="?next"?/.test(res.header('link') ?? '') || res.data.length < 100) return all;
    }
    throw new InvalidRequestError(
      { method: 'GET', path },
      `more than ${maxPages * 100} conversations; refusing to read further`,
    );
  }

  /** Replaces a note's body (`PUT /conversations/{id}`). */
  async updateConversation(id: number, body: string, options?: RequestOptions): Promise<Conversation> {
    const path = `/conversations/${checkPositiveInt({ method: 'PUT', path: '/conversations/{id}' }, 'conversation id', id)}`;
    if (body.trim() === '') throw new InvalidRequestError({ method: 'PUT', path }, 'the note body is empty');
    const res = await this.#t.request({
      method: 'PUT',
      path,
      body: { body },
      schema: Conversation,
      schemaName: 'Conversation',
      ...(options ? { options } : {}),
    });
    return res.data;
  }

  /** Deletes a note or reply (`DELETE /conversations/{id}`); an id that is already gone counts as done. */
  async deleteConversation(id: number, options?: RequestOptions): Promise<void> {
    const path = `/conversations/${checkPositiveInt({ method: 'DELETE', path: '/conversations/{id}' }, 'conversation id', id)}`;
    try {
      await this.#t.request({
        method: 'DELETE',
        path,
        schema: z.unknown(),
        schemaName: 'empty',
        ...(options ? { options } : {}),
      });
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  }

  /**
   * One page (1..10, 30 results each) of `/search/tickets`. Documented client API for scripts
   * (docs: the Freshdesk client); the product lists by `updated_at` with findTickets instead,
   * since search stops at 10 pages. tests/freshdesk/client-sandbox.test.ts shows its use.
   */
  async searchTickets(
    query: SearchExpr | string,
    opts: { page?: number } & RequestOptions = {},
  ): Promise<SearchResultT> {
    const { page = 1, ...options } = opts;
    const facts = { method: 'GET', path: '/search/tickets' };
    if (!Number.isInteger(page) || page < 1 || page > 10)
      throw new InvalidRequestError(facts, `search page must be 1..10 (Freshdesk's cap), got ${page}`);
    const params = new URLSearchParams({ query: quoteQuery(query), page: String(page) });
    const res = await this.#t.request({
      method: 'GET',
      path: '/search/tickets',
      query: params,
      schema: SearchResult,
      schemaName: 'SearchResult',
      options,
    });
    return res.data;
  }

  async listTicketFields(options?: RequestOptions): Promise<TicketField[]> {
    const res = await this.#t.request({
      method: 'GET',
      path: '/ticket_fields',
      schema: z.array(TicketField),
      schemaName: 'TicketField[]',
      ...(options ? { options } : {}),
    });
    return res.data;
  }

  /** All groups (the endpoint is paginated like the other lists, §10). */
  async listGroups(options?: RequestOptions): Promise<Group[]> {
    const all: Group[] = [];
    for (let page = 1; page <= 50; page += 1) {
      const query = new URLSearchParams({ per_page: '100', page: String(page) });
      const res = await this.#t.request({
        method: 'GET',
        path: '/groups',
        query,
        schema: z.array(Group),
        schemaName: 'Group[]',
        ...(options ? { options } : {}),
      });
      all.push(...res.data);
      if (!/rel="?next"?/.test(res.header('link') ?? '') || res.data.length < 100) break;
    }
    return all;
  }

  /** The shared pacing state (to inspect, or to hand to another client of the same account). */
  get rateLimiter() {
    return this.#t.limiter;
  }

  /** Releases the connection pool. */
  close(): Promise<void> {
    return this.#t.close();
  }

  toJSON(): { baseUrl: string } {
    return { baseUrl: this.baseUrl };
  }

  [inspect.custom](): string {
    return `FreshdeskClient { baseUrl: '${this.baseUrl}' }`;
  }
}

function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  facts: { method: string; path: string },
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
    throw new InvalidRequestError(facts, detail);
  }
  return parsed.data;
}
