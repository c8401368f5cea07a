/**
 * `npm run train -- --data FILE.csv [--data MORE.csv] [--text subject,body] --label queue
 *   --label priority --label type [--tags tags] --out models/NAME [--seed N] [--split random|time]
 *   [--version 2.0.0] [--licence "CC BY-NC 4.0"] [--memory-max N]`
 *   --memory-max N: remember at most N training tickets (paraphrase families once, then a seeded sample).
 *   --memory-study N,M: also measure what bounding the memory to N, M tickets would cost (model card).
 *   --max-rows N: train on at most N rows, chosen while reading (row-sample.ts).
 *   --no-refit: ship the heads of the held-out run instead of refitting them on every row.
 */
import { numberOption, parseCli, usageError } from '../cli-args';
import { portableArgs, requireTrainingData } from '../data/public-tickets';
import { timeSplit } from '../shadow/time-split';
import { DatasetError, streamDataset } from './dataset';
import { MAX_TRAINING_ROWS, RowSample } from './row-sample';
import { cpuSeconds, megabytes, peakRssMb, ProgressBar } from './progress';
import { linearChoice } from './linear-card';
import { train } from './train';
import { writeModel } from './write-model';

const CLI = {
  name: 'train',
  usage: `usage: npm run train -- --data FILE.csv [--data MORE.csv] [--text subject,body] --label COL [--label COL]... [--tags COL] --out models/NAME [--seed N] [--split random|time]
  --data FILE.csv      training tickets (repeatable)          --label COL   a single-label head (repeatable)
  --text COLS          text columns (default subject,body)    --tags COL    a |-separated tag column
  --out DIR            where the model is written             --seed N      (default 42)
  --split random|time  time: validate on the newest tickets   --version V   (default: the date and time, e.g. 2026.1203.1142)
  --memory-max N       remember at most N training tickets (paraphrase families once, then a seeded sample)
  --memory-study N,M   also measure what bounding the memory to N, M tickets would cost (model card)
  --max-rows N         train on at most N rows (default ${MAX_TRAINING_ROWS}): the newest with --split time, else a seeded sample
  --no-refit           ship the heads of the held-out run (default: refit them on training + validation rows)
  --licence TEXT  --epochs N  --lr X   -h, --help`,
};
function fail(message: string): never {
  return usageError(CLI, message);
}

