/**
 * The tickets the product triaged, read back: for each ticket carrying the marker (any version),
 * what its note says (model version, per head the label and action, through the note writer's own
 * reader) and the labels the fields carry now (an agent's final decision). The overrides report
 * and the drift watch both read through here.
 */
import { carriesMarker, DEFAULT_MARKER_TAG, isTriageNote } from '@shared/contract';
import type { FieldChoices, TicketSnapshot, TicketSystem } from '@shared/ticket-system';
import { PRIORITY_LABELS, readNote, type NoteReading } from '@shared/triage';
import { agentLabels, mappedHeads, type HeadMapping } from '../shadow/agents-labels';

export interface TriagedTicket {
  ticket: TicketSnapshot;
  note: NoteReading;
  /** Per head (by head name): what the note recorded, and the field's label now. */
  heads: Record<string, { label: string; action: string; now: string | undefined }>;
}

/** Every ticket updated since `since`; `onTicket` sees each (e.g. for new labels), `onTriaged` each triaged one. */
export async function readTriaged(
  ts: TicketSystem,
  since: Date,
  o: {
    markerTag?: string;
    mapping?: HeadMapping;
    onTicket?: (t: TicketSnapshot, labels: Record<string, string | undefined>) => void;
  } = {},
): Promise<TriagedTicket[]> {
  const choices: FieldChoices = await ts.fieldChoices();
  const mapping = o.mapping ?? {};
  // The note names a row by the head's note label; reports count by head.
  const byNoteLabel = new Map([...mappedHeads(mapping).values()].map((h) => [h.noteLabel, h.name]));
  const marked: TicketSnapshot[] = [];
  for await (const t of ts.findTickets({ updatedSince: since })) {
    o.onTicket?.(t, agentLabels(t, choices, mapping));
    if (carriesMarker(t.tags, o.markerTag ?? DEFAULT_MARKER_TAG)) marked.push(t);
  }
  const out: TriagedTicket[] = [];
  for (const t of marked) {
    const full = await ts.getTicket(t.id, { withNotes: true });
    const body = (full.notes ?? []).find(isTriageNote);
    if (!body) continue;
    const note = readNote(body);
    const now = agentLabels(full, choices, mapping);
    const heads: TriagedTicket['heads'] = {};
    for (const [row, r] of Object.entries(note.rows)) {
      const head = byNoteLabel.get(row) ?? row;
      const current = head === 'priority' ? (now.priority ?? PRIORITY_LABELS[full.priority]) : now[head];
      heads[head] = { label: r.label, action: r.action, now: current };
    }
    const createdAt = full.createdAt ?? t.createdAt;
    out.push({ ticket: { ...full, ...(createdAt ? { createdAt } : {}) }, note, heads });
  }
  return out;
}

/** An applied value an agent has since changed (a change and a change back count as none: no field history in the API). */
export const overridden = (h: { label: string; now: string | undefined }): boolean =>
  h.now !== undefined && h.now.toLowerCase() !== h.label.toLowerCase();
