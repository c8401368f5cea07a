/**
 * Trains the multi-head model: featurise once, hold out a seeded validation split, run AdaGrad
 * epochs over a seeded shuffle, keep the weights of the best epoch (mean validation accuracy over
 * the single-label heads) and stop when it has not improved for `patience` epochs.
 */
import { featurize, FEATURE_SPEC } from '@shared/classifier/features';
import type { HeadSpec } from '@shared/classifier/manifest';
import { prepareTicket } from '@shared/classifier/text';
import { headMetrics, type HeadMetrics } from '../evaluate/metrics';
import type { Row } from './dataset';
import { prng, shuffle } from '@shared/random';
import { LinearModel, type Example } from './linear-model';
import { NEW_TICKET_MAX_COSINE, nearestCosine } from './novelty';
import { blend, buildMemory, memoryFloats, type KnnMemory } from './knn';
import type { ProgressCallback } from './progress';

export interface TrainOptions {
  labels: string[];
  tags?: string;
  seed: number;
  /** @default 0.1 */
  validationShare?: number;
  /** Fixed validation rows (e.g. a time split) instead of a random share. */
  split?: { train: Row[]; validation: Row[] };
  /** Most frequent tags kept as outputs. @default 40 */
  maxTags?: number;
  /** Blend a nearest-neighbour memory of the training tickets into the heads (knn.ts). @default true */
  memory?: boolean;
  /** @default 20 */
  maxEpochs?: number;
  /** @default 3 */
  patience?: number;
  /** AdaGrad step size. @default 1 */
  learningRate?: number;
  onEpoch?: (e: { epoch: number; maxEpochs: number; validation: Record<string, number>; best: boolean; seconds: number }) => void;
  /** Called during each phase (featurizing, training, evaluating) with the units done. */
  onProgress?: ProgressCallback;
}

export interface Trained {
  model: LinearModel;
  memory: KnnMemory | undefined;
  heads: HeadSpec[];
  metrics: Record<string, HeadMetrics>;
  /** The same figures on the validation tickets without a close paraphrase in the training part. */
  newTickets: { rows: number; accuracy: Record<string, number> };
  byLanguage: Record<string, Record<string, { accuracy: number; rows: number }>>;
  epochs: number;
  trainRows: number;
  validationRows: number;
}

function byFrequency(values: string[]): string[] {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([v]) => v);
}

export function train(rows: Row[], o: TrainOptions): Trained {
  if (rows.length < 10) throw new Error(`need at least 10 labelled rows to train, got ${rows.length}`);
  const rand = prng(o.seed);
  let trainRows: Row[];
  let validRows: Row[];
  if (o.split) ({ train: trainRows, validation: validRows } = o.split);
  else {
    const shuffled = shuffle(rows, rand);
    const nValid = Math.max(1, Math.round(shuffled.length * (o.validationShare ?? 0.1)));
    validRows = shuffled.slice(0, nValid);
    trainRows = shuffled.slice(nValid);
  }
  const heads: HeadSpec[] = [];
  let offset = 0;
  for (const name of o.labels) {
    const labels = byFrequency(trainRows.map((r) => r.labels[name] ?? ''));
    if (labels.length < 2) throw new Error(`label column "${name}" has fewer than 2 distinct values in the training rows`);
    heads.push({ name, kind: 'single', labels, offset });
    offset += labels.length;
  }
  if (o.tags) {
    const labels = byFrequency(trainRows.flatMap((r) => r.tags)).slice(0, o.maxTags ?? 40);
    if (labels.length > 0) heads.push({ name: 'tags', kind: 'multi', labels, offset });
  }
  const toExample = (r: Row): Example => {
    const f = featurize(prepareTicket(r.text.subject, r.text.body));
    const targets = heads.map((h) => (h.kind === 'multi' ? r.tags.map((t) => h.labels.indexOf(t)).filter((i) => i >= 0) : h.labels.indexOf(r.labels[h.name] ?? '')));
    return { indices: f.indices, values: f.values, targets };
  };
  const all = trainRows.length + validRows.length;
  const featurizeAll = (rs: Row[], before: number): Example[] =>
    rs.map((r, i) => {
      if (i % 1000 === 0) o.onProgress?.(before + i, all, 'featurizing');
      return toExample(r);
    });
  const trainEx = featurizeAll(trainRows, 0);
  const validEx = featurizeAll(validRows, trainRows.length);
  o.onProgress?.(all, all, 'featurizing');
  const model = new LinearModel(FEATURE_SPEC.dim, heads);
  const maxEpochs = o.maxEpochs ?? 20;
  const scratch = new Float32Array(model.columns);
  let best = { score: -1, epoch: 0, weights: model.snapshot() };
  for (let epoch = 1; epoch <= maxEpochs; epoch += 1) {
    const started = Date.now();
    const order = shuffle(trainEx, rand);
    order.forEach((ex, i) => {
      model.step(ex, o.learningRate ?? 1, scratch);
      if (i % 2000 === 0) o.onProgress?.((epoch - 1) * order.length + i, maxEpochs * order.length, 'training');
    });
    const validation = validationAccuracy(model, heads, validEx);
    const singles = heads.filter((h) => h.kind === 'single').map((h) => validation[h.name] ?? 0);
    const score = singles.reduce((s, a) => s + a, 0) / singles.length;
    const improved = score > best.score;
    if (improved) best = { score, epoch, weights: model.snapshot() };
    o.onEpoch?.({ epoch, maxEpochs, validation, best: improved, seconds: (Date.now() - started) / 1000 });
    if (epoch - best.epoch >= (o.patience ?? 3)) break;
  }
  o.onProgress?.(0, 3, 'evaluating');
  const final = new LinearModel(FEATURE_SPEC.dim, heads, best.weights);
  const memory = o.memory === false ? undefined : buildMemory(heads, trainEx);
  const predict = probabilityFn(final, heads, memory);
  o.onProgress?.(1, 3, 'evaluating');
  const near = nearestCosine(trainRows, validRows);
  o.onProgress?.(2, 3, 'evaluating');
  const isNew = near.map((c) => c < NEW_TICKET_MAX_COSINE);
  const fresh = evaluateSplit(predict, heads, validRows.filter((_, i) => isNew[i]), validEx.filter((_, i) => isNew[i]));
  const newTickets = { rows: isNew.filter(Boolean).length, accuracy: Object.fromEntries(Object.entries(fresh.metrics).map(([h, m]) => [h, m.accuracy])) };
  return { model: final, memory, heads, ...evaluateSplit(predict, heads, validRows, validEx), newTickets, epochs: best.epoch, trainRows: trainRows.length, validationRows: validRows.length };
}

