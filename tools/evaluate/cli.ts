/**
 * `npm run evaluate -- --model models/NAME --data FILE.csv [--text subject,body] [--json] [--report report.html]`
 * `npm run evaluate -- --model models/NAME --short-tickets tests/classifier/fixtures/short-tickets.json [--json]`
 * Human tables on stdout by default; `--json` prints exactly one JSON object on stdout. Warnings
 * (training-data overlap, no shared labels) go to stderr and into the JSON's `warnings`.
 */
import { writeFileSync } from 'node:fs';
import { numberOption, parseCli, usageError } from '../cli-args';
import { loadClassifier, type Classifier } from '@shared/classifier';
import { csvColumns, DatasetError, readDataset } from '../train/dataset';
import { evaluate, THRESHOLD_GRID, type Evaluation } from './evaluate';
import { shortTickets } from './short-tickets';
import { labelWarnings, overlapWarning } from './warnings';
import { renderReport } from './report-html';
import { runShadow } from '../shadow/run-shadow';
import { renderShadow } from '../shadow/shadow-eval';

const CLI = {
  name: 'evaluate',
  usage: `usage: npm run evaluate -- --model models/NAME --data FILE.csv [--text subject,body] [--json] [--report report.html]
       npm run evaluate -- --model models/NAME --short-tickets FILE.json [--json]
       npm run evaluate -- --model models/NAME --from-freshdesk --since YYYY-MM-DD [--target-precision 0.95] [--json]
  The first form scores a labelled CSV; the second (shadow evaluation) scores recent tickets agents decided
  in FRESHDESK_DOMAIN / FRESHDESK_BASE_URL with FRESHDESK_API_KEY, reads only, and proposes THRESHOLD_<HEAD> lines.`,
};
function fail(message: string): never {
  return usageError(CLI, message);
}

type Values = ReturnType<typeof readArgs>;

function readArgs() {
  const values = parseCli(CLI, {
    model: { type: 'string' },
    data: { type: 'string', multiple: true },
    text: { type: 'string' },
    json: { type: 'boolean', default: false },
    report: { type: 'string' },
    'from-freshdesk': { type: 'boolean', default: false },
    since: { type: 'string' },
    'target-precision': { type: 'string', default: '0.95' },
    'short-tickets': { type: 'string' },
  });
  numberOption(CLI, 'target-precision', values['target-precision'], { min: 0, max: 1, integer: false });
  return values;
}

/** The shadow evaluation: recent tickets agents decided, read from the help desk. */
async function shadowCommand(classifier: Classifier, values: Values): Promise<void> {
  const since = new Date(values.since ?? '');
  if (Number.isNaN(since.getTime())) fail('--since YYYY-MM-DD is required with --from-freshdesk');
  const target = Number(values['target-precision']);
  if (!(target > 0 && target <= 1)) fail('--target-precision must be in (0, 1]');
  const report = await runShadow(classifier, values.model!, since, target, (m) => fail(m));
  if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else console.log(renderShadow(report));
}

async function shortTicketsCommand(classifier: Classifier, file: string, json: boolean): Promise<void> {
  const r = await shortTickets(classifier, file).catch((e: Error) => fail(`${file}: ${e.message}`));
  if (json) return void process.stdout.write(`${JSON.stringify(r)}\n`);
  for (const x of r.items)
    console.log(
      `${x.applied ? (x.acceptable ? 'applied ' : 'WRONG   ') : 'held    '} ${x.label.slice(0, 30).padEnd(30)} ${(x.confidence * 100).toFixed(0).padStart(3)}%  ${x.text}`,
    );
  console.log(
    `\n${r.rows} short tickets at queue threshold ${r.threshold ?? 'never'}: applied ${r.applied}, applied and wrong ${r.appliedWrong} (${((100 * r.appliedWrong) / r.rows).toFixed(1)}%); top label acceptable ${r.right}, wrong with confidence >= 0.6 ${r.wrongConfident}`,
  );
}

/** The labelled rows of --data, with the model's label columns the data has. */
function readLabelled(classifier: Classifier, files: string[], text: string | undefined) {
  const single = classifier.heads.filter((h) => h.kind === 'single').map((h) => h.name);
  try {
    // Evaluate the heads the data has: a file without a `type` column still measures queue and priority.
    const columns = csvColumns(files[0]!);
    const available = single.filter((h) => columns.includes(h));
    if (available.length === 0) fail(`the data has none of the model's label columns (${single.join(', ')})`);
    return readDataset({ files, labels: available, ...(text ? { text: text.split(',') } : {}) });
  } catch (err) {
    if (err instanceof DatasetError) fail(err.message);
    throw err;
  }
}

