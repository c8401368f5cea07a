/**
 * Trains the linear heads for each L2 strength of a small grid and keeps the weights (strength and
 * epoch) with the best accuracy on the NEW validation tickets (no close paraphrase in the training
 * part): the memory already recalls recurring tickets, the linear part must generalise.
 */
import type { HeadSpec } from '@shared/classifier/manifest';
import { prng, shuffle } from '@shared/random';
import { LinearModel, type Example } from './linear-model';

export interface LinearFitOptions {
  dim: number;
  heads: HeadSpec[];
  seed: number;
  l2Grid: number[];
  maxEpochs: number;
  patience: number;
  learningRate: number;
  onEpoch?: (e: {
    l2: number;
    epoch: number;
    maxEpochs: number;
    validation: Record<string, number>;
    best: boolean;
    seconds: number;
  }) => void;
  onProgress?: (done: number, total: number) => void;
}

export interface LinearFit {
  model: LinearModel;
  l2: number;
  epoch: number;
  /** Mean accuracy of the single-label heads on the new validation tickets, per L2 strength (best epoch). */
  grid: { l2: number; epoch: number; newAccuracy: number }[];
}

function argmax(z: Float32Array, h: HeadSpec): number {
  let b = 0;
  for (let c = 1; c < h.labels.length; c += 1) if ((z[h.offset + c] as number) > (z[h.offset + b] as number)) b = c;
  return b;
}

/** Accuracy per single head over examples (optionally only those flagged). */
function linearAccuracy(
  model: LinearModel,
  heads: HeadSpec[],
  ex: Example[],
  only?: boolean[],
): Record<string, number> {
  const right: Record<string, number> = {};
  const seen: Record<string, number> = {};
  const scratch = new Float32Array(model.columns);
  ex.forEach((e, i) => {
    if (only && !only[i]) return;
    const z = model.logits(e.indices, e.values, scratch);
    heads.forEach((h, hi) => {
      const t = e.targets[hi];
      if (h.kind === 'multi' || typeof t !== 'number' || t < 0) return;
      seen[h.name] = (seen[h.name] ?? 0) + 1;
      if (argmax(z, h) === t) right[h.name] = (right[h.name] ?? 0) + 1;
    });
  });
  return Object.fromEntries(Object.keys(seen).map((k) => [k, (right[k] ?? 0) / (seen[k] ?? 1)]));
}

const mean = (r: Record<string, number>) =>
  Object.values(r).reduce((s, x) => s + x, 0) / Math.max(1, Object.values(r).length);

export function fitLinear(trainEx: Example[], validEx: Example[], isNew: boolean[], o: LinearFitOptions): LinearFit {
  // Too few new tickets to choose by: choose on all validation tickets.
  const only = isNew.filter(Boolean).length >= 30 ? isNew : undefined;
  let best: { score: number; l2: number; epoch: number; weights: { w: Float32Array; b: Float32Array } } | undefined;
  const grid: LinearFit['grid'] = [];
  const total = o.l2Grid.length * o.maxEpochs * trainEx.length;
  let done = 0;
  for (const l2 of o.l2Grid) {
    const rand = prng(o.seed);
    const model = new LinearModel(o.dim, o.heads);
    const scratch = new Float32Array(model.columns);
    let local = { score: -1, epoch: 0 };
    for (let epoch = 1; epoch <= o.maxEpochs; epoch += 1) {
      const started = Date.now();
      shuffle(trainEx, rand).forEach((ex, i) => {
        model.step(ex, o.learningRate, scratch, l2);
        if (i % 2000 === 0) o.onProgress?.(done + i, total);
      });
      done += trainEx.length;
      const validation = linearAccuracy(model, o.heads, validEx, only);
      const score = mean(validation);
      const improved = score > local.score;
      if (improved) local = { score, epoch };
      if (!best || score > best.score) best = { score, l2, epoch, weights: model.snapshot() };
      o.onEpoch?.({
        l2,
        epoch,
        maxEpochs: o.maxEpochs,
        validation,
        best: improved,
        seconds: (Date.now() - started) / 1000,
      });
      if (epoch - local.epoch >= o.patience) {
        done += (o.maxEpochs - epoch) * trainEx.length;
        break;
      }
    }
    grid.push({ l2, epoch: local.epoch, newAccuracy: Math.round(local.score * 10_000) / 10_000 });
  }
  return { model: new LinearModel(o.dim, o.heads, best!.weights), l2: best!.l2, epoch: best!.epoch, grid };
}