/** The full model in TypeScript (linear heads, blended with the memory): what the ONNX graph computes. */
export function probabilityFn(model: LinearModel, heads: HeadSpec[], memory: KnnMemory | undefined): (indices: Int32Array, values: Float32Array) => Float32Array {
  const mem32 = memory ? memoryFloats(memory) : undefined;
  return (indices, values) => {
    const p = model.probabilities(model.logits(indices, values));
    return memory ? blend(memory, heads, indices, values, p, mem32) : p;
  };
}

function predictIndex(h: HeadSpec, p: Float32Array): number {
  let bi = 0;
  for (let c = 1; c < h.labels.length; c += 1) if ((p[h.offset + c] as number) > (p[h.offset + bi] as number)) bi = c;
  return bi;
}

function validationAccuracy(model: LinearModel, heads: HeadSpec[], ex: Example[]): Record<string, number> {
  const right: Record<string, number> = {};
  const seen: Record<string, number> = {};
  const scratch = new Float32Array(model.columns);
  for (const e of ex) {
    const p = model.probabilities(model.logits(e.indices, e.values, scratch));
    heads.forEach((h, hi) => {
      const t = e.targets[hi];
      if (h.kind === 'multi' || t === -1 || t === undefined) return;
      seen[h.name] = (seen[h.name] ?? 0) + 1;
      if (predictIndex(h, p) === t) right[h.name] = (right[h.name] ?? 0) + 1;
    });
  }
  return Object.fromEntries(Object.keys(seen).map((k) => [k, (right[k] ?? 0) / (seen[k] ?? 1)]));
}

function evaluateSplit(predict: (i: Int32Array, v: Float32Array) => Float32Array, heads: HeadSpec[], rows: Row[], ex: Example[]) {
  const pairs: Record<string, { actual: string; predicted: string; language: string }[]> = {};
  ex.forEach((e, i) => {
    const p = predict(e.indices, e.values);
    for (const h of heads) {
      if (h.kind === 'multi') continue;
      const actual = rows[i]?.labels[h.name] ?? '';
      if (!actual) continue;
      (pairs[h.name] ??= []).push({ actual, predicted: h.labels[predictIndex(h, p)] ?? '', language: rows[i]?.language ?? 'unknown' });
    }
  });
  const metrics: Record<string, HeadMetrics> = {};
  const byLanguage: Record<string, Record<string, { accuracy: number; rows: number }>> = {};
  for (const h of heads) {
    if (h.kind === 'multi') continue;
    const ps = pairs[h.name] ?? [];
    metrics[h.name] = headMetrics(ps, h.labels);
    for (const lang of new Set(ps.map((p) => p.language))) {
      const sub = ps.filter((p) => p.language === lang);
      (byLanguage[lang] ??= {})[h.name] = { accuracy: headMetrics(sub, h.labels).accuracy, rows: sub.length };
    }
  }
  return { metrics, byLanguage };
}
