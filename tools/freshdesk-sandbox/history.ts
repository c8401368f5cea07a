/**
 * A help desk's past, generated: `days` of resolved and closed tickets that agents routed (group),
 * typed and prioritised, so export -> train -> shadow evaluation -> retrain have something to
 * learn from. From `liveFromDay` on, the product "ran": those tickets carry its marker and note as
 * update-ticket writes them (shared/triage/note.ts), with the queue it applied; a share of them
 * (`correctionShare`, and every one the old routing gets wrong after a drift) were corrected by
 * an agent, so the overrides report and the drift watch see real overrides.
 *
 * Optional drift (`drift`): after `afterDay`, a new group appears with its own kind of ticket, and
 * one product's tickets move to another queue. The product's applied queue follows the routing
 * of before the change (what a model trained on the old history does), so the override rate rises.
 * Deterministic for a seed.
 */
import { z } from 'zod';
import { DEFAULT_MARKER_TAG } from '@shared/contract';
import { decide, renderNote, type ClassifyResult } from '@shared/triage';
import { ACCOUNT_CREATED_AT, QUEUES, queueGroup } from './account';
import { TEMPLATES, writeTicket, type Template } from './generator';
import type { TicketSeed } from './model';
import type { SandboxStore } from './store';
import { prng } from './text';

export const HistoryOptions = z.strictObject({
  days: z.number().int().min(1).max(730).default(90),
  perDay: z.number().int().min(1).max(500).default(20),
  seed: z.number().int().default(7),
  /** Day (0 = oldest) from which the product triaged new tickets. @default half way */
  liveFromDay: z.number().int().min(0).optional(),
  /** Share of the product's applied queues an agent changed (before any drift). */
  correctionShare: z.number().min(0).max(1).default(0.1),
  /** The model version the product's notes and markers name. */
  liveVersion: z.string().min(1).max(20).default('1.0.0'),
  germanShare: z.number().min(0).max(1).default(0),
  drift: z
    .strictObject({
      afterDay: z.number().int().min(0),
      /** A group that appears only after the change. */
      newGroup: z.string().min(1).default('Data Protection'),
      /** Share of the new tickets that go to the new group. */
      newGroupShare: z.number().min(0).max(1).default(0.25),
      /** A product whose tickets move to another queue after the change. */
      product: z.string().default('the CRM connector'),
      productQueue: z.string().default('Sales and Pre-Sales'),
    })
    .optional(),
});
export type HistoryOptions = z.input<typeof HistoryOptions>;

const NEW_GROUP_TEMPLATES: Template[] = [
  {
    type: 'Request',
    priority: 2,
    en: ['Data deletion request (GDPR)', 'Please delete all personal data you hold about me under GDPR article 17.'],
    de: ['Antrag auf Datenlöschung', 'Bitte löschen Sie alle personenbezogenen Daten nach Art. 17 DSGVO.'],
  },
  {
    type: 'Question',
    priority: 2,
    en: ['Data processing agreement', 'Could you send us your data processing agreement and list of subprocessors?'],
    de: ['Auftragsverarbeitungsvertrag', 'Bitte senden Sie uns den AV-Vertrag und die Liste der Unterauftragnehmer.'],
  },
  {
    type: 'Incident',
    priority: 3,
    en: ['Possible personal data leak', 'We saw personal data of another customer in our export on {day}.'],
    de: ['Mögliches Datenleck', 'Wir haben am {day} personenbezogene Daten eines anderen Kunden im Export gesehen.'],
  },
];

const PRIORITY_NAMES: Record<number, string> = { 1: 'low', 2: 'medium', 3: 'high', 4: 'urgent' };

/** The groups a history needs beyond the account's default ones (the drift's new group). */
export function historyGroups(o: HistoryOptions): string[] {
  const d = HistoryOptions.parse(o).drift;
  return d && !(QUEUES as readonly string[]).includes(d.newGroup) ? [d.newGroup] : [];
}

