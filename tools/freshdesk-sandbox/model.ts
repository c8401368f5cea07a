/**
 * Shapes the sandbox keeps in memory (and in its persistence file). Zod schemas are the source of
 * truth; the types carry the same names. These are the sandbox's own shapes: the wire shapes are
 * built from them in `render.ts` (Freshdesk sends every key, `null` when unset, docs/freshdesk.md#the-ticket).
 */
import { z } from 'zod';

/** Who changed a ticket: the API (the pipeline), a person in the help desk, or the seed. */
export const ChangeSource = z.enum(['api', 'agent', 'seed', 'admin']);
export type ChangeSource = z.infer<typeof ChangeSource>;

export const HistoryEntry = z.object({
  at: z.string(),
  source: ChangeSource,
  /** Agent id for source `agent`; the API key's agent for `api`. */
  actorId: z.number().nullable(),
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const StoredNote = z.object({
  id: z.number(),
  ticket_id: z.number(),
  user_id: z.number(),
  body: z.string(),
  body_text: z.string(),
  private: z.boolean(),
  incoming: z.boolean(),
  notified_to: z.array(z.string()),
  created_at: z.string(),
  updated_at: z.string(),
});
export type StoredNote = z.infer<typeof StoredNote>;

export const StoredTicket = z.object({
  id: z.number(),
  subject: z.string(),
  description: z.string(),
  description_text: z.string(),
  status: z.number(),
  priority: z.number(),
  source: z.number(),
  type: z.string().nullable(),
  requester_id: z.number(),
  responder_id: z.number().nullable(),
  group_id: z.number().nullable(),
  company_id: z.number().nullable(),
  product_id: z.number().nullable(),
  email_config_id: z.number().nullable(),
  tags: z.array(z.string()),
  custom_fields: z.record(z.string(), z.unknown()),
  spam: z.boolean(),
  deleted: z.boolean(),
  due_by: z.string(),
  fr_due_by: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  /** Sandbox-only: the labels a person would pick (demo/generated data), for demos and benchmarks. */
  expected: z.object({ queue: z.string(), type: z.string(), priority: z.number() }).partial().optional(),
  /** Agent ids watching the ticket (for `filter=watching`). */
  watchers: z.array(z.number()),
  stats: z.object({
    agent_responded_at: z.string().nullable(),
    requester_responded_at: z.string().nullable(),
    first_responded_at: z.string().nullable(),
    status_updated_at: z.string().nullable(),
    reopened_at: z.string().nullable(),
    resolved_at: z.string().nullable(),
    closed_at: z.string().nullable(),
    pending_since: z.string().nullable(),
  }),
});
export type StoredTicket = z.infer<typeof StoredTicket>;

export const StoredGroup = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string().nullable(),
  escalate_to: z.number().nullable(),
  unassigned_for: z.string().nullable(),
  business_hour_id: z.number().nullable(),
  group_type: z.string(),
  auto_ticket_assign: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type StoredGroup = z.infer<typeof StoredGroup>;

export const Agent = z.object({ id: z.number(), name: z.string(), email: z.string() });
export type Agent = z.infer<typeof Agent>;

const Contact = z.object({
  id: z.number(),
  name: z.string(),
  email: z.string(),
  mobile: z.string().nullable(),
  phone: z.string().nullable(),
  company_id: z.number().nullable(),
});

const Company = z.object({ id: z.number(), name: z.string() });

/**
 * A ticket as a person or test hands it to the seed loader: only `subject` is required, the rest
 * gets plausible defaults. Times are either absolute ISO strings or ages relative to the sandbox
 * clock (`createdMinutesAgo`), so demo data stays inside Freshdesk's 30-day list window (docs/freshdesk.md#the-30-day-window).
 */
export const TicketSeed = z.object({
  id: z.number().int().positive().optional(),
  subject: z.string(),
  description: z.string().optional(),
  status: z.number().int().optional(),
  priority: z.number().int().min(1).max(4).optional(),
  source: z.number().int().optional(),
  type: z.string().nullable().optional(),
  /** Group by id or by name (`group`), name wins if both are given. */
  group_id: z.number().nullable().optional(),
  group: z.string().optional(),
  responder_id: z.number().nullable().optional(),
  requester: z.object({ name: z.string(), email: z.string() }).optional(),
  requester_id: z.number().optional(),
  tags: z.array(z.string()).optional(),
  custom_fields: z.record(z.string(), z.unknown()).optional(),
  spam: z.boolean().optional(),
  deleted: z.boolean().optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
  createdMinutesAgo: z.number().nonnegative().optional(),
  updatedMinutesAgo: z.number().nonnegative().optional(),
  /** Notes to attach (e.g. an agent's earlier triage). */
  notes: z.array(z.object({ body: z.string(), private: z.boolean().optional() })).optional(),
  expected: z.object({ queue: z.string(), type: z.string(), priority: z.number() }).partial().optional(),
  watchers: z.array(z.number()).optional(),
  /** Marks a demo ticket as already handled by a person: recorded as an agent change. */
  triagedByAgent: z.boolean().optional(),
});
export type TicketSeed = z.infer<typeof TicketSeed>;

export const SandboxState = z.object({
  version: z.literal(1),
  nextTicketId: z.number(),
  nextNoteId: z.number(),
  tickets: z.array(StoredTicket),
  notes: z.array(StoredNote),
  history: z.record(z.string(), z.array(HistoryEntry)),
  groups: z.array(StoredGroup),
  agents: z.array(Agent),
  contacts: z.array(Contact),
  companies: z.array(Company),
  suspended: z.boolean(),
});
export type SandboxState = z.infer<typeof SandboxState>;
