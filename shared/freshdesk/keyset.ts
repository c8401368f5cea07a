/**
 * `GET /tickets` without page shifting: keyset paging on `updated_at` (then id). Every request
 * asks for page 1 of `updated_since=<cursor>` ordered by `updated_at` ascending; the cursor moves
 * to the last `updated_at` seen. A ticket updated while we list (by this pipeline, an agent, any
 * integration) moves to the END of the order, where the walk still finds it, instead of shifting
 * an unseen ticket onto a page already read, as page numbers do. Ids already emitted are skipped
 * (the window is inclusive). When a whole page shares the cursor's second, the next page number of
 * the same cursor is read, so a burst of same-second updates cannot stall the walk; inside such a
 * block page numbers can shift again, so the walk then reads on once more from that block's start
 * (at most `REPASSES` times, only while it finds tickets it had not seen).
 */
import { FreshdeskError } from './errors';
import type { RequestOptions } from './options';
import type { Ticket } from './schemas';
import { fetchTicketPage, toIsoSecond, type TicketQuery } from './ticket-list';
import type { Transport } from './transport';

const CAP = 300;
const REPASSES = 3;

export async function* iterateTicketsKeyset(
  transport: Transport,
  q: TicketQuery,
  options?: RequestOptions,
): AsyncGenerator<Ticket> {
  const perPage = q.perPage ?? 100;
  const maxPages = q.maxPages ?? 10_000;
  let cursor = toIsoSecond(q.updatedSince ?? new Date(transport.now() - 30 * 86_400_000));
  const emitted = new Set<number>();
  let page = 1;
  /** The earliest second whose block needed page numbers in this pass, and whether this pass found anything new. */
  let shiftable: string | undefined;
  let foundNew = false;
  let passes = 0;
  for (let fetched = 0; fetched < maxPages; fetched += 1) {
    const result = await fetchTicketPage(
      transport,
      { ...q, orderBy: 'updated_at', orderType: 'asc', updatedSince: cursor },
      page,
      options,
    );
    for (const t of result.tickets) {
      if (emitted.has(t.id)) continue;
      emitted.add(t.id);
      foundNew = true;
      yield t;
    }
    if (result.tickets.length < perPage) {
      if (shiftable === undefined || passes >= REPASSES || (passes > 0 && !foundNew)) return;
      // Read on once more from the start of the block where page numbers were used.
      cursor = shiftable;
      shiftable = undefined;
      foundNew = false;
      passes += 1;
      page = 1;
      continue;
    }
    const last = toIsoSecond(result.tickets[result.tickets.length - 1]!.updated_at);
    if (last !== cursor) {
      cursor = last;
      page = 1;
      continue;
    }
    // The whole page shares the cursor's second: read on within it.
    if (page >= CAP)
      throw new FreshdeskError(
        { method: 'GET', path: '/tickets' },
        `more than ${CAP * perPage} tickets share updated_at ${cursor}`,
      );
    shiftable ??= cursor;
    page += 1;
  }
}
