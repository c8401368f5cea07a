/**
 * For `npm start -- --webhooks`: the cycle table only covers cron runs, so a ticket triaged through
 * the webhook is shown as it happens, with one line when fetch-tickets accepts the webhook and one
 * when update-ticket has decided each of its tickets.
 */
import type { Exchange } from './router';
import { readFetch, readUpdate } from './answers';

const pct = (c: unknown): string => (typeof c === 'number' ? `${Math.round(c * 100)}%` : '?');

export class WebhookEcho {
  private readonly waiting = new Set<number>();

  constructor(private readonly say: (line: string) => void) {}

  see(e: Exchange): void {
    if (e.name === 'fetch-tickets') {
      const fetched = readFetch(e.responseBody);
      if (fetched.trigger !== 'webhook' || !fetched.accepted) return;
      for (const id of fetched.accepted) this.waiting.add(id);
      this.say(`webhook: ticket ${fetched.accepted.join(', ')} queued for triage`);
      return;
    }
    if (e.name !== 'update-ticket') return;
    const body = readUpdate(e.responseBody);
    if (body.ticketId === undefined || !this.waiting.has(body.ticketId)) return;
    this.waiting.delete(body.ticketId);
    const heads = Object.entries(body.heads ?? {})
      .map(([head, h]) => `${head} ${String(h.label)} ${pct(h.confidence)} ${String(h.action)}`)
      .join(', ');
    this.say(
      `webhook: ticket ${body.ticketId} ${String(body.outcome ?? `failed (${e.status})`)}${heads ? `: ${heads}` : ''}`,
    );
  }
}
