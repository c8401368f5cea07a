/**
 * The head registry: every classifier head in one place, with what the rest of the code needs to
 * know about it. Which ticket field it writes (or custom field), how a label becomes that field's
 * value and back, which variable sets its apply threshold, when the field counts as empty (only an
 * empty field is written: an agent's decision is never overwritten) and how it is named in the
 * note. `decide`, the note, the shadow evaluation, the export's columns and update-ticket's
 * configuration read it, so adding a head is one entry here (or one CUSTOM_FIELD_HEADS pair).
 * Pure: no I/O.
 */
import type { FieldChoices, TicketChanges, TicketSnapshot } from '../ticket-system';

/**
 * `raise-only` (default): only raise priority above the default (Low), and only while Low is a
 * default no agent set: the ticket has no group and no type, and nothing but its creation and our
 * own notes shows on it (untouched.ts). Low on a ticket anyone has worked on may be a deliberate
 * choice (lowered from High, confirmed in a note), and Freshdesk does not say who set it. Never lowers.
 * `fill-default`: fill a priority still at the default (Low) whatever else is set.
 * `never`: priority is only suggested in the note.
 */
type PriorityPolicy = 'raise-only' | 'fill-default' | 'never';

/** The settings the heads map with: the part of update-ticket's policy that is about fields. */
export interface HeadSettings {
  /** Queue label -> group name or id, when they differ (QUEUE_GROUP_MAP). */
  queueToGroup: Record<string, string | number>;
  /** Priority label -> Freshdesk priority (WRITABLE_PRIORITIES: Urgent is never set). */
  priorityMap: Record<string, 1 | 2 | 3 | 4>;
  /** Head -> custom field name, for heads other than queue, priority and type (CUSTOM_FIELD_HEADS). */
  customFieldHeads: Record<string, string>;
  /** Fill a field only when empty/default (true), or also when it is unchanged since fetch (false). */
  onlyEmpty: boolean;
  /** How priority may be written (PRIORITY_POLICY). @default 'raise-only' */
  priorityPolicy?: PriorityPolicy;
}

export interface HeadContext {
  choices: FieldChoices;
  settings: HeadSettings;
  /** The ticket shows nothing but its creation (untouched.ts); undefined: cannot tell, counts as touched. */
  untouched?: boolean;
}

/** The fields a head reads: the live ticket, or fetch-tickets' snapshot of it (which may lack custom fields). */
export type TicketFields = Pick<TicketSnapshot, 'groupId' | 'priority' | 'type'> & {
  customFields?: TicketSnapshot['customFields'];
};

/** Why a head's prediction stays out of the ticket although the field is open (a policy). */
interface HeadHold {
  action: 'kept' | 'suggested';
  reason: string;
}

export interface Head {
  /** The classifier head (a trained column). */
  name: string;
  /** Where it is written, for people: `group`, `priority`, `type`, `custom field cf_x`. */
  field: string;
  /** The variable that sets its apply threshold, and its default (the shipped model's calibration; none: APPLY_THRESHOLD). */
  threshold: { env: string; default?: number };
  /** Its value on a ticket; undefined when the snapshot does not carry it (then no change can be seen). */
  read(t: TicketFields): unknown;
  /** Empty means unset: only an open field may be written. */
  isOpen(t: TicketSnapshot, s: HeadSettings): boolean;
  /** Label -> the changes that write it; undefined when the help desk has no such value. */
  write(label: string, ctx: HeadContext): TicketChanges | undefined;
  /** The inverse: the field's value as the label the model would give; undefined when empty or unknown. */
  labelOf(t: TicketSnapshot, ctx: HeadContext): string | undefined;
  /** Why the field's value is not an agent's decision (an untouched default); undefined when it is one. */
  undecided?(t: TicketSnapshot): string | undefined;
  /** A policy that keeps the prediction out although the field is open; undefined to go on. */
  hold?(label: string, live: TicketSnapshot, ctx: HeadContext): HeadHold | undefined;
  /** Low confidence on this head sends the ticket to review (REVIEW_BELOW). */
  reviews?: boolean;
  /** The row's name in the note. */
  noteLabel: string;
  /** How a report shows the field when it holds no agent's decision. @default 'empty' */
  unsetText?: string;
}

