/**
 * The training curve: `npm run train` on 50k, 200k and 1M rows, each in its own process, with its
 * wall time, CPU time, peak RSS (reported by the training CLI itself), the size of the model folder
 * it wrote (all files) and the machine's 1-minute load average when it finished (the machine may
 * be shared: CPU time is the figure that does not depend on it). Sizes above the training file
 * re-combine its real tickets: each later copy of a ticket drops one word, swaps two neighbours
 * and adds a reference number, keeping its labels, dates and other columns, so the copies are
 * near-duplicates rather than exact ones. Above `--max-rows` (200k) the trainer keeps a bounded
 * sample (row-sample.ts), which the 1M point measures. Files and models go to a temporary
 * directory that is removed afterwards; nothing of the data set is written into the project.
 *
 * `npx tsx bench/train-curve.ts [--data FILE.csv] [--label queue,priority,type] [--tags tags]
 *   [--rows 50000,200000,1000000] [--epochs N] [--json]`, e.g. on a real forum's questions:
 * `--data firefox-support.csv --label topic --tags tags`;
 * or `npm run bench -- --train [--train-epochs N]` for the curve in the bench's JSON.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { prng } from '@shared/random';
import { DEFAULT_TRAINING_CSV, exitUnlessTrainingData, requireTrainingData } from '../tools/data/public-tickets';
import { readCsvRecords } from '../tools/train/csv-reader';

/** The training CSV when none is given: `data/` in the clone (not in git; where to download it: tools/data/public-tickets.ts). */
export const DEFAULT_TRAIN_DATA = DEFAULT_TRAINING_CSV;
export const DEFAULT_TRAIN_ROWS = [50_000, 200_000, 1_000_000];
const DEFAULT_LABELS = ['queue', 'priority', 'type'];

export interface TrainPoint {
  rows: number;
  seconds: number;
  peakRssMb: number;
  modelBytes: number;
  /** CPU time of the training process: wall time on a shared machine also counts other processes' work. */
  cpuSeconds: number;
  /** The machine's 1-minute load average when the run ended. */
  load: number;
}

/** Every file of a model folder (model.onnx, memory.bin, manifest, card): what a deployment ships. */
export const folderBytes = (dir: string): number =>
  readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);

const quote = (f: string) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);

/** A near-duplicate of a ticket body: one word dropped, two neighbours swapped, a reference added. */
function perturb(body: string, rand: () => number): string {
  const words = body.split(' ');
  if (words.length > 4) {
    words.splice(Math.floor(rand() * words.length), 1);
    const i = Math.floor(rand() * (words.length - 1));
    [words[i], words[i + 1]] = [words[i + 1] as string, words[i] as string];
  }
  return `${words.join(' ')} (ref ${Math.floor(rand() * 1e6)})`;
}

/** Writes `rows` rows built from `source` to `file` (streamed: the source is read once per copy). */
export function writeTrainingFile(source: string, rows: number, file: string, seed = 1): void {
  requireTrainingData(source);
  const fd = openSync(file, 'w');
  const rand = prng(seed);
  try {
    let written = 0;
    for (let copy = 0; written < rows; copy += 1) {
      let header: string[] | undefined;
      let bodyAt = -1;
      readCsvRecords(source, (fields) => {
        if (!header) {
          header = fields;
          bodyAt = fields.indexOf('body');
          if (copy === 0) writeSync(fd, `${fields.map(quote).join(',')}\n`);
          return;
        }
        if (written >= rows) return false;
        const out = copy === 0 || bodyAt < 0 ? fields : fields.map((f, i) => (i === bodyAt ? perturb(f, rand) : f));
        writeSync(fd, `${out.map(quote).join(',')}\n`);
        written += 1;
      });
      if (!header) throw new Error(`${source} is empty`);
    }
  } finally {
    closeSync(fd);
  }
}

