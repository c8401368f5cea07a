/**
 * `npx tsx bench/replay-drift.ts FILE.csv [--go-live-months 3] [--max-rows 6000] [--epochs 3] [--label topic]
 *   [--threshold X] [--json]`
 * Replays a labelled ticket history month by month as if the product had run then: a model
 * trained on the first months goes live; every later month is scored by that model (no
 * retraining) and by a model retrained on everything before the month (monthly retraining,
 * the newest --max-rows rows, so each round stays small on a shared machine). The drift watch
 * (tools/drift/drift.ts, the same code `npm run drift` runs) reads the static model's month as
 * the product would see it: a prediction at or above the model's threshold is "applied", the
 * label the history records is the agent's final value. Prints measured figures; no file of the
 * data set goes into the repository. Columns: `created` (or created_at), `subject`, `body`, the label.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadClassifier, type Classifier } from '@shared/classifier';
import { driftReport } from '../tools/drift/drift';
import { csvLine } from '../tools/export/csv';
import type { TriagedTicket } from '../tools/overrides/triaged';
import { readCsvRecords } from '../tools/train/csv-reader';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'go-live-months': { type: 'string', default: '3' },
    'max-rows': { type: 'string', default: '6000' },
    epochs: { type: 'string', default: '3' },
    label: { type: 'string', default: 'topic' },
    /** Apply at this confidence instead of the model's own threshold (an operator's THRESHOLD_<HEAD>). */
    threshold: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const file = positionals[0];
if (!file) {
  console.error('usage: npx tsx bench/replay-drift.ts FILE.csv [--go-live-months 3] [--max-rows 6000] [--epochs 3]');
  process.exit(2);
}
const label = values.label;
const maxRows = Number(values['max-rows']);

interface Ticket {
  at: number;
  month: string;
  subject: string;
  body: string;
  label: string;
}
const tickets: Ticket[] = [];
let at: Record<string, number> | undefined;
readCsvRecords(file, (f) => {
  if (!at) {
    at = Object.fromEntries(f.map((c, i) => [c, i]));
    for (const c of ['subject', 'body', label])
      if (!(c in at)) throw new Error(`${file} has no column ${c} (columns: ${f.join(', ')})`);
    return;
  }
  const t = Date.parse(f[at.created ?? at.created_at ?? -1] ?? '');
  const l = f[at[label]!]?.trim();
  if (Number.isNaN(t) || !l) return;
  const month = new Date(t).toISOString().slice(0, 7);
  tickets.push({ at: t, month, subject: f[at.subject!] ?? '', body: f[at.body!] ?? '', label: l });
});
tickets.sort((a, b) => a.at - b.at);
// A month with a handful of rows (the export's first days) is not a month of traffic.
const months = [...new Set(tickets.map((t) => t.month))].filter(
  (m) => tickets.filter((t) => t.month === m).length >= 200,
);
const goLive = Number(values['go-live-months']);
const work = mkdtempSync(join(tmpdir(), 'replay-'));

function trainOn(rows: Ticket[], name: string): string {
  const csv = join(work, `${name}.csv`);
  const kept = rows.slice(-maxRows);
  writeFileSync(
    csv,
    csvLine(['created_at', 'subject', 'body', label]) +
      kept.map((t) => csvLine([new Date(t.at).toISOString(), t.subject, t.body, t.label])).join(''),
  );
  const out = join(work, name);
  const args = ['--import', 'tsx', 'tools/train/cli.ts', '--data', csv, '--label', label, '--split', 'time'];
  const run = spawnSync(process.execPath, [...args, '--out', out, '--version', name, '--epochs', values.epochs!], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (run.status !== 0) throw new Error(`training ${name} failed: ${run.stderr.toString().slice(-2000)}`);
  return out;
}

async function score(clf: Classifier, rows: Ticket[]) {
  const preds = await clf.classifyBatch(rows.map((t) => ({ subject: t.subject, body: t.body })));
  const own = clf.manifest.thresholds?.[label]?.threshold;
  const threshold = values.threshold
    ? Number(values.threshold)
    : own === null
      ? Number.POSITIVE_INFINITY
      : Math.max(own ?? 0.6, 0.6);
  const right = preds.filter((p, i) => p.heads[label]?.label === rows[i]!.label).length;
  return { accuracy: right / rows.length, preds, threshold };
}

const started = Date.now();
const before = (m: string) => tickets.filter((t) => t.month < m && months.includes(t.month));
const staticDir = trainOn(before(months[goLive]!), 'static');
const staticClf = await loadClassifier(staticDir);
const triaged: TriagedTicket[] = [];
const decided: Parameters<typeof driftReport>[1] = [];
const out: Record<string, unknown>[] = [];
for (const month of months.slice(goLive)) {
  const rows = tickets.filter((t) => t.month === month);
  const s = await score(staticClf, rows);
  rows.forEach((t, i) => {
    const p = s.preds[i]!.heads[label]!;
    const ticket = { id: i, createdAt: new Date(t.at).toISOString(), updatedAt: new Date(t.at).toISOString() };
    const snap = { ...ticket, subject: '', description: '', status: 5, priority: 1, type: null, groupId: null };
    const full = { ...snap, tags: [], customFields: {}, spam: false, deleted: false };
    triaged.push({
      ticket: full,
      note: { model: { name: 'static', version: 'static' }, rows: {} },
      heads: {
        [label]: { label: p.label, action: p.confidence >= s.threshold ? 'applied' : 'suggested', now: t.label },
      },
    });
    decided.push({ ticket: full, labels: { [label]: t.label } });
  });
  const monthEnd = new Date(Math.max(...rows.map((t) => t.at)) + 1);
  const drift = driftReport(
    triaged,
    decided,
    { [label]: staticClf.heads.find((h) => h.name === label)!.labels },
    monthEnd,
    {
      baselineDays: 30,
      recentDays: 30,
      maxRise: 0.05,
      minApplied: 20,
      minNewLabel: 5,
    },
  );
  const fresh = await loadClassifier(trainOn(before(month), `m${month}`));
  const r = await score(fresh, rows);
  const applied = s.preds.filter((p) => p.heads[label]!.confidence >= s.threshold).length;
  out.push({
    month,
    rows: rows.length,
    static: Number(s.accuracy.toFixed(3)),
    monthly: Number(r.accuracy.toFixed(3)),
    staticApplied: Number((applied / rows.length).toFixed(3)),
    overrideRate: drift.recent.heads[label]?.rate ?? null,
    drift: drift.verdict,
    why: drift.reasons,
  });
  if (!values.json)
    console.log(
      `${month}  rows ${String(rows.length).padStart(5)}  static ${s.accuracy.toFixed(3)}  monthly ${r.accuracy.toFixed(3)}  applied ${((100 * applied) / rows.length).toFixed(1).padStart(5)}%  override ${drift.recent.heads[label] ? (drift.recent.heads[label].rate * 100).toFixed(1).padStart(5) : '    -'}%  drift ${drift.verdict}${drift.reasons.length ? `: ${drift.reasons.join('; ')}` : ''}`,
    );
}
const seconds = (Date.now() - started) / 1000;
if (values.json)
  console.log(JSON.stringify({ file, goLiveMonths: goLive, maxRows, epochs: values.epochs, months: out, seconds }));
else
  console.log(
    `go-live after ${months.slice(0, goLive).join(', ')}; each model on at most ${maxRows} of the newest rows, ${values.epochs} epochs; applied at ${values.threshold ?? "the model's own threshold"}; ${seconds.toFixed(0)} s`,
  );