/** A version from the training time, `YYYY.MMDD.HHMM` without leading zeros (UTC): numeric and unique per minute. */
function timeVersion(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}.${Number(`${d.getUTCMonth() + 1}${two(d.getUTCDate())}`)}.${Number(`${d.getUTCHours()}${two(d.getUTCMinutes())}`)}`;
}

async function main(): Promise<void> {
  const values = parseCli(CLI, {
    data: { type: 'string', multiple: true },
    text: { type: 'string' },
    label: { type: 'string', multiple: true },
    tags: { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string', default: '42' },
    split: { type: 'string', default: 'random' },
    version: { type: 'string' },
    licence: { type: 'string' },
    epochs: { type: 'string' },
    lr: { type: 'string' },
    'memory-max': { type: 'string' },
    'memory-study': { type: 'string' },
    'max-rows': { type: 'string' },
    'no-refit': { type: 'boolean' },
  });
  numberOption(CLI, 'max-rows', values['max-rows'], { min: 10 });
  numberOption(CLI, 'epochs', values.epochs, { min: 1, max: 10_000 });
  numberOption(CLI, 'lr', values.lr, { min: 0, integer: false });
  if (!values.data?.length) fail('--data is required');
  for (const file of values.data) requireTrainingData(file);
  if (!values.label?.length) fail('at least one --label is required');
  if (!values.out) fail('--out is required');
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) fail(`--seed must be an integer, got ${values.seed}`);
  if (values.split !== 'random' && values.split !== 'time') fail(`--split must be random or time, got ${values.split}`);
  const started = Date.now();
  const bar = new ProgressBar();
  const sample = new RowSample(Number(values['max-rows'] ?? MAX_TRAINING_ROWS), values.split === 'time', seed);
  try {
    streamDataset(
      {
        files: values.data,
        labels: values.label,
        ...(values.text ? { text: values.text.split(',') } : {}),
        ...(values.tags ? { tags: values.tags } : {}),
        onProgress: (done, total) => bar.update('reading', done, total, megabytes),
      },
      (row) => sample.add(row),
    );
  } catch (err) {
    if (err instanceof DatasetError) fail(err.message);
    throw err;
  }
  const rows = sample.rows();
  bar.line(
    `read ${sample.seen} rows from ${values.data.join(', ')}${
      sample.seen > rows.length
        ? `; training keeps ${rows.length} (${values.split === 'time' ? 'the newest' : 'a seeded sample'}, --max-rows)`
        : ''
    }`,
  );
  const split = values.split === 'time' ? timeSplit(rows, (r) => r.time) : undefined;
  if (split)
    bar.line(
      `time split: training on ${split.train.length} rows before ${split.cutoff}, validating on the newest ${split.validation.length}`,
    );
  const trained = train(rows, {
    labels: values.label,
    ...(values.tags ? { tags: values.tags } : {}),
    seed,
    ...(split ? { split } : {}),
    ...(values.epochs ? { maxEpochs: Number(values.epochs) } : {}),
    ...(values.lr ? { learningRate: Number(values.lr) } : {}),
    ...(values['no-refit'] ? { refit: false } : {}),
    ...(values['memory-max'] ? { memoryMax: Number(values['memory-max']) } : {}),
    ...(values['memory-study'] ? { memoryStudy: values['memory-study'].split(',').map(Number) } : {}),
    onStage: (stage) => bar.line(`${stage} (at ${((Date.now() - started) / 1000).toFixed(0)} s)`),
    onProgress: (done, total, phase) => bar.update(phase ?? 'training', done, total),
    onEpoch: (e) => {
      const acc = Object.entries(e.validation)
        .map(
          ([h, a]) =>
            `${h} ${a.toFixed(3)}${e.averaged[h] === undefined ? '' : ` (last ${e.last[h]?.toFixed(3)}, averaged ${e.averaged[h].toFixed(3)})`}`,
        )
        .join('  ');
      const s = e.setting;
      bar.line(
        `${s.loss} L2 ${s.l2}${s.classWeight === 'none' ? '' : ` ${s.classWeight} classes`} epoch ${e.epoch}/${e.maxEpochs}  validation: ${acc}${e.improved ? '  (better)' : ''}  ${e.seconds.toFixed(1)} s`,
      );
    },
  });
  bar.done();
  const seconds = (Date.now() - started) / 1000;
  const licence =
    values.licence ?? (values.data.some((d) => /tickets(-de)?-train\.csv$/.test(d)) ? 'CC BY-NC 4.0' : 'your own data');
  const command = `npm run train -- ${portableArgs(process.argv.slice(2))
    .map((a) => (/[\s"]/.test(a) ? JSON.stringify(a) : a))
    .join(' ')}`;
  // A trained model gets its own version (never the shipped 2.0.0): its marker tag tells its tickets apart.
  const version = values.version ?? timeVersion(new Date(started));
  writeModel(trained, {
    out: values.out,
    version,
    data: values.data,
    licence,
    seed,
    split: values.split === 'time' ? 'time' : 'random',
    command,
    seconds,
  });
  console.error(`\n${'head'.padEnd(10)} ${'accuracy'.padStart(9)} ${'macro-F1'.padStart(9)}`);
  for (const [h, m] of Object.entries(trained.metrics))
    console.error(`${h.padEnd(10)} ${m.accuracy.toFixed(3).padStart(9)} ${m.macroF1.toFixed(3).padStart(9)}`);
  for (const [h, c] of Object.entries(trained.calibration))
    console.error(
      `${h.padEnd(10)} new ${(trained.newTickets.accuracy[h] ?? 0).toFixed(3)}  ECE ${c.ece.toFixed(3)}  threshold ${c.threshold ?? 'never'} (precision ${c.atThreshold.precision?.toFixed(3) ?? '–'}, applied ${c.atThreshold.coverage.toFixed(3)})`,
    );
  console.error(
    `wrote ${values.out} in ${seconds.toFixed(1)} s (${linearChoice(trained)}; memory ${trained.memory.kept} tickets), peak memory ${peakRssMb()} MB, CPU ${cpuSeconds().toFixed(1)} s`,
  );
}

main().catch((err: unknown) => {
  console.error(`train: ${(err as Error).message}`);
  process.exit(1);
});
