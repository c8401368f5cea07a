/**
 * The sandbox's imitation of a Freshdesk automation rule with a "Trigger webhook" action: when a
 * ticket is created (and, if configured, updated by someone other than the API key's agent), it
 * POSTs the configured body with the configured headers to one URL.
 *
 * Behaviour on failure, as Freshdesk documents it (support article "Receiving webhook failure
 * emails"): a failed call (no 2xx answer, a connection error or a timeout) is retried 5, 30 and
 * 60 minutes after the previous attempt; after the third retry fails the account admins get an
 * e-mail, which the sandbox records as `gave-up`. The delays are configurable so tests and
 * benchmarks with a short rate-limit "minute" need not wait an hour. Each call waits at most
 * `timeoutMs` (the sandbox's choice: 10 s; Freshdesk does not publish its own). Deliveries are
 * fire-and-forget after the API answer that caused them, as in Freshdesk, where rules run after
 * the ticket is saved.
 */
import { z } from 'zod';
import type { ChangeSource, StoredTicket } from './model';

/** Freshdesk's retry schedule after a failed webhook call, in ms. */
const FRESHDESK_RETRY_DELAYS_MS = [5 * 60_000, 30 * 60_000, 60 * 60_000];

export const WebhookConfig = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  /** Custom headers, e.g. `{"X-Triage-Token": "..."}` (Freshdesk's "Add custom headers"). */
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,64}$/), z.string().max(1024)).default({}),
  /**
   * `simple`: Freshdesk's "Simple" content, `{"freshdesk_webhook": {...ticket placeholders}}`.
   * Anything else is an "Advanced" JSON template with `{{ticket.id}}`-style placeholders.
   */
  body: z.string().min(1).max(8192).default('simple'),
  /** Which rules fire: on ticket creation, and on updates performed by an agent (not the API key). */
  events: z
    .array(z.enum(['ticket_created', 'ticket_updated']))
    .min(1)
    .default(['ticket_created']),
  timeoutMs: z.number().int().min(10).max(120_000).default(10_000),
  retryDelaysMs: z
    .array(
      z
        .number()
        .int()
        .min(0)
        .max(24 * 3_600_000),
    )
    .max(10)
    .default(FRESHDESK_RETRY_DELAYS_MS),
});
export type WebhookConfig = z.output<typeof WebhookConfig>;
export type WebhookConfigInput = z.input<typeof WebhookConfig>;

export interface Delivery {
  ticketId: number;
  event: 'ticket_created' | 'ticket_updated';
  attempt: number;
  at: string;
  /** HTTP status, or undefined when the call failed before an answer. */
  status?: number;
  error?: string;
  outcome: 'delivered' | 'retry-scheduled' | 'gave-up';
}

const DELIVERY_LOG_CAP = 10_000;

/** Placeholder values of a ticket as Freshdesk renders them into a webhook body. */
function placeholders(t: StoredTicket, event: string, portalUrl: string): Record<string, string | number> {
  return {
    'ticket.id': t.id,
    'ticket.subject': t.subject,
    'ticket.description': t.description_text,
    'ticket.status': t.status,
    'ticket.priority': t.priority,
    'ticket.ticket_type': t.type ?? '',
    'ticket.group_id': t.group_id ?? '',
    'ticket.tags': t.tags.join(','),
    'ticket.url': `${portalUrl}/a/tickets/${t.id}`,
    triggered_event: event,
  };
}

/** Renders a template: inside the JSON text a placeholder stands for its JSON-escaped value. */
function renderBody(config: WebhookConfig, t: StoredTicket, event: string, portalUrl: string): string {
  const values = placeholders(t, event, portalUrl);
  if (config.body === 'simple') {
    const simple: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(values)) simple[k.replace(/^ticket\./, 'ticket_')] = v;
    return JSON.stringify({ freshdesk_webhook: simple });
  }
  return config.body.replace(/\{\{\s*([a-z_.]+)\s*\}\}/g, (whole, name: string) => {
    const v = values[name];
    return v === undefined ? whole : JSON.stringify(String(v)).slice(1, -1);
  });
}

