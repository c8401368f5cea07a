/**
 * The training curve: `npm run train` on 5k, 20k and 50k rows, each in its own process, with its
 * wall time, its peak RSS (reported by the training CLI itself) and the size of the model folder
 * it wrote (all files). Sizes above the training file repeat it with light perturbation (a word dropped, two
 * words swapped, a reference number added), so the copies are near-duplicates rather than exact
 * ones. Files and models go to a temporary directory that is removed afterwards; nothing of the
 * data set is written into the project.
 *
 * `npx tsx bench/train-curve.ts [--data FILE.csv] [--rows 5000,20000,50000] [--epochs N] [--json]`,
 * or `npm run bench -- --train [--train-epochs N]` for the curve in the bench's JSON.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { prng } from '@shared/random';
import { DEFAULT_TRAINING_CSV, exitUnlessTrainingData, requireTrainingData } from '../tools/data/public-tickets';
import { readCsvRecords } from '../tools/train/csv-reader';

/** The training CSV when none is given: `data/` in the clone (not in git; where to download it: tools/data/public-tickets.ts). */
export const DEFAULT_TRAIN_DATA = DEFAULT_TRAINING_CSV;
export const DEFAULT_TRAIN_ROWS = [5000, 20_000, 50_000];

export interface TrainPoint {
  rows: number;
  seconds: number;
  peakRssMb: number;
  modelBytes: number;
  /** CPU time of the training process: wall time on a shared machine also counts other processes' work. */
  cpuSeconds: number;
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
): Promise<{ seconds: number; peakRssMb: number; cpuSeconds: number; stages: string[] }> {
  const loader = createRequire(join(process.cwd(), 'package.json')).resolve('tsx/esm');
  const args = [
    '--import',
    loader,
    'tools/train/cli.ts',
    '--data',
    file,
    '--label',
    'queue',
    '--label',
    'priority',
    '--label',
    'type',
    '--tags',
    'tags',
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
  say?: (s: string) => void;
}

export async function runTrainCurve(o: TrainCurveOptions = {}): Promise<TrainPoint[]> {
  const { data: source = DEFAULT_TRAIN_DATA, rows: sizes = DEFAULT_TRAIN_ROWS, epochs, say = () => {} } = o;
  const dir = mkdtempSync(join(tmpdir(), 'train-curve-'));
  try {
    const points: TrainPoint[] = [];
    for (const rows of sizes) {
      const file = join(dir, `tickets-${rows}.csv`);
      writeTrainingFile(source, rows, file);
      say(`training on ${rows} rows…`);
      const out = join(dir, `model-${rows}`);
      const { stages, ...r } = await trainOnce(file, out, epochs);
      points.push({ rows, ...r, modelBytes: folderBytes(out) });
      for (const s of stages) say(`    ${s}`);
      say(`  ${rows} rows: ${r.seconds} s (CPU ${r.cpuSeconds} s), peak RSS ${r.peakRssMb} MB`);
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
      json: { type: 'boolean', default: false },
    },
  });
  exitUnlessTrainingData(values.data, 'train-curve');
  const say = (s: string) => void process.stderr.write(`${s}\n`);
  runTrainCurve({
    data: values.data,
    rows: values.rows.split(',').map(Number),
    ...(values.epochs ? { epochs: Number(values.epochs) } : {}),
    ...(values.json ? {} : { say }),
  }).then((points) => {
    if (values.json) return void console.log(JSON.stringify({ train: points }));
    console.log(
      `${'rows'.padStart(7)} ${'seconds'.padStart(8)} ${'CPU s'.padStart(8)} ${'peak RSS'.padStart(9)} ${'model'.padStart(8)}`,
    );
    for (const p of points)
      console.log(
        `${String(p.rows).padStart(7)} ${p.seconds.toFixed(1).padStart(8)} ${p.cpuSeconds.toFixed(1).padStart(8)} ${`${p.peakRssMb} MB`.padStart(9)} ${`${(p.modelBytes / 1e6).toFixed(1)} MB`.padStart(8)}`,
      );
  });
}
