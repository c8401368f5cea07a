/**
 * `choices` of `/ticket_fields` has a different shape per field type (freshdesk-api.md §9.2).
 * `parseChoices` turns each into one tagged union, and `summarizeFields` gives what a triage
 * pipeline needs: the ticket types, priorities, statuses, groups, agents and custom dropdowns.
 */
import type { TicketField } from './schemas';

/** @public the Freshdesk client's documented API (docs: the Freshdesk client) */
export type ParsedChoices =
  | { kind: 'none' }
  /** ticket_type and custom dropdowns: the allowed strings. */
  | { kind: 'list'; values: string[] }
  /** priority, source (label -> int), group, agent (name -> id). */
  | { kind: 'map'; byLabel: Record<string, number> }
  /** status: id -> [agent label, customer label]. */
  | { kind: 'status'; byId: Record<number, { agent: string; customer: string }> }
  /** nested_field: the raw tree (levels of objects ending in string arrays). */
  | { kind: 'nested'; tree: Record<string, unknown> }
  | { kind: 'unknown'; raw: unknown };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** @public the Freshdesk client's documented API (docs: the Freshdesk client) */
export function parseChoices(field: TicketField): ParsedChoices {
  const c = field.choices;
  if (c === undefined || c === null) return { kind: 'none' };
  if (Array.isArray(c)) {
    return c.every((v) => typeof v === 'string')
      ? { kind: 'list', values: c as string[] }
      : { kind: 'unknown', raw: c };
  }
  if (!isRecord(c)) return { kind: 'unknown', raw: c };
  if (field.type === 'nested_field') return { kind: 'nested', tree: c };
  const entries = Object.entries(c);
  if (field.type === 'default_status' || entries.every(([k, v]) => /^\d+$/.test(k) && Array.isArray(v))) {
    const byId: Record<number, { agent: string; customer: string }> = {};
    for (const [k, v] of entries) {
      const labels = Array.isArray(v) ? v.map(String) : [String(v)];
      byId[Number(k)] = { agent: labels[0] ?? '', customer: labels[1] ?? labels[0] ?? '' };
    }
    return { kind: 'status', byId };
  }
  if (entries.every(([, v]) => typeof v === 'number'))
    return { kind: 'map', byLabel: Object.fromEntries(entries) as Record<string, number> };
  return { kind: 'unknown', raw: c };
}

export interface FieldSummary {
  types: string[];
  priorities: Record<string, number>;
  sources: Record<string, number>;
  statuses: Record<number, { agent: string; customer: string }>;
  groups: Record<string, number>;
  agents: Record<string, number>;
  /** Custom dropdowns by field name (`cf_...`). */
  dropdowns: Record<string, string[]>;
  /** Every custom field name with its type. */
  custom: Record<string, string>;
}

export function summarizeFields(fields: TicketField[]): FieldSummary {
  const s: FieldSummary = {
    types: [],
    priorities: {},
    sources: {},
    statuses: {},
    groups: {},
    agents: {},
    dropdowns: {},
    custom: {},
  };
  for (const f of fields) {
    const ch = parseChoices(f);
    if (f.type === 'default_ticket_type' && ch.kind === 'list') s.types = ch.values;
    else if (f.type === 'default_priority' && ch.kind === 'map') s.priorities = ch.byLabel;
    else if (f.type === 'default_source' && ch.kind === 'map') s.sources = ch.byLabel;
    else if (f.type === 'default_status' && ch.kind === 'status') s.statuses = ch.byId;
    else if (f.type === 'default_group' && ch.kind === 'map') s.groups = ch.byLabel;
    else if (f.type === 'default_agent' && ch.kind === 'map') s.agents = ch.byLabel;
    if (!f.type.startsWith('default_')) {
      s.custom[f.name] = f.type;
      if (f.type === 'custom_dropdown' && ch.kind === 'list') s.dropdowns[f.name] = ch.values;
    }
  }
  return s;
}