async function labelledCommand(classifier: Classifier, model: string, files: string[], values: Values): Promise<void> {
  const rows = readLabelled(classifier, files, values.text);
  const evaluated = Object.keys(rows[0]?.labels ?? {});
  const result = await evaluate(classifier, rows, evaluated);
  result.warnings.push(
    ...[overlapWarning(model, rows)].filter((w): w is string => Boolean(w)),
    ...labelWarnings(classifier, rows, evaluated),
  );
  for (const w of result.warnings) console.error(`evaluate: warning: ${w}`);
  if (values.report)
    writeFileSync(
      values.report,
      renderReport(
        `${result.model.name} ${result.model.version} on ${files.join(', ')}`,
        Object.fromEntries(
          Object.entries(result.heads).map(([h, m]) => [
            h,
            { ...m, rows: Object.values(m.perClass).reduce((s, c) => s + c.support, 0) },
          ]),
        ),
        {
          warnings: result.warnings,
          thresholds: Object.fromEntries(Object.entries(result.calibration.heads).map(([h, c]) => [h, c.atThreshold])),
        },
      ),
    );
  if (values.json) return void process.stdout.write(`${JSON.stringify(result)}\n`);
  printEvaluation(result);
  if (values.report) console.log(`\nreport: ${values.report}`);
}

/** The human tables: per head metrics and confusion, confidence per threshold, per language. */
function printEvaluation(result: Evaluation): void {
  console.log(`${result.model.name} ${result.model.version}: ${result.rows} tickets`);
  for (const [h, m] of Object.entries(result.heads)) {
    console.log(`\n${h}: accuracy ${m.accuracy.toFixed(3)}, macro-F1 ${m.macroF1.toFixed(3)}`);
    console.log(
      `  ${'class'.padEnd(34)} ${'prec'.padStart(6)} ${'recall'.padStart(6)} ${'F1'.padStart(6)} ${'n'.padStart(6)}`,
    );
    for (const [c, x] of Object.entries(m.perClass))
      console.log(
        `  ${c.slice(0, 34).padEnd(34)} ${x.precision.toFixed(3).padStart(6)} ${x.recall.toFixed(3).padStart(6)} ${x.f1.toFixed(3).padStart(6)} ${String(x.support).padStart(6)}`,
      );
    const labels = Object.keys(m.confusion);
    console.log(`  confusion (rows actual, columns predicted in the order above):`);
    for (const a of labels)
      console.log(
        `  ${a.slice(0, 20).padEnd(20)} ${labels.map((p) => String(m.confusion[a]?.[p] ?? 0).padStart(5)).join('')}`,
      );
  }
  console.log(`\nconfidence (ECE, and precision / share applied per threshold):`);
  console.log(
    `  ${'head'.padEnd(10)} ${'ECE'.padStart(6)} ${'shipped threshold'.padEnd(28)} ${THRESHOLD_GRID.map((t) => `>=${t}`.padStart(12)).join('')}`,
  );
  for (const [h, c] of Object.entries(result.calibration.heads)) {
    const at =
      c.atThreshold.threshold === null
        ? 'never'
        : `${c.atThreshold.threshold}: ${c.atThreshold.precision?.toFixed(3) ?? '–'} / ${c.atThreshold.coverage.toFixed(2)}`;
    console.log(
      `  ${h.padEnd(10)} ${c.ece.toFixed(3).padStart(6)} ${at.padEnd(28)} ${c.precisionCoverage.map((p) => `${p.precision?.toFixed(3) ?? '–'}/${p.coverage.toFixed(2)}`.padStart(12)).join('')}`,
    );
  }
  if (Object.keys(result.byLanguage).length > 0) {
    console.log('\nper language:');
    for (const [l, hs] of Object.entries(result.byLanguage))
      console.log(
        `  ${l.padEnd(8)} ${Object.entries(hs)
          .map(([h, v]) => `${h} ${v.accuracy.toFixed(3)} (${v.rows})`)
          .join('  ')}`,
      );
  }
}

async function main(): Promise<void> {
  const values = readArgs();
  if (!values.model) fail('--model is required');
  const classifier = await loadClassifier(values.model).catch((e: Error) => fail(e.message));
  if (values['from-freshdesk']) return shadowCommand(classifier, values);
  if (values['short-tickets']) return shortTicketsCommand(classifier, values['short-tickets'], values.json);
  if (!values.data?.length) fail('--data is required');
  return labelledCommand(classifier, values.model, values.data, values);
}

main().catch((err: unknown) => {
  console.error(`evaluate: ${(err as Error).message}`);
  process.exit(1);
});
