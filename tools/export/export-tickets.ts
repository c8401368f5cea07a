/**
 * Exports the decisions agents made (one column per head of the registry: queue, priority, type and
 * the CUSTOM_FIELD_HEADS heads, as the labels update-ticket would write; tags; chosen custom fields) with the
 * text the model reads, through the rate-limited client, ordered by `updated_at`. Resumable: a
 * checkpoint next to the output records where it got to; a rerun continues after it and skips the
 * tickets already written. Past Freshdesk's 300-page cap the client moves `updated_since` itself.
 */
import { appendFileSync, existsSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { summarizeFields, type FreshdeskClient, type Ticket } from '@shared/freshdesk';
import { toSnapshot, type FieldChoices } from '@shared/ticket-system';
import { BUILTIN_HEADS, headRegistry, type HeadContext } from '@shared/triage';
import { csvLine, idsOfCsv } from './csv';

export interface ExportOptions {
  client: FreshdeskClient;
  out: string;
  since: Date;
  until?: Date;
  /** Status labels (`resolved`) or ids (`4`); empty means all. */
  statuses?: string[];
  /** Custom field names to add as columns. */
  fields?: string[];
  /** update-ticket's QUEUE_GROUP_MAP and CUSTOM_FIELD_HEADS: head columns hold the labels that write the fields. */
  mapping?: { queueToGroup?: Record<string, string | number>; customFieldHeads?: Record<string, string> };
  /** Tickets per list page. @default 100 */
  perPage?: number;
  /** Stop after this many pages (tests use it to simulate an interruption). */
  maxPages?: number;
  onProgress?: (p: { written: number; skipped: number; through: string | undefined }) => void;
}

export interface ExportResult {
  written: number;
  skipped: number;
  resumed: boolean;
  complete: boolean;
}

interface Checkpoint {
  since: string;
  through?: string;
}

/** @internal exported for tests and benches, not used by the product */
export const checkpointPath = (out: string): string => `${out}.checkpoint.json`;

export async function exportTickets(o: ExportOptions): Promise<ExportResult> {
  const fields = o.fields ?? [];
  const heads = [...headRegistry(o.mapping?.customFieldHeads).values()];
  // Built-in heads keep their place in the training data's shape; custom heads come after tags.
  const builtin = heads.filter((h) => BUILTIN_HEADS.includes(h));
  const custom = heads.filter((h) => !BUILTIN_HEADS.includes(h));
  const header = [
    'id',
    'created_at',
    'updated_at',
    'subject',
    'body',
    ...builtin.map((h) => h.name),
    'status',
    'tags',
    ...custom.map((h) => h.name),
    ...fields,
  ];
  const cpPath = checkpointPath(o.out);
  const resumed = existsSync(cpPath) && existsSync(o.out);
  let since = o.since;
  let done = new Set<number>();
  if (resumed) {
    const cp = JSON.parse(readFileSync(cpPath, 'utf8')) as Checkpoint;
    since = new Date(cp.through ?? cp.since);
    cutPartialLine(o.out);
    done = idsOfCsv(readFileSync(o.out, 'utf8'));
  } else {
    if (existsSync(o.out)) throw new Error(`${o.out} exists and has no checkpoint: choose another --out or delete it`);
    writeFileSync(o.out, csvLine(header));
  }
  const summary = summarizeFields(await o.client.listTicketFields());
  const groups = Object.fromEntries((await o.client.listGroups()).map((g) => [g.name, g.id]));
  const choices: FieldChoices = {
    groups,
    types: summary.types,
    priorities: summary.priorities,
    statuses: {},
    dropdowns: summary.dropdowns,
  };
  const ctx: HeadContext = {
    choices,
    settings: {
      queueToGroup: o.mapping?.queueToGroup ?? {},
      customFieldHeads: o.mapping?.customFieldHeads ?? {},
      priorityMap: {},
      onlyEmpty: true,
    },
  };
  // A value with no label (a group id missing from the list) is written as it is, not dropped.
  const column =
    (t: ReturnType<typeof toSnapshot>) =>
    (h: (typeof heads)[number]): string => {
      const raw = h.read(t);
      return h.labelOf(t, ctx) ?? (raw === null || raw === undefined ? '' : String(raw));
    };
  const statusLabel = (n: number): string => (summary.statuses[n]?.agent ?? String(n)).toLowerCase();
  const wanted = new Set((o.statuses ?? []).map((s) => s.trim().toLowerCase()).filter(Boolean));
  const keep = (t: Ticket): boolean =>
    wanted.size === 0 || wanted.has(String(t.status)) || wanted.has(statusLabel(t.status));

  let written = 0;
  let skipped = 0;
  let pages = 0;
  let through: string | undefined;
  for await (const page of o.client
    .findTickets({ updatedSince: since, include: ['description'], perPage: o.perPage ?? 100 })
    .pages()) {
    let lines = '';
    let finished = false;
    for (const t of page.tickets) {
      if (o.until && Date.parse(t.updated_at) > o.until.getTime()) {
        finished = true;
        break;
      }
      through = t.updated_at;
      if (done.has(t.id) || !keep(t)) {
        skipped += 1;
        continue;
      }
      done.add(t.id);
      const value = column(toSnapshot(t));
      const row = [
        String(t.id),
        t.created_at,
        t.updated_at,
        t.subject ?? '',
        t.description_text ?? '',
        ...builtin.map(value),
        statusLabel(t.status),
        t.tags.join('|'),
        ...custom.map(value),
        ...fields.map((f) =>
          t.custom_fields[f] === null || t.custom_fields[f] === undefined ? '' : String(t.custom_fields[f]),
        ),
      ];
      lines += csvLine(row);
      written += 1;
    }
    // Rows first, then the checkpoint: a crash in between only repeats skipped work.
    if (lines) appendFileSync(o.out, lines);
    writeCheckpoint(cpPath, { since: o.since.toISOString(), ...(through ? { through } : {}) });
    o.onProgress?.({ written, skipped, through });
    pages += 1;
    if (finished) break;
    if (o.maxPages !== undefined && pages >= o.maxPages) return { written, skipped, resumed, complete: false };
  }
  rmSync(cpPath, { force: true });
  return { written, skipped, resumed, complete: true };
}

function writeCheckpoint(path: string, cp: Checkpoint): void {
  writeFileSync(`${path}.tmp`, JSON.stringify(cp));
  renameSync(`${path}.tmp`, path);
}

/** An interrupted append can leave half a line: cut it so the file ends on a whole row. */
function cutPartialLine(path: string): void {
  const text = readFileSync(path, 'utf8');
  if (text.endsWith('\n')) return;
  truncateSync(path, Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1)));
}