export function generateHistory(input: HistoryOptions, now = Date.now()): TicketSeed[] {
  const o = HistoryOptions.parse(input);
  const rand = prng(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const liveFrom = o.liveFromDay ?? Math.floor(o.days / 2);
  const out: TicketSeed[] = [];
  let i = 0;
  for (let day = 0; day < o.days; day++) {
    const drifted = o.drift !== undefined && day >= o.drift.afterDay;
    for (let k = 0; k < o.perDay; k++, i++) {
      const oldQueue = pick(QUEUES);
      let tpl = pick(TEMPLATES[oldQueue]);
      let queue: string = oldQueue;
      let product: string | undefined;
      if (drifted && rand() < o.drift!.newGroupShare) {
        tpl = pick(NEW_GROUP_TEMPLATES);
        queue = o.drift!.newGroup;
      } else if (drifted && tpl.en.join(' ').includes('{product}') && rand() < 0.3) {
        product = o.drift!.product;
        queue = o.drift!.productQueue;
      }
      const text = writeTicket(rand, tpl, rand() < o.germanShare, i, product);
      const created = now - (o.days - day) * 86_400_000 + Math.floor(rand() * 80_000_000);
      const resolved = created + 3_600_000 + Math.floor(rand() * 86_400_000);
      const seed: TicketSeed = {
        ...text,
        status: rand() < 0.5 ? 4 : 5,
        priority: tpl.priority,
        type: tpl.type,
        group: queue,
        created_at: new Date(created).toISOString(),
        updated_at: new Date(Math.min(resolved, now)).toISOString(),
        triagedByAgent: true,
        expected: { queue, type: tpl.type, priority: tpl.priority },
      };
      if (day >= liveFrom) {
        // What the live model applied: the old routing (it never saw the change), sometimes wrong anyway.
        const applied = rand() < o.correctionShare ? pick(QUEUES.filter((q) => q !== oldQueue)) : oldQueue;
        const tags = [DEFAULT_MARKER_TAG, `${DEFAULT_MARKER_TAG}-${o.liveVersion}`];
        seed.tags = tags;
        seed.notes = [{ body: productNote(i + 1, applied, tpl, o.liveVersion), private: true }];
      }
      out.push(seed);
    }
  }
  return out;
}

/** The note update-ticket would have written for this ticket, through the product's own writer. */
function productNote(ticketId: number, applied: string, tpl: Template, version: string): string {
  const result: ClassifyResult = {
    ticketId,
    model: { name: 'ticket-triage', version },
    predictions: {
      queue: { label: applied, confidence: 0.9, alternatives: [] },
      type: { label: tpl.type, confidence: 0.5, alternatives: [] },
      priority: { label: PRIORITY_NAMES[tpl.priority] ?? 'low', confidence: 0.5, alternatives: [] },
    },
    tags: [],
    explanation: {},
  };
  const groups = Object.fromEntries([...QUEUES].map((q, n) => [q, n + 1]));
  const plan = decide(
    result,
    {
      id: ticketId,
      subject: '',
      description: '',
      status: 2,
      priority: 1,
      type: null,
      groupId: null,
      tags: [],
      customFields: {},
      updatedAt: ACCOUNT_CREATED_AT,
      spam: false,
      deleted: false,
    },
    { groups, types: [tpl.type], priorities: {}, statuses: {}, dropdowns: {} },
    {
      applyAt: { default: 0.6, queue: 0.7, type: 0.8, priority: 0.71 },
      reviewBelow: 0.3,
      tagsAt: 0.5,
      markerTag: DEFAULT_MARKER_TAG,
      reviewTag: 'ai-review',
      queueToGroup: {},
      priorityMap: { low: 1, medium: 2, high: 3 },
      customFieldHeads: {},
      onlyEmpty: true,
    },
  );
  return renderNote(ticketId, result, plan);
}

/** Adds the history's extra groups (the drift's new group) to the account. */
export function addHistoryGroups(store: SandboxStore, names: string[]): void {
  let id = Math.max(...store.state.groups.map((g) => g.id));
  for (const name of names) {
    if (store.state.groups.some((g) => g.name === name)) continue;
    id += 1;
    store.state.groups.push(queueGroup(id, name));
  }
}
