/**
 * The human view of a cycle: one row per ticket with each head's label, confidence and what was
 * done with it, error rows with the ticket, the function and a reason, and a count line per head.
 */
import { actionWord } from '../report/action-words';
import type { CycleSummary, FieldOutcome, TicketResult } from './summary';

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const pct = (x: number) => `${Math.round(x * 100)}%`;
const HEADS = ['queue', 'priority', 'type'] as const;
const WIDTH: Record<string, number> = { queue: 40, priority: 26, type: 28 };

const cell = (f: FieldOutcome | undefined, dryRun: boolean, width: number): string =>
  (f ? `${cut(f.label, width - 20)} ${pct(f.confidence)} ${actionWord(f.action, f.reason, dryRun)}` : '-').padEnd(
    width,
  );

function row(r: TicketResult): string {
  const heads = HEADS.map((h) => cell(r.fields[h], r.dryRun, WIDTH[h]!)).join('  ');
  // "every field was already set by an agent" is what the columns say; other reasons are news.
  const note =
    (r.outcome === 'skipped' && !r.reason.startsWith('every field')) ||
    r.outcome === 'failed' ||
    r.reason.startsWith('completed')
      ? `  (${r.reason})`
      : '';
  return `${String(r.id).padStart(5)}  ${cut(r.subject, 30).padEnd(30)}  ${heads}${note}`.trimEnd();
}

/** Per head: how many tickets got each action, in the words the rows use. */
function headCounts(s: CycleSummary): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const r of s.results) {
    if (r.outcome === 'skipped' && r.reason.startsWith('already triaged')) continue;
    for (const [head, f] of Object.entries(r.fields)) {
      const c = (out[head] ??= {});
      const word = actionWord(f.action, f.reason, r.dryRun);
      c[word] = (c[word] ?? 0) + 1;
    }
  }
  return out;
}

function renderErrors(s: CycleSummary): string[] {
  if (s.errors.length === 0) return [];
  const lines = s.errors.map(
    (e) => `  ${e.ticketId === null ? '    -' : String(e.ticketId).padStart(5)}  ${e.function.padEnd(15)}  ${e.reason}`,
  );
  const retry = s.errors.every((e) => e.ticketId !== null)
    ? ['  (the next cycle tries every ticket without its marker again; a note already written is not written twice)']
    : [];
  return [
    '',
    `errors (${s.errors.length}):`,
    `  ${'id'.padStart(5)}  ${'function'.padEnd(15)}  reason`,
    ...lines,
    ...retry,
  ];
}

export function renderTable(s: CycleSummary): string {
  const head =
    `${'id'.padStart(5)}  ${'subject'.padEnd(30)}  ${HEADS.map((h) => h.padEnd(WIDTH[h]!)).join('  ')}`.trimEnd();
  const dryRun = s.results.some((r) => r.dryRun);
  const counts = headCounts(s);
  const perHead = HEADS.filter((h) => counts[h]).map(
    (h) =>
      `${h}: ${Object.entries(counts[h]!)
        .map(([word, n]) => `${word} ${n}`)
        .join(', ')}`,
  );
  const o = s.outcomes;
  return [
    head,
    '-'.repeat(head.length),
    ...s.results.map(row),
    ...renderErrors(s),
    '',
    ...(perHead.length ? [perHead.join('; ')] : []),
    `scanned ${s.scanned}, eligible ${s.eligible}, triaged ${s.triaged} (tickets: ${o.applied} with a field applied, ${o.suggested} suggestions only, ${o.review} to review, ${o.skipped} skipped); errors ${s.errors.length}${dryRun ? ' (DRY RUN: nothing was written)' : ''}`,
  ].join('\n');
}