/** Freshdesk's priorities (1 Low ... 4 Urgent) as the model's labels: the one place they are named. */
export const PRIORITY_LABELS: Readonly<Record<number, string>> = { 1: 'low', 2: 'medium', 3: 'high', 4: 'urgent' };
/** Freshdesk's default priority (Low): a ticket nobody has prioritised has it. */
const DEFAULT_PRIORITY = 1;
/** The priorities update-ticket writes, label -> Freshdesk's id: Urgent (4) stays an agent's call. */
export const WRITABLE_PRIORITIES: Readonly<Record<string, 1 | 2 | 3 | 4>> = { low: 1, medium: 2, high: 3 };
/** A ticket's priority as an agent's value: undefined for the default (Low), which nobody decided. */
export function decidedPriority(priority: number): string | undefined {
  return priority === DEFAULT_PRIORITY ? undefined : (PRIORITY_LABELS[priority] ?? String(priority));
}
/** Freshdesk's status ids for resolved and closed: an agent has finished with the ticket. */
const DECIDED_STATUSES = new Set([4, 5]);
/** The threshold variable of a head: `THRESHOLD_<HEAD>` (what the shadow evaluation proposes). */
export const thresholdEnv = (head: string): string => `THRESHOLD_${head.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
const empty = (v: unknown): boolean => v === null || v === undefined || v === '';

const queueHead: Head = {
  name: 'queue',
  field: 'group',
  threshold: { env: 'THRESHOLD_QUEUE', default: 0.7 },
  read: (t) => t.groupId,
  isOpen: (t) => t.groupId === null,
  write(label, { choices, settings }) {
    const target = settings.queueToGroup[label] ?? label;
    const id = typeof target === 'number' ? target : choices.groups[target];
    return id === undefined ? undefined : { groupId: id };
  },
  labelOf(t, { choices, settings }) {
    const groupName = Object.entries(choices.groups).find(([, id]) => id === t.groupId)?.[0];
    if (groupName === undefined) return undefined;
    // Through QUEUE_GROUP_MAP inverted: the group an agent chose, as the queue label that writes it.
    return Object.entries(settings.queueToGroup).find(([, g]) => g === groupName || g === t.groupId)?.[0] ?? groupName;
  },
  reviews: true,
  noteLabel: 'queue',
};

const priorityHead: Head = {
  name: 'priority',
  field: 'priority',
  threshold: { env: 'THRESHOLD_PRIORITY', default: 0.71 },
  read: (t) => t.priority,
  isOpen: (t, s) => (s.onlyEmpty ? t.priority === DEFAULT_PRIORITY : true),
  write(label, { settings }) {
    const n = settings.priorityMap[label.toLowerCase()];
    return n === undefined ? undefined : { priority: n };
  },
  labelOf(t, { choices }) {
    const named = Object.entries(choices.priorities).find(([, n]) => n === t.priority)?.[0];
    return named?.toLowerCase() ?? PRIORITY_LABELS[t.priority];
  },
  undecided: (t) =>
    t.priority === DEFAULT_PRIORITY && !DECIDED_STATUSES.has(t.status)
      ? 'default priority on an open ticket'
      : undefined,
  hold(label, live, { settings, untouched }) {
    const policy = settings.priorityPolicy ?? 'raise-only';
    if (policy === 'never') return { action: 'suggested', reason: 'PRIORITY_POLICY=never' };
    if (policy === 'fill-default') return undefined;
    const n = settings.priorityMap[label.toLowerCase()];
    if (n !== undefined && n <= live.priority)
      return { action: 'kept', reason: 'would not raise the priority (PRIORITY_POLICY=raise-only)' };
    if (live.priority === DEFAULT_PRIORITY && (live.groupId !== null || live.type !== null)) {
      return {
        action: 'kept',
        reason: 'an agent has triaged this ticket; Low may be their choice (PRIORITY_POLICY=raise-only)',
      };
    }
    if (live.priority === DEFAULT_PRIORITY && untouched !== true) {
      return {
        action: 'kept',
        reason:
          'the ticket changed after it was created and Freshdesk does not say who set Low, so it stays (PRIORITY_POLICY=raise-only)',
      };
    }
    return undefined;
  },
  noteLabel: 'priority',
  unsetText: `${PRIORITY_LABELS[DEFAULT_PRIORITY]} (default)`,
};

const typeHead: Head = {
  name: 'type',
  field: 'type',
  threshold: { env: 'THRESHOLD_TYPE', default: 0.8 },
  read: (t) => t.type,
  isOpen: (t) => t.type === null,
  write(label, { choices }) {
    const match = choices.types.find((t) => t.toLowerCase() === label.toLowerCase());
    return match === undefined ? undefined : { type: match };
  },
  labelOf: (t) => t.type ?? undefined,
  noteLabel: 'type',
};

/** The heads every model of this product has, in the order tables show them. */
export const BUILTIN_HEADS: readonly Head[] = [queueHead, priorityHead, typeHead];

/** A head whose label goes into a custom field (a dropdown's value, checked against its choices). */
function customFieldHead(name: string, key: string): Head {
  return {
    name,
    field: `custom field ${key}`,
    threshold: { env: thresholdEnv(name) },
    // Fetch-tickets' snapshot carries no custom fields: undefined there means "cannot tell a change".
    read: (t) => (t.customFields === undefined ? undefined : (t.customFields[key] ?? null)),
    isOpen: (t) => t.customFields[key] === null || t.customFields[key] === undefined,
    write(label, { choices }) {
      const allowed = choices.dropdowns[key];
      if (allowed && !allowed.includes(label)) return undefined;
      return { customFields: { [key]: label } };
    },
    labelOf: (t) => (empty(t.customFields[key]) ? undefined : String(t.customFields[key])),
    noteLabel: name,
  };
}

/**
 * Every head update-ticket knows, by name: the built-ins, one per CUSTOM_FIELD_HEADS entry, then
 * `extra` (a head of the same name is replaced: a new kind of head plugs in here).
 */
export function headRegistry(
  customFieldHeads: Record<string, string> = {},
  extra: readonly Head[] = [],
): Map<string, Head> {
  const heads = new Map<string, Head>(BUILTIN_HEADS.map((h) => [h.name, h]));
  for (const [name, key] of Object.entries(customFieldHeads))
    if (!heads.has(name)) heads.set(name, customFieldHead(name, key));
  for (const h of extra) heads.set(h.name, h);
  return heads;
}

/** The apply threshold of a head: its own, else the default (APPLY_THRESHOLD). */
export const applyThreshold = (applyAt: Record<string, number>, head: string): number =>
  applyAt[head] ?? applyAt.default ?? 0.6;

/** Did someone change this field since fetch-tickets read it? */
export function changedSinceFetch(head: Head, live: TicketSnapshot, fetched?: TicketFields): boolean {
  if (!fetched) return false;
  const before = head.read(fetched);
  return before !== undefined && head.read(live) !== before;
}

/** Per head, the label an agent decided on this ticket; undefined when the field is empty or an untouched default. */
export function decidedLabels(
  t: TicketSnapshot,
  ctx: HeadContext,
  heads: Iterable<Head>,
): Record<string, string | undefined> {
  const labels: Record<string, string | undefined> = {};
  for (const h of heads) labels[h.name] = h.undecided?.(t) === undefined ? h.labelOf(t, ctx) : undefined;
  return labels;
}
