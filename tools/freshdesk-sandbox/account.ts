/**
 * The sandbox account's fixed configuration: ticket field definitions, status/priority/source
 * choices, the groups (named after the default model's queues), agents and the custom fields.
 * Ids are deliberately above 2^31 like real Freshdesk ids (docs/freshdesk.md#data-formats).
 */
import type { Agent, StoredGroup } from './model';

/** The default model's 10 queues; one group per queue, named exactly like the queue. */
export const QUEUES = [
  'Technical Support',
  'Product Support',
  'Customer Service',
  'IT Support',
  'Billing and Payments',
  'Returns and Exchanges',
  'Service Outages and Maintenance',
  'Sales and Pre-Sales',
  'Human Resources',
  'General Inquiry',
] as const;

export const TICKET_TYPES = ['Question', 'Incident', 'Problem', 'Request', 'Change', 'Feature Request', 'Refund'];

/** Status id → [agent label, customer label], custom statuses 6 and 7 included (docs/freshdesk.md#enumerations, docs/freshdesk.md#ticket-fields). */
const STATUS_CHOICES: Record<string, [string, string]> = {
  '2': ['Open', 'Being Processed'],
  '3': ['Pending', 'Awaiting your Reply'],
  '4': ['Resolved', 'This ticket has been Resolved'],
  '5': ['Closed', 'This ticket has been Closed'],
  '6': ['Waiting on Customer', 'Awaiting your Reply'],
  '7': ['Waiting on Third Party', 'Being Processed'],
};
export const STATUS_IDS = Object.keys(STATUS_CHOICES).map(Number);
const PRIORITY_CHOICES: Record<string, number> = { Low: 1, Medium: 2, High: 3, Urgent: 4 };
export const SOURCE_CHOICES: Record<string, number> = {
  Email: 1,
  Portal: 2,
  Phone: 3,
  Forum: 4,
  Twitter: 5,
  Facebook: 6,
  Chat: 7,
  MobiHelp: 8,
  'Feedback Widget': 9,
  'Outbound Email': 10,
  Ecommerce: 11,
  Bot: 12,
  Whatsapp: 13,
};

type CustomFieldType = 'custom_dropdown' | 'custom_text' | 'custom_checkbox' | 'custom_number' | 'custom_date';
export interface CustomFieldDef {
  name: string;
  label: string;
  type: CustomFieldType;
  choices?: string[];
}

/** Custom fields; `cf_category` is a dropdown, `cf_ai_confidence` a text field the pipeline may write. */
export const CUSTOM_FIELDS: CustomFieldDef[] = [
  {
    name: 'cf_category',
    label: 'Category',
    type: 'custom_dropdown',
    choices: ['Billing issue', 'Login', 'Bug', 'How-to', 'Shipping', 'Account', 'Hardware', 'Outage', 'Other'],
  },
  { name: 'cf_ai_confidence', label: 'AI confidence', type: 'custom_text' },
  { name: 'cf_is_vip', label: 'Is VIP', type: 'custom_checkbox' },
  { name: 'cf_order_number', label: 'Order number', type: 'custom_number' },
  { name: 'cf_contract_end', label: 'Contract end', type: 'custom_date' },
  // A UI-created name with the numeric suffix Freshdesk adds on collisions (docs/freshdesk.md#custom-fields): clients must
  // treat names as opaque and resolve them through /ticket_fields.
  { name: 'cf_reference_number761533', label: 'Reference number', type: 'custom_text' },
];

const GROUP_ID_BASE = 103000085300;
export const AGENT_ID_BASE = 103000200000;
export const CONTACT_ID_BASE = 103021764800;
export const PRODUCT_ID = 103000000638;
export const EMAIL_CONFIG_ID = 103000032123;
export const ACCOUNT_CREATED_AT = '2022-03-29T09:49:24Z';

/** A support group of the account, as Freshdesk lists it, for one queue. */
export function queueGroup(id: number, name: string): StoredGroup {
  return {
    id,
    name,
    description: `Tickets for the ${name} queue`,
    escalate_to: null,
    unassigned_for: '30m',
    business_hour_id: null,
    group_type: 'support_agent_group',
    auto_ticket_assign: false,
    created_at: ACCOUNT_CREATED_AT,
    updated_at: ACCOUNT_CREATED_AT,
  };
}

