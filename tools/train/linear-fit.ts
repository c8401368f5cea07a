/**
 * Trains the linear heads and chooses, per head, how: the loss (logistic or squared hinge), the L2
 * strength and the class weighting, each with its best epoch (early stopping), all by accuracy on
 * the validation split (the mean of all and of new validation tickets, as the blend is chosen).
 * Every trial trains all heads at once under one setting; each head keeps the snapshot of its own
 * best trial and epoch, so choosing per head costs nothing extra. The search (linear-search.ts)
 * widens the L2 range until each head's best value lies inside it.
 */
import type { HeadSpec } from '@shared/classifier/manifest';
import { prng, shuffle } from '@shared/random';
import type { FeatureStore } from './feature-store';
import { type HeadTraining, LinearModel, type LinearLoss } from './linear-model';

export type ClassWeighting = 'none' | 'balanced';

export interface LinearSetting {
  loss: LinearLoss;
  l2: number;
  classWeight: ClassWeighting;
}

export interface EpochReport {
  setting: LinearSetting;
  epoch: number;
  maxEpochs: number;
  /** Per single head: the score it is chosen by (the better of the last and the averaged weights). */
  validation: Record<string, number>;
  /** The scores of the last weights and of the averaged ones (none in the first epoch). */
  last: Record<string, number>;
  averaged: Record<string, number>;
  improved: boolean;
  seconds: number;
}

export interface LinearRunOptions {
  maxEpochs: number;
  /** Leave the multi-label (tag) heads untrained in this run. */
  freezeMulti?: boolean;
  patience: number;
  learningRate: number;
  seed: number;
  onEpoch?: (e: EpochReport) => void;
  /** Units: training rows stepped. */
  onProgress?: (done: number, total: number) => void;
}

/** One trial of the search: the setting and, per single head, its best score and epoch. */
export interface LinearTrial {
  setting: LinearSetting;
  rows: number;
  scores: Record<string, { score: number; epoch: number; averaged: boolean }>;
  seconds: number;
}

export interface HeadBest {
  setting: LinearSetting;
  score: number;
  epoch: number;
  /** The weights averaged over the steps since the first epoch (averaged SGD) validated better than the last ones. */
  averaged: boolean;
  snapshot: { w: Float32Array; b: Float32Array };
}

/** Averaging starts after this many epochs (the first epoch's early iterates are far from the optimum). */
export const AVERAGE_AFTER_EPOCHS = 1;

function argmaxIn(z: Float32Array, h: HeadSpec): number {
  let b = 0;
  for (let c = 1; c < h.labels.length; c += 1) if ((z[h.offset + c] as number) > (z[h.offset + b] as number)) b = c;
  return b;
}

/**
 * Per single head, the score it is chosen by: accuracy on all validation tickets, averaged with
 * accuracy on the new ones when there are at least 30 (the memory recalls recurring tickets; the
 * linear part must also generalise).
 * @internal exported for tests
 */
export function validationScores(model: LinearModel, valid: FeatureStore, isNew: boolean[]): Record<string, number> {
  const heads = model.heads;
  const useNew = isNew.filter(Boolean).length >= 30;
  const right = new Float64Array(heads.length * 2);
  const seen = new Float64Array(heads.length * 2);
  const scratch = new Float32Array(model.columns);
  for (let r = 0; r < valid.rows; r += 1) {
    const e = valid.example(r);
    const z = model.logits(e.indices, e.values, scratch);
    heads.forEach((h, hi) => {
      const t = e.targets[hi];
      if (h.kind === 'multi' || typeof t !== 'number' || t < 0) return;
      const ok = argmaxIn(z, h) === t ? 1 : 0;
      for (const k of isNew[r] && useNew ? [0, 1] : [0]) {
        seen[hi * 2 + k] = seen[hi * 2 + k]! + 1;
        right[hi * 2 + k] = right[hi * 2 + k]! + ok;
      }
    });
  }
  const out: Record<string, number> = {};
  heads.forEach((h, hi) => {
    if (h.kind === 'multi' || !seen[hi * 2]) return;
    const all = right[hi * 2]! / seen[hi * 2]!;
    out[h.name] = useNew && seen[hi * 2 + 1]! > 0 ? (all + right[hi * 2 + 1]! / seen[hi * 2 + 1]!) / 2 : all;
  });
  return out;
}

/**
 * "balanced" weights a label by (rows / (labels x its rows))^0.5: rare labels count more, softened by the root.
 * @internal exported for tests
 */
export function classWeights(counts: number[], weighting: ClassWeighting): Float32Array | undefined {
  if (weighting === 'none') return undefined;
  const total = counts.reduce((s, n) => s + n, 0);
  return Float32Array.from(counts, (n) => (n > 0 ? Math.min(10, Math.sqrt(total / (counts.length * n))) : 1));
}

