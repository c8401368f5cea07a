/**
 * The one private note a triaged ticket gets: what was predicted, how sure, what was applied and
 * why not the rest, the runner-up labels and the words that drove the prediction. Its last line
 * carries the idempotency id that a repeated call looks for.
 */
import type { TriagePlan } from './decide';
import { headRegistry, type Head } from './heads';
import { noteId } from '../contract/marker';
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