export class Webhooks {
  private config: WebhookConfig | undefined;
  private readonly log: Delivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();

  constructor(
    private readonly portalUrl: () => string,
    private readonly now: () => number = Date.now,
  ) {}

  set(input: WebhookConfigInput | undefined): WebhookConfig | undefined {
    this.config = input === undefined ? undefined : WebhookConfig.parse(input);
    return this.config;
  }

  /** The configuration with header values masked: they usually carry a token. */
  describe(): {
    config: (Omit<WebhookConfig, 'headers'> & { headers: Record<string, string> }) | null;
    deliveries: number;
  } {
    const c = this.config;
    return {
      config: c ? { ...c, headers: Object.fromEntries(Object.keys(c.headers).map((k) => [k, '***'])) } : null,
      deliveries: this.log.length,
    };
  }

  deliveries(): Delivery[] {
    return [...this.log];
  }

  /**
   * Called by the store for every created ticket and every change; decides whether a rule fires.
   * Creation fires for tickets that arrive through the API (`POST /tickets`: a requester's new
   * ticket), not for seeded ones. An update fires only for an agent's change: a rule "performed by:
   * agent" is how a Freshdesk admin keeps the integration's own API writes from triggering it again.
   */
  onTicketEvent(kind: 'created' | 'updated', ticket: StoredTicket, source: ChangeSource): void {
    const c = this.config;
    if (!c) return;
    const event = kind === 'created' ? 'ticket_created' : 'ticket_updated';
    if (!c.events.includes(event) || source !== (kind === 'created' ? 'api' : 'agent')) return;
    // Rendered on the next turn: a created ticket is complete (seed fields, first history) by then.
    setImmediate(() => void this.attempt(c, ticket.id, event, renderBody(c, ticket, event, this.portalUrl()), 0));
  }

  private async attempt(
    c: WebhookConfig,
    ticketId: number,
    event: Delivery['event'],
    body: string,
    attempt: number,
  ): Promise<void> {
    const abort = new AbortController();
    this.inFlight.add(abort);
    const timer = setTimeout(() => abort.abort(new Error(`no answer within ${c.timeoutMs} ms`)), c.timeoutMs);
    let status: number | undefined;
    let error: string | undefined;
    try {
      const res = await fetch(c.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Freshdesk-Sandbox-Webhook', ...c.headers },
        body,
        signal: abort.signal,
      });
      status = res.status;
      await res.arrayBuffer();
    } catch (err) {
      error = abort.signal.aborted
        ? String((abort.signal.reason as Error)?.message ?? 'aborted')
        : (err as Error).message;
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(abort);
    }
    const ok = status !== undefined && status >= 200 && status < 300;
    const delay = c.retryDelaysMs[attempt];
    const outcome: Delivery['outcome'] = ok ? 'delivered' : delay === undefined ? 'gave-up' : 'retry-scheduled';
    this.record({
      ticketId,
      event,
      attempt: attempt + 1,
      at: new Date(this.now()).toISOString(),
      ...(status !== undefined ? { status } : {}),
      ...(error ? { error } : {}),
      outcome,
    });
    if (outcome !== 'retry-scheduled' || this.config !== c) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      void this.attempt(c, ticketId, event, body, attempt + 1);
    }, delay);
    this.timers.add(t);
  }

  private record(d: Delivery): void {
    this.log.push(d);
    if (this.log.length > DELIVERY_LOG_CAP) this.log.splice(0, this.log.length - DELIVERY_LOG_CAP);
  }

  /** Stops pending retries and aborts calls in flight (sandbox shutdown). */
  close(): void {
    this.config = undefined;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const a of this.inFlight) a.abort(new Error('sandbox closed'));
  }
}