/**
 * Trains one model for up to `maxEpochs` passes over `order`'s rows with per-head settings, and
 * keeps per single head the snapshot of its best epoch; stops when no head improved for `patience`
 * epochs. Returns those bests by head name.
 */
export function trainHeads(
  store: FeatureStore,
  order: Uint32Array,
  valid: FeatureStore,
  isNew: boolean[],
  settings: LinearSetting[],
  counts: number[][],
  o: LinearRunOptions & { progressBase?: number; progressTotal?: number },
): Record<string, HeadBest> {
  const heads = store.heads;
  const model = new LinearModel(store.dim, heads);
  const training = headTraining(heads, settings, counts, o.freezeMulti);
  const rand = prng(o.seed);
  const scratch = new Float32Array(model.columns);
  const best: Record<string, HeadBest> = {};
  let lastImproved = 0;
  const base = o.progressBase ?? 0;
  const total = o.progressTotal ?? order.length * o.maxEpochs;
  for (let epoch = 1; epoch <= o.maxEpochs; epoch += 1) {
    const started = Date.now();
    onePass(model, store, order, training, rand, scratch, o, base + (epoch - 1) * order.length, total);
    const last = validationScores(model, valid, isNew);
    const mean = epoch > AVERAGE_AFTER_EPOCHS ? model.averaged() : undefined;
    const averaged = mean ? validationScores(new LinearModel(store.dim, heads, mean), valid, isNew) : {};
    if (epoch === AVERAGE_AFTER_EPOCHS) model.startAveraging();
    const validation: Record<string, number> = {};
    let snapshot: HeadBest['snapshot'] | undefined;
    let improved = false;
    heads.forEach((h, hi) => {
      const useMean = (averaged[h.name] ?? -1) > (last[h.name] ?? -1);
      const score = useMean ? averaged[h.name] : last[h.name];
      if (score === undefined) return;
      validation[h.name] = score;
      if (best[h.name] && score <= best[h.name]!.score) return;
      snapshot = useMean ? mean! : model.snapshot();
      best[h.name] = { setting: settings[hi]!, score, epoch, averaged: useMean, snapshot };
      improved = true;
    });
    if (improved) lastImproved = epoch;
    o.onEpoch?.({
      setting: settings.find((_, hi) => heads[hi]!.kind === 'single') ?? settings[0]!,
      epoch,
      maxEpochs: o.maxEpochs,
      validation,
      last,
      averaged,
      improved,
      seconds: (Date.now() - started) / 1000,
    });
    if (epoch - lastImproved >= o.patience) break;
  }
  // The tag head has no validation score: it takes the last epoch's weights of this run.
  const last = model.snapshot();
  for (const h of heads)
    if (h.kind === 'multi')
      best[h.name] = { setting: settings[0]!, score: 0, epoch: 0, averaged: false, snapshot: last };
  return best;
}

/** One epoch: every row of `order` once, in a fresh shuffled order. */
export function onePass(
  model: LinearModel,
  store: FeatureStore,
  order: Uint32Array,
  training: HeadTraining[],
  rand: () => number,
  scratch: Float32Array,
  o: LinearRunOptions,
  done: number,
  total: number,
): void {
  const rows = shuffle(Array.from(order), rand);
  rows.forEach((r, i) => {
    model.step(store.example(r), o.learningRate, scratch, training);
    if (i % 2000 === 0) o.onProgress?.(done + i, total);
  });
}

/** Per head: its loss, L2, class weights (from the label counts) and whether it is frozen. */
export function headTraining(
  heads: HeadSpec[],
  settings: LinearSetting[],
  counts: number[][],
  freezeMulti = false,
): HeadTraining[] {
  let s = 0;
  return heads.map((h, hi) => {
    const setting = settings[hi]!;
    const cw = h.kind === 'single' ? classWeights(counts[s++]!, setting.classWeight) : undefined;
    return {
      loss: setting.loss,
      l2: setting.l2,
      ...(cw ? { classWeights: cw } : {}),
      ...(freezeMulti && h.kind === 'multi' ? { frozen: true } : {}),
    };
  });
}

/** A model whose columns of each head come from that head's best snapshot. */
export function assemble(dim: number, heads: HeadSpec[], best: Record<string, HeadBest>): LinearModel {
  const columns = heads.reduce((n, h) => n + h.labels.length, 0);
  const w = new Float32Array(dim * columns);
  const b = new Float32Array(columns);
  for (const h of heads) {
    const s = best[h.name]!.snapshot;
    const end = h.offset + h.labels.length;
    b.set(s.b.subarray(h.offset, end), h.offset);
    for (let row = 0; row < dim; row += 1)
      w.set(s.w.subarray(row * columns + h.offset, row * columns + end), row * columns + h.offset);
  }
  return new LinearModel(dim, heads, { w, b });
}
