/**
 * `npm run bench [-- --json] [--tickets 1000] [--plan growth] [--window-ms 1000]`: the classifier
 * in process, classify-ticket over HTTP, its cold start, the memory of each function, and the
 * pipeline against the sandbox's rate limits. Prints a table, or one JSON object with --json.
 * `--train` adds the training curve (bench/train-curve.ts: 5k, 20k, 50k rows; takes long,
 * `--train-rows` and `--train-epochs` shorten it, `--train-data` names the CSV).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { choiceOption, numberOption, parseCli } from '../tools/cli-args';
import { Plan } from '../tools/freshdesk-sandbox/rate-limiter';
import { runClassifierBench } from './classifier';
import { runPipelineBench } from './pipeline';
import { imageSizes } from '../tools/build-functions/image-size';
import { requireTrainingData } from '../tools/data/public-tickets';
import { DEFAULT_TRAIN_DATA, DEFAULT_TRAIN_ROWS, runTrainCurve, type TrainPoint } from './train-curve';

/** Process start of classify-ticket until its first answer (model load included). */
async function coldStartMs(): Promise<number> {
  const started = performance.now();
  const loader = createRequire(join(process.cwd(), 'package.json')).resolve('tsx/esm');
  const child = spawn(
    process.execPath,
    ['--import', loader, 'template/node-ts/start-function.ts', 'classify-ticket', '0'],
    { env: { ...process.env, MODEL_DIR: 'models/ticket-triage' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        const m = /"port":(\d+)/.exec(c.toString());
        if (m) resolve(Number(m[1]));
      });
      child.on('exit', () => reject(new Error('classify-ticket exited')));
    });
    const r = await fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'Printer broken\nIt jams on every page.',
    });
    await r.text();
    return Math.round(performance.now() - started);
  } finally {
    child.kill('SIGTERM');
  }
}

const CLI = {
  name: 'bench',
  usage: `usage: npm run bench -- [--json] [--tickets 1000] [--plan growth|pro|enterprise|trial|unlimited] [--window-ms 1000]
                        [--train [--train-rows 5000,20000,50000] [--train-epochs N] [--train-data FILE.csv]]
  Measures the classifier in process and over HTTP, classify-ticket's cold start, each function's memory, and
  the pipeline against the sandbox's rate limits (a --window-ms "minute"); with --train also the training
  curve (time, peak memory, model size per row count); prints a table, or one JSON object.`,
};

async function main(): Promise<void> {
  const values = parseCli(CLI, {
    json: { type: 'boolean', default: false },
    tickets: { type: 'string', default: '1000' },
    plan: { type: 'string', default: 'growth' },
    'window-ms': { type: 'string', default: '1000' },
    train: { type: 'boolean', default: false },
    'train-data': { type: 'string', default: DEFAULT_TRAIN_DATA },
    'train-rows': { type: 'string', default: DEFAULT_TRAIN_ROWS.join(',') },
    'train-epochs': { type: 'string' },
  });
  const trainRows = (values['train-rows'] ?? '')
    .split(',')
    .map((r) => numberOption(CLI, 'train-rows', r, { min: 100, max: 10_000_000 })!);
  const trainEpochs = numberOption(CLI, 'train-epochs', values['train-epochs'], { min: 1, max: 1000 });
  // Every number is checked before the first benchmark starts.
  const tickets = numberOption(CLI, 'tickets', values.tickets, { min: 1, max: 100_000 })!;
  const windowMs = numberOption(CLI, 'window-ms', values['window-ms'], { min: 100, max: 600_000 })!;
  const plan = choiceOption(CLI, 'plan', values.plan, Plan.options)!;
  if (values.train) requireTrainingData(values['train-data']!, '--train-data');
  const say = (s: string) => void (values.json ? undefined : process.stderr.write(`${s}\n`));
  say('classifier in process…');
  const clf = await runClassifierBench();
  say('cold start of classify-ticket…');
  const cold = await coldStartMs();
  say(`pipeline: ${tickets} tickets, plan ${plan}, a ${windowMs} ms "minute"…`);
  const p = await runPipelineBench(tickets, plan, windowMs, say);
  let train: TrainPoint[] | undefined;
  if (values.train) {
    say(`training curve: ${trainRows.join(', ')} rows…`);
    train = await runTrainCurve({
      data: values['train-data']!,
      rows: trainRows,
      ...(trainEpochs ? { epochs: trainEpochs } : {}),
      say,
    });
  }
  const out = {
    classifier: { inProcess: clf.inProcess, http: p.httpClassify, loadMs: clf.loadMs, modelBytes: clf.modelBytes },
    coldStartMs: cold,
    rssMb: p.rssMb,
    images: imageSizes(),
    pipeline: {
      tickets: p.tickets,
      perWindow: p.perWindow,
      theoreticalPerWindow: p.theoreticalPerWindow,
      ratio: p.ratio,
      lost: p.lost,
      rateLimited: p.rateLimited,
      callsPerTicket: p.callsPerTicket,
      plan: p.plan,
      windowMs: p.windowMs,
      cycles: p.cycles,
      seconds: p.seconds,
    },
    ...(train ? { train } : {}),
  };
  if (values.json) return void console.log(JSON.stringify(out));
  const rows: [string, string][] = [
    ['classifier p50 / p99 (in process)', `${clf.inProcess.p50Ms} / ${clf.inProcess.p99Ms} ms`],
    [
      'classifier batch throughput',
      `${clf.inProcess.batchPerSec} tickets/s (CPU ${clf.inProcess.batchCpuUsPerTicket} µs per ticket)`,
    ],
    ['classify-ticket over HTTP p50 / p99', `${p.httpClassify.p50Ms} / ${p.httpClassify.p99Ms} ms`],
    ['model load / size', `${clf.loadMs} ms / ${(clf.modelBytes / 1e6).toFixed(1)} MB`],
    ['cold start of classify-ticket', `${cold} ms`],
    ...Object.entries(p.rssMb).map(([k, v]): [string, string] => [`peak RSS ${k}`, `${v} MB`]),
    ['pipeline tickets per window', `${p.perWindow} (theoretical ${p.theoreticalPerWindow}, ratio ${p.ratio})`],
    ['tickets lost', String(p.lost)],
    ['429 answers (all waited out)', String(p.rateLimited)],
    ['API calls per triaged ticket', String(p.callsPerTicket)],
  ];
  for (const [fn, m] of Object.entries(out.images))
    rows.push([
      `image ${fn} / its node_modules`,
      m === 'not built'
        ? 'not built (npm run test:image)'
        : `${(m.bytes / 1e6).toFixed(1)} / ${(m.nodeModulesBytes / 1e6).toFixed(1)} MB`,
    ]);
  for (const t of train ?? [])
    rows.push([
      `training on ${t.rows} rows`,
      `${t.seconds} s (CPU ${t.cpuSeconds} s), peak RSS ${t.peakRssMb} MB, model ${(t.modelBytes / 1e6).toFixed(1)} MB`,
    ]);
  for (const [k, v] of rows) console.log(`${k.padEnd(38)} ${v}`);
}

main().catch((err: unknown) => {
  console.error(`bench: ${(err as Error).message}`);
  process.exit(1);
});
