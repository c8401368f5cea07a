/**
 * The one private note a triaged ticket gets: what was predicted, how sure, what was applied and
 * why not the rest, the runner-up labels and the words that drove the prediction. Its last line
 * carries the idempotency id that a repeated call looks for.
 */
import type { TriagePlan } from './decide';
import { headRegistry, type Head } from './heads';
import { NOTE_ID_PREFIX, noteId } from '../contract/marker';
import type { ClassifyResult } from '../contract/payloads';

const esc = (s: string): string =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
const pct = (x: number): string => `${Math.round(x * 100)}%`;

/** `heads`: the registry the plan was decided with (it names each row); a head not in it is shown by its name. */
export function renderNote(
  ticketId: number,
  result: ClassifyResult,
  plan: TriagePlan,
  heads: ReadonlyMap<string, Head> = headRegistry(),
  /** A line for the agents, shown above the note id (e.g. a write that may have overwritten theirs). */
  warning?: string,
): string {
  const rows = Object.entries(plan.heads).map(([head, d]) => {
    const name = heads.get(head)?.noteLabel ?? head;
    const alts = (result.predictions[head]?.alternatives ?? [])
      .map((a) => `${esc(a.label)} ${pct(a.confidence)}`)
      .join(', ');
    const words = (result.explanation[head] ?? []).map(esc).join(', ');
    return `<tr><td>${esc(name)}</td><td><b>${esc(d.label)}</b> ${pct(d.confidence)}</td><td>${d.action}${d.reason ? ` (${esc(d.reason)})` : ''}</td><td>${alts}</td><td>${words}</td></tr>`;
  });
  const tags = (result.tags ?? []).map((t) => `${esc(t.label)} ${pct(t.confidence)}`).join(', ');
  return [
    `<p><b>AI triage</b> (${esc(result.model.name)} ${esc(result.model.version)}): ${plan.outcome}, ${esc(plan.reason)}.</p>`,
    `<table><tr><th>field</th><th>prediction</th><th>action</th><th>alternatives</th><th>evidence</th></tr>${rows.join('')}</table>`,
    tags ? `<p>Suggested tags: ${tags}</p>` : '',
    warning ? `<p><b>Please check:</b> ${esc(warning)}</p>` : '',
    `<p>${esc(noteId(ticketId, result.model.version))}</p>`,
  ].join('');
}

/** What a note says, read back: the model that wrote it and, per row, the label and the action. */
export interface NoteReading {
  model: { name: string; version: string } | undefined;
  /** By the row's name (the head's note label). */
  rows: Record<string, { label: string; action: string; reason?: string }>;
}

const unesc = (s: string): string =>
  s.replace(/&(lt|gt|quot|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', amp: '&' })[e] ?? '');

/** The inverse of renderNote (the one place that knows its shape): the overrides report and drift read notes through it. */
export function readNote(html: string): NoteReading {
  const head = /<p><b>AI triage<\/b> \(([^<]*)\):/.exec(html)?.[1];
  const id = new RegExp(`${NOTE_ID_PREFIX} \\d+/([^<\\s]+)`).exec(html)?.[1];
  const name = head && id && head.endsWith(` ${id}`) ? head.slice(0, -id.length - 1) : head?.split(' ')[0];
  const rows: NoteReading['rows'] = {};
  for (const m of html.matchAll(
    /<tr><td>([^<]+)<\/td><td><b>([^<]*)<\/b>[^<]*<\/td><td>([a-z]+)(?: \(([^<]*)\))?<\/td>/g,
  ))
    rows[unesc(m[1]!)] = { label: unesc(m[2]!), action: m[3]!, ...(m[4] ? { reason: unesc(m[4]) } : {}) };
  return { model: name && id ? { name: unesc(name), version: unesc(id) } : undefined, rows };
}