export function trainOnce(
  file: string,
  out: string,
  epochs?: number,
  columns: { labels: string[]; tags?: string } = { labels: DEFAULT_LABELS, tags: 'tags' },
): Promise<{ seconds: number; peakRssMb: number; cpuSeconds: number; load: number; stages: string[] }> {
  const loader = createRequire(join(process.cwd(), 'package.json')).resolve('tsx/esm');
  const args = [
    '--import',
    loader,
    'tools/train/cli.ts',
    '--data',
    file,
    ...columns.labels.flatMap((l) => ['--label', l]),
    ...(columns.tags ? ['--tags', columns.tags] : []),
    '--out',
    out,
    '--seed',
    '42',
    ...(epochs ? ['--epochs', String(epochs)] : []),
  ];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const m = /peak memory (\d+) MB, CPU ([\d.]+) s/.exec(stderr);
      if (code !== 0 || !m)
        return reject(new Error(`training on ${file} failed (exit ${code}):\n${stderr.slice(-2000)}`));
      resolve({
        seconds: Math.round(seconds * 10) / 10,
        peakRssMb: Number(m[1]),
        cpuSeconds: Number(m[2]),
        load: Math.round(loadavg()[0]! * 10) / 10,
        stages: stderr.split('\n').filter((l) => / \(at \d+ s\)$/.test(l)),
      });
    });
  });
}

export interface TrainCurveOptions {
  data?: string;
  rows?: number[];
  /** Passed to `npm run train -- --epochs`: fewer epochs for a quick look at the growth. @default the training default */
  epochs?: number;
  labels?: string[];
  tags?: string;
  say?: (s: string) => void;
}

export async function runTrainCurve(o: TrainCurveOptions = {}): Promise<TrainPoint[]> {
  const { data: source = DEFAULT_TRAIN_DATA, rows: sizes = DEFAULT_TRAIN_ROWS, epochs, say = () => {} } = o;
  const columns = { labels: o.labels ?? DEFAULT_LABELS, ...(o.tags === '' ? {} : { tags: o.tags ?? 'tags' }) };
  const dir = mkdtempSync(join(tmpdir(), 'train-curve-'));
  try {
    const points: TrainPoint[] = [];
    for (const rows of sizes) {
      const file = join(dir, `tickets-${rows}.csv`);
      writeTrainingFile(source, rows, file);
      say(`training on ${rows} rows…`);
      const out = join(dir, `model-${rows}`);
      const { stages, ...r } = await trainOnce(file, out, epochs, columns);
      points.push({ rows, ...r, modelBytes: folderBytes(out) });
      for (const s of stages) say(`    ${s}`);
      say(`  ${rows} rows: ${r.seconds} s (CPU ${r.cpuSeconds} s), peak RSS ${r.peakRssMb} MB, load ${r.load}`);
      rmSync(file);
    }
    return points;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('train-curve.ts')) {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: DEFAULT_TRAIN_DATA },
      rows: { type: 'string', default: DEFAULT_TRAIN_ROWS.join(',') },
      epochs: { type: 'string' },
      label: { type: 'string', default: DEFAULT_LABELS.join(',') },
      tags: { type: 'string', default: 'tags' },
      json: { type: 'boolean', default: false },
    },
  });
  exitUnlessTrainingData(values.data, 'train-curve');
  const say = (s: string) => void process.stderr.write(`${s}\n`);
  runTrainCurve({
    data: values.data,
    rows: values.rows.split(',').map(Number),
    ...(values.epochs ? { epochs: Number(values.epochs) } : {}),
    labels: values.label.split(','),
    tags: values.tags,
    ...(values.json ? {} : { say }),
  }).then((points) => {
    if (values.json) return void console.log(JSON.stringify({ train: points }));
    console.log(
      `${'rows'.padStart(7)} ${'seconds'.padStart(8)} ${'CPU s'.padStart(8)} ${'peak RSS'.padStart(9)} ${'model'.padStart(8)} ${'load'.padStart(5)}`,
    );
    for (const p of points)
      console.log(
        `${String(p.rows).padStart(7)} ${p.seconds.toFixed(1).padStart(8)} ${p.cpuSeconds.toFixed(1).padStart(8)} ${`${p.peakRssMb} MB`.padStart(9)} ${`${(p.modelBytes / 1e6).toFixed(1)} MB`.padStart(8)} ${p.load.toFixed(1).padStart(5)}`,
      );
  });
}
