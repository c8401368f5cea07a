/**
 * How often agents changed a field the product applied: for each ticket carrying the triage
 * marker, the note says per head what was applied; the ticket's current value says whether it
 * still stands. Every head the notes name is listed, also one that was only ever suggested, and
 * the figures are split by model version, so a swap (or a rollback) can be compared.
 */
import { DEFAULT_MARKER_TAG } from '@shared/contract';
import type { TicketSystem } from '@shared/ticket-system';
import type { HeadMapping } from '../shadow/agents-labels';
import { overridden, readTriaged, type TriagedTicket } from './triaged';

interface OverrideRow {
  applied: number;
  overridden: number;
  rate: number;
}

interface HeadOverrides extends OverrideRow {
  /** Notes that named the head without applying it, by action (suggested, review, kept, unmapped). */
  notApplied: Record<string, number>;
  perClass: Record<string, OverrideRow>;
}

export interface OverrideReport {
  tickets: number;
  heads: Record<string, HeadOverrides>;
  /** The same per model version (the note's id line says which version wrote it). */
  versions: Record<string, { tickets: number; heads: Record<string, OverrideRow> }>;
}

const row = (): OverrideRow => ({ applied: 0, overridden: 0, rate: 0 });
const rate = (r: OverrideRow): void =>
  void (r.rate = r.applied ? Math.round((r.overridden / r.applied) * 1000) / 1000 : 0);

/** The report over tickets already read (the drift watch cuts them into time windows first). */
function summarizeOverrides(triaged: TriagedTicket[]): OverrideReport {
  const report: OverrideReport = { tickets: 0, heads: {}, versions: {} };
  for (const t of triaged) {
    report.tickets += 1;
    const version = t.note.model?.version ?? 'unknown';
    const v = (report.versions[version] ??= { tickets: 0, heads: {} });
    v.tickets += 1;
    for (const [head, h] of Object.entries(t.heads)) {
      const all = (report.heads[head] ??= { ...row(), notApplied: {}, perClass: {} });
      if (h.action !== 'applied') {
        all.notApplied[h.action] = (all.notApplied[h.action] ?? 0) + 1;
        continue;
      }
      const c = (all.perClass[h.label] ??= row());
      const vh = (v.heads[head] ??= row());
      const changed = overridden(h);
      for (const r of [all, c, vh]) {
        r.applied += 1;
        if (changed) r.overridden += 1;
      }
    }
  }
  for (const h of Object.values(report.heads)) {
    rate(h);
    Object.values(h.perClass).forEach(rate);
  }
  for (const v of Object.values(report.versions)) Object.values(v.heads).forEach(rate);
  return report;
}

/** `mapping`: update-ticket's QUEUE_GROUP_MAP and CUSTOM_FIELD_HEADS, so a field reads back as the label the note records. */
export async function overrideReport(
  ts: TicketSystem,
  since: Date,
  markerTag = DEFAULT_MARKER_TAG,
  mapping: HeadMapping = {},
): Promise<OverrideReport> {
  return summarizeOverrides(await readTriaged(ts, since, { markerTag, mapping }));
}

const pct = (r: OverrideRow): string => `${(r.rate * 100).toFixed(1)}%`;

/** The report for people: every head (applied or not), per class, per model version. */
export function renderOverrides(r: OverrideReport, since: string): string {
  const lines = [`${r.tickets} triaged tickets since ${since}`];
  for (const [head, h] of Object.entries(r.heads)) {
    const held = Object.entries(h.notApplied)
      .map(([action, n]) => `${n} ${action}`)
      .join(', ');
    lines.push(
      '',
      h.applied === 0
        ? `${head}: never applied in this period${held ? ` (${held})` : ''}`
        : `${head}: ${h.overridden} of ${h.applied} applied values changed by agents (${pct(h)})${held ? `; not applied: ${held}` : ''}`,
    );
    for (const [label, c] of Object.entries(h.perClass).sort((a, b) => b[1].applied - a[1].applied))
      lines.push(
        `  ${label.padEnd(34)} ${String(c.overridden).padStart(4)} / ${String(c.applied).padEnd(4)} ${pct(c)}`,
      );
  }
  const versions = Object.entries(r.versions);
  if (versions.length > 1 || versions[0]?.[0] === 'unknown') {
    lines.push('', 'per model version (from the notes):');
    for (const [v, x] of versions)
      lines.push(
        `  ${v.padEnd(20)} ${String(x.tickets).padStart(5)} tickets  ${Object.entries(x.heads)
          .map(([head, o]) => `${head} ${o.overridden}/${o.applied} (${pct(o)})`)
          .join('  ')}`,
      );
  }
  return lines.join('\n');
}
