/**
 * How often agents changed a field the product applied: for each ticket carrying the triage
 * marker, the note says per head what was applied; the ticket's current value says whether it
 * still stands. Freshdesk has no field history in the API, so a change and a change back count as
 * no override.
 */
import { carriesMarker, DEFAULT_MARKER_TAG, isTriageNote } from '@shared/contract';
import type { FieldChoices, TicketSnapshot, TicketSystem } from '@shared/ticket-system';
import { PRIORITY_LABELS } from '@shared/triage';
import { agentLabels, mappedHeads, type HeadMapping } from '../shadow/agents-labels';

interface OverrideRow {
  applied: number;
  overridden: number;
  rate: number;
}

export interface OverrideReport {
  tickets: number;
  heads: Record<string, OverrideRow & { perClass: Record<string, OverrideRow> }>;
}

/**
 * Rows of the note table: head, predicted label, action (see shared/triage/note.ts).
 * @internal exported for tests and benches, not used by the product
 */
export function appliedFromNote(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<tr><td>([^<]+)<\/td><td><b>([^<]+)<\/b>[^<]*<\/td><td>applied/g))
    out[m[1]!] = m[2]!.replace(/&amp;/g, '&');
  return out;
}

const row = (): OverrideRow => ({ applied: 0, overridden: 0, rate: 0 });

/** `mapping`: update-ticket's QUEUE_GROUP_MAP and CUSTOM_FIELD_HEADS, so a field reads back as the label the note records. */
export async function overrideReport(
  ts: TicketSystem,
  since: Date,
  markerTag = DEFAULT_MARKER_TAG,
  mapping: HeadMapping = {},
): Promise<OverrideReport> {
  const choices: FieldChoices = await ts.fieldChoices();
  // The note names a row by the head's note label; the report counts by head.
  const byNoteLabel = new Map([...mappedHeads(mapping).values()].map((h) => [h.noteLabel, h.name]));
  const report: OverrideReport = { tickets: 0, heads: {} };
  const marked: TicketSnapshot[] = [];
  for await (const t of ts.findTickets({ updatedSince: since })) if (carriesMarker(t.tags, markerTag)) marked.push(t);
  for (const t of marked) {
    const full = await ts.getTicket(t.id, { withNotes: true });
    const note = (full.notes ?? []).find(isTriageNote);
    if (!note) continue;
    report.tickets += 1;
    const now = agentLabels(full, choices, mapping);
    for (const [noteRow, label] of Object.entries(appliedFromNote(note))) {
      const head = byNoteLabel.get(noteRow) ?? noteRow;
      const h = (report.heads[head] ??= { ...row(), perClass: {} });
      const c = (h.perClass[label] ??= row());
      const current = head === 'priority' ? (now.priority ?? PRIORITY_LABELS[full.priority]) : now[head];
      const changed = current !== undefined && current.toLowerCase() !== label.toLowerCase();
      h.applied += 1;
      c.applied += 1;
      if (changed) {
        h.overridden += 1;
        c.overridden += 1;
      }
    }
  }
  for (const h of Object.values(report.heads)) {
    h.rate = h.applied ? Math.round((h.overridden / h.applied) * 1000) / 1000 : 0;
    for (const c of Object.values(h.perClass))
      c.rate = c.applied ? Math.round((c.overridden / c.applied) * 1000) / 1000 : 0;
  }
  return report;
}
