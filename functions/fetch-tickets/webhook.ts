/**
 * A Freshdesk automation rule's "Trigger webhook" action as a trigger of fetch-tickets. Freshdesk
 * sends either its "Simple" content, `{"freshdesk_webhook": {"ticket_id": 42, ...}}`, or the
 * admin's own template, e.g. `{"ticket_id": "{{ticket.id}}"}` (placeholders arrive as strings).
 * Freshdesk cannot compute an HMAC, so the webhook carries a shared token instead: in a custom
 * header (default `X-Triage-Token`), as a Bearer token, or as the password (or user name) of Basic
 * authentication, compared in constant time with the OpenFaaS secret `triage-webhook-token`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { SECRETS } from '@shared/contract';
import { InputError } from '@shared/http';

const TicketId = z.union([
  z.number().int().positive(),
  z
    .string()
    .trim()
    .regex(/^\d{1,15}$/, 'a ticket id such as 42 or "42"')
    .transform(Number),
]);
/** One id, a list, or a comma-separated string of ids ("12, 13"), at most 100 per call. */
const TicketIds = z.union([
  TicketId.transform((id) => [id]),
  z.array(TicketId).min(1).max(100),
  z
    .string()
    .trim()
    .regex(/^\d{1,15}(\s*,\s*\d{1,15}){1,99}$/, 'comma-separated ticket ids')
    .transform((s) => s.split(',').map((x) => Number(x.trim()))),
]);

/** Placeholders other than the id (subject, status, ...) may come along; they are not used. */
const Simple = z.object({ freshdesk_webhook: z.object({ ticket_id: TicketIds }).loose() }).loose();
const Custom = z
  .object({ ticket_id: TicketIds.optional(), ticket_ids: TicketIds.optional(), dryRun: z.boolean().optional() })
  .loose();

export interface WebhookTrigger {
  ticketIds: number[];
  dryRun: boolean;
}

/** The trigger a body asks for, or undefined when the body is not a webhook (cron or manual options). */
export function webhookTrigger(raw: unknown): WebhookTrigger | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  if (!('freshdesk_webhook' in raw) && !('ticket_id' in raw) && !('ticket_ids' in raw)) return undefined;
  const simple = Simple.safeParse(raw);
  if (simple.success) return { ticketIds: [...new Set(simple.data.freshdesk_webhook.ticket_id)], dryRun: false };
  const custom = Custom.safeParse(raw);
  if (!custom.success) throw InputError.fromZod('webhook body', custom.error);
  const ids = [...(custom.data.ticket_id ?? []), ...(custom.data.ticket_ids ?? [])];
  if (ids.length === 0)
    throw new InputError(
      'webhook body: ticket_id is empty (in the Freshdesk rule, use {"ticket_id": "{{ticket.id}}"})',
    );
  return { ticketIds: [...new Set(ids)], dryRun: custom.data.dryRun ?? false };
}

export interface WebhookAuth {
  /** The shared token, or undefined when the webhook trigger is not set up. */
  token: string | undefined;
  /** Lower-case header name that carries the token. */
  header: string;
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** Candidate tokens a request presents: the custom header, Bearer, and both halves of Basic. */
function presented(headers: Record<string, string | string[] | undefined>, header: string): string[] {
  const out: string[] = [];
  const custom = first(headers[header])?.trim();
  if (custom) out.push(custom);
  const auth = first(headers.authorization)?.trim() ?? '';
  const bearer = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
  if (bearer) out.push(bearer.trim());
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(auth)?.[1];
  if (basic) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    // Freshdesk's "API key" authentication sends key:X; a user name and password send user:password.
    if (colon >= 0) out.push(decoded.slice(colon + 1), decoded.slice(0, colon));
  }
  return out.filter((t) => t !== '');
}

/** Equal-length digests, so the comparison takes the same time whatever the token's length. */
function sameToken(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** Throws a 403 (not set up, wrong token) or 401 (no token) InputError; never echoes a token. */
export function authenticateWebhook(headers: Record<string, string | string[] | undefined>, auth: WebhookAuth): void {
  if (!auth.token) {
    throw new InputError(
      `webhook trigger is not set up: create the OpenFaaS secret ${SECRETS.webhookToken.name} and send it from the Freshdesk rule (docs/webhooks.md)`,
      403,
    );
  }
  const given = presented(headers, auth.header);
  if (given.length === 0)
    throw new InputError(
      `webhook refused: no token (send it in the ${auth.header} header, as a Bearer token or as the Basic auth password)`,
      401,
    );
  // Check every candidate, without stopping early, so timing says nothing about which one matched.
  let ok = false;
  for (const g of given) ok = sameToken(g, auth.token) || ok;
  if (!ok) throw new InputError('webhook refused: wrong token', 403);
}

/** Whether the request carries the right webhook token (so its body may be parsed unsigned). */
export function hasValidWebhookToken(
  headers: Record<string, string | string[] | undefined>,
  auth: WebhookAuth,
): boolean {
  if (!auth.token) return false;
  let ok = false;
  for (const g of presented(headers, auth.header)) ok = sameToken(g, auth.token) || ok;
  return ok;
}

/** Whether the request presents any token (custom header, Bearer or Basic), right or wrong. */
export function presentsWebhookToken(
  headers: Record<string, string | string[] | undefined>,
  auth: WebhookAuth,
): boolean {
  return presented(headers, auth.header).length > 0;
}