export function defaultGroups(): StoredGroup[] {
  return QUEUES.map((name, i) => queueGroup(GROUP_ID_BASE + i + 1, name));
}

/** The first agent ("me") owns the API key; the others play the people who triage by hand. */
export function defaultAgents(): Agent[] {
  return [
    { id: AGENT_ID_BASE + 1, name: 'API Integration', email: 'api@sandbox.example' },
    { id: AGENT_ID_BASE + 2, name: 'Mira Hoffmann', email: 'mira.hoffmann@sandbox.example' },
    { id: AGENT_ID_BASE + 3, name: 'Daniel Okafor', email: 'daniel.okafor@sandbox.example' },
    { id: AGENT_ID_BASE + 4, name: 'Lena Brandt', email: 'lena.brandt@sandbox.example' },
  ];
}
export const ME_AGENT_ID = AGENT_ID_BASE + 1;

interface FieldOpts {
  id: number;
  name: string;
  label: string;
  type: string;
  position: number;
  choices?: unknown;
  requiredForAgents?: boolean;
}

function field(o: FieldOpts): Record<string, unknown> {
  const f: Record<string, unknown> = {
    id: o.id,
    name: o.name,
    label: o.label,
    description: o.label,
    position: o.position,
    type: o.type,
    default: o.type.startsWith('default_'),
    required_for_closure: false,
    required_for_agents: o.requiredForAgents ?? false,
    customers_can_edit: false,
    label_for_customers: o.label,
    required_for_customers: false,
    displayed_to_customers: false,
    created_at: ACCOUNT_CREATED_AT,
    updated_at: ACCOUNT_CREATED_AT,
  };
  if (o.choices !== undefined) f.choices = o.choices;
  if (o.type === 'default_requester') {
    f.portal_cc = false;
    f.portal_cc_to = 'company';
  }
  return f;
}

/** `GET /ticket_fields`: each `choices` in the shape Freshdesk uses for that field type (docs/freshdesk.md#ticket-fields). */
export function ticketFields(groups: StoredGroup[], agents: Agent[]): Record<string, unknown>[] {
  const base = 84000463000;
  const defs: FieldOpts[] = [
    {
      id: base + 1,
      name: 'requester',
      label: 'Search a requester',
      type: 'default_requester',
      position: 1,
      requiredForAgents: true,
    },
    { id: base + 2, name: 'subject', label: 'Subject', type: 'default_subject', position: 2, requiredForAgents: true },
    {
      id: base + 3,
      name: 'ticket_type',
      label: 'Type',
      type: 'default_ticket_type',
      position: 3,
      choices: TICKET_TYPES,
    },
    { id: base + 4, name: 'source', label: 'Source', type: 'default_source', position: 4, choices: SOURCE_CHOICES },
    {
      id: base + 5,
      name: 'status',
      label: 'Status',
      type: 'default_status',
      position: 5,
      choices: STATUS_CHOICES,
      requiredForAgents: true,
    },
    {
      id: base + 6,
      name: 'priority',
      label: 'Priority',
      type: 'default_priority',
      position: 6,
      choices: PRIORITY_CHOICES,
      requiredForAgents: true,
    },
    {
      id: base + 7,
      name: 'group',
      label: 'Group',
      type: 'default_group',
      position: 7,
      choices: Object.fromEntries(groups.map((g) => [g.name, g.id])),
    },
    {
      id: base + 8,
      name: 'agent',
      label: 'Agent',
      type: 'default_agent',
      position: 8,
      choices: Object.fromEntries(agents.map((a) => [a.name, a.id])),
    },
    { id: base + 9, name: 'description', label: 'Description', type: 'default_description', position: 9 },
  ];
  CUSTOM_FIELDS.forEach((c, i) => {
    defs.push({
      id: base + 20 + i,
      name: c.name,
      label: c.label,
      type: c.type,
      position: 10 + i,
      ...(c.choices ? { choices: c.choices } : {}),
    });
  });
  return defs.map(field);
}
