/**
 * Does a model trained on a large history stay small and fast? Trains on `--rows` rows (the
 * training file repeated with light perturbation, as in train-curve.ts) into a temporary folder,
 * then measures classification with it and with the shipped model side by side in this process
 * (bench/classifier.ts: p50/p99 of one ~2,000-character ticket, batch throughput) and prints the
 * size of both folders and the per-ticket cost ratio. Everything written is removed afterwards.
 *
 * `npx tsx bench/train-scale.ts [--rows 200000] [--epochs N] [--data FILE.csv] [--json]`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runClassifierBench, type ClassifierBench } from './classifier';
import { exitUnlessTrainingData } from '../tools/data/public-tickets';
import { DEFAULT_TRAIN_DATA, folderBytes, trainOnce, writeTrainingFile } from './train-curve';

export interface ScalePoint {
  rows: number;
  train: { seconds: number; cpuSeconds: number; peakRssMb: number };
  large: ClassifierBench;
  shipped: ClassifierBench;
  /** Per-ticket p50 of the large model over the shipped one's (1 = same cost). */
  p50Ratio: number;
}

export async function runTrainScale(o: {
  rows: number;
  epochs?: number;
  data?: string;
  say?: (s: string) => void;
}): Promise<ScalePoint> {
  const say = o.say ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'train-scale-'));
  try {
    const file = join(dir, 'tickets.csv');
    writeTrainingFile(o.data ?? DEFAULT_TRAIN_DATA, o.rows, file);
    say(`training on ${o.rows} rows…`);
    const out = join(dir, 'model');
    const { stages, ...train } = await trainOnce(file, out, o.epochs);
    for (const s of stages) say(`    ${s}`);
    rmSync(file);
    say(
      `  ${train.seconds} s (CPU ${train.cpuSeconds} s), peak RSS ${train.peakRssMb} MB, model ${(folderBytes(out) / 1e6).toFixed(1)} MB; timing both models…`,
    );
    // Alternated so that load on a shared machine falls on both alike.
    const shipped = await runClassifierBench('models/ticket-triage');
    const large = await runClassifierBench(out);
    const shipped2 = await runClassifierBench('models/ticket-triage');
    const large2 = await runClassifierBench(out);
    const best = (a: ClassifierBench, b: ClassifierBench) => (a.inProcess.p50Ms <= b.inProcess.p50Ms ? a : b);
    const s = best(shipped, shipped2);
    const l = best(large, large2);
    return {
      rows: o.rows,
      train,
      large: l,
      shipped: s,
      p50Ratio: Math.round((l.inProcess.p50Ms / s.inProcess.p50Ms) * 100) / 100,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('train-scale.ts')) {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '200000' },
      epochs: { type: 'string' },
      data: { type: 'string', default: DEFAULT_TRAIN_DATA },
      json: { type: 'boolean', default: false },
    },
  });
  exitUnlessTrainingData(values.data, 'train-scale');
  const say = (s: string) => void process.stderr.write(`${s}\n`);
  runTrainScale({
    rows: Number(values.rows),
    data: values.data,
    say,
    ...(values.epochs ? { epochs: Number(values.epochs) } : {}),
  }).then((p) => {
    if (values.json) return void console.log(JSON.stringify(p));
    const line = (name: string, b: ClassifierBench) =>
      console.log(
        `${name.padEnd(22)} ${`${(b.modelBytes / 1e6).toFixed(1)} MB`.padStart(9)} ${`${b.loadMs.toFixed(0)} ms`.padStart(8)} ${`${b.inProcess.p50Ms.toFixed(3)} ms`.padStart(10)} ${`${b.inProcess.p99Ms.toFixed(3)} ms`.padStart(10)} ${`${b.inProcess.batchPerSec}/s`.padStart(9)}`,
      );
    console.log(
      `${'model'.padEnd(22)} ${'size'.padStart(9)} ${'load'.padStart(8)} ${'p50'.padStart(10)} ${'p99'.padStart(10)} ${'batch'.padStart(9)}`,
    );
    line('models/ticket-triage', p.shipped);
    line(`trained on ${p.rows} rows`, p.large);
    console.log(
      `per-ticket cost (p50) ratio: ${p.p50Ratio}; training ${p.train.seconds} s (CPU ${p.train.cpuSeconds} s), peak RSS ${p.train.peakRssMb} MB`,
    );
  });
}
