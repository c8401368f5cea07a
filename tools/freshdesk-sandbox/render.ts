/**
 * Wire shapes: stored records → what Freshdesk sends. Every key is present, `null` when unset,
 * and every custom field appears in `custom_fields` (docs/freshdesk.md#the-ticket).
 */
import { CUSTOM_FIELDS, EMAIL_CONFIG_ID } from './account';
import type { StoredNote, StoredTicket } from './model';
import type { SandboxStore } from './store';

export interface RenderOptions {
  /** Lists omit `description` unless `include=description` (accounts created after 2018-11-30, docs/freshdesk.md#the-ticket). */
  description: boolean;
  /** View and update responses carry `attachments` (docs/freshdesk.md#viewing-a-ticket). */
  attachments: boolean;
  includes?: string[];
}

export function renderTicket(store: SandboxStore, t: StoredTicket, opts: RenderOptions): Record<string, unknown> {
  const custom: Record<string, unknown> = {};
  for (const f of CUSTOM_FIELDS) custom[f.name] = t.custom_fields[f.name] ?? null;
  for (const [k, v] of Object.entries(t.custom_fields)) if (!(k in custom)) custom[k] = v;
  const out: Record<string, unknown> = {
    id: t.id,
    subject: t.subject,
    status: t.status,
    priority: t.priority,
    source: t.source,
    type: t.type,
    requester_id: t.requester_id,
    responder_id: t.responder_id,
    group_id: t.group_id,
    company_id: t.company_id,
    product_id: t.product_id,
    email_config_id: t.email_config_id ?? EMAIL_CONFIG_ID,
    tags: [...t.tags],
    custom_fields: custom,
    cc_emails: [],
    fwd_emails: [],
    reply_cc_emails: [],
    ticket_cc_emails: [],
    to_emails: null,
    support_email: null,
    spam: t.spam,
    fr_escalated: false,
    is_escalated: false,
    nr_escalated: false,
    due_by: t.due_by,
    fr_due_by: t.fr_due_by,
    nr_due_by: null,
    created_at: t.created_at,
    updated_at: t.updated_at,
    association_type: null,
    associated_tickets_count: null,
    sentiment_score: null,
    initial_sentiment_score: null,
    form_id: null,
  };
  if (t.deleted) out.deleted = true;
  if (opts.description) {
    out.description = t.description;
    out.description_text = t.description_text;
  }
  if (opts.attachments) out.attachments = [];
  for (const inc of opts.includes ?? []) {
    if (inc === 'requester') out.requester = renderRequester(store, t.requester_id);
    if (inc === 'company') out.company = renderCompany(store, t.company_id);
    if (inc === 'stats') out.stats = { ...t.stats };
    if (inc === 'conversations') out.conversations = store.notes(t.id).slice(0, 10).map(renderConversation);
    if (inc === 'description' && !opts.description) {
      out.description = t.description;
      out.description_text = t.description_text;
    }
  }
  return out;
}

function renderRequester(store: SandboxStore, id: number): Record<string, unknown> {
  const c = store.contact(id);
  return { id, name: c?.name ?? null, email: c?.email ?? null, mobile: c?.mobile ?? null, phone: c?.phone ?? null };
}

function renderCompany(store: SandboxStore, id: number | null): Record<string, unknown> {
  const c = store.state.companies.find((x) => x.id === id);
  return c ? { id: c.id, name: c.name } : {};
}

/** The 201 body of `POST /tickets/{id}/notes` (docs/freshdesk.md#notes-and-conversations). */
export function renderNote(n: StoredNote): Record<string, unknown> {
  return {
    id: n.id,
    ticket_id: n.ticket_id,
    user_id: n.user_id,
    body: n.body,
    body_text: n.body_text,
    private: n.private,
    incoming: n.incoming,
    support_email: null,
    notified_to: [...n.notified_to],
    attachments: [],
    created_at: n.created_at,
    updated_at: n.updated_at,
  };
}

/** A note as a conversation entry: `source` 2 is "note" (docs/freshdesk.md#notes-and-conversations). */
export function renderConversation(n: StoredNote): Record<string, unknown> {
  return {
    ...renderNote(n),
    source: 2,
    category: 2,
    from_email: null,
    to_emails: [],
    cc_emails: [],
    bcc_emails: null,
    source_additional_info: null,
    auto_response: false,
  };
}
