/**
 * The search over the linear heads' settings (linear-fit.ts trains one setting):
 *   1. per loss (logistic, squared hinge), L2 over 1e-4 .. 1e-2 in steps of 10;
 *   2. while a head's best L2 sits at an end of what was tried, one more step out (1e-8 .. 1), so
 *      the chosen value is always inside the range;
 *   3. around each head's best loss and L2, the half steps (x/3.16, x*3.16);
 *   4. at each head's best (loss, L2), class weights "balanced" against none.
 * Large histories: the trials run on a seeded sample of at most `sampleMax` training rows, then
 * the heads are trained once more on every row with each head's chosen setting (early stopping
 * again, at most FINAL_STEPS_MAX row-steps), so the search costs the same at 50k and at 1M rows.
 * The tag head is frozen in the trials (it is most of the columns and is not chosen by them).
 */
import type { HeadSpec } from '@shared/classifier/manifest';
import { prng, shuffle } from '@shared/random';
import type { FeatureStore } from './feature-store';
import {
  assemble,
  type ClassWeighting,
  type HeadBest,
  type LinearRunOptions,
  type LinearSetting,
  type LinearTrial,
  trainHeads,
} from './linear-fit';
import type { LinearLoss, LinearModel } from './linear-model';

export interface LinearSearchOptions extends LinearRunOptions {
  losses: LinearLoss[];
  /** The first L2 values tried per loss. */
  l2: number[];
  /** Widen and refine the L2 range around each head's best (false: exactly `l2`). */
  widen: boolean;
  classWeights: ClassWeighting[];
  /** The trials run on at most this many training rows (seeded sample). */
  sampleMax: number;
  /**
   * The heads are refitted after the search (train.ts), which trains the tag head too: without a
   * sample the search then needs no final run of its own.
   */
  refitFollows?: boolean;
}

/**
 * The final run on every row takes at most this many row-steps (at least 2 epochs): with
 * averaged weights a large history needs fewer passes, and 200k rows stay within minutes.
 */
const FINAL_STEPS_MAX = 400_000;

export const DEFAULT_SEARCH = {
  losses: ['logistic', 'hinge'] as LinearLoss[],
  l2: [1e-4, 1e-3, 1e-2],
  widen: true,
  classWeights: ['none', 'balanced'] as ClassWeighting[],
  sampleMax: 10_000,
};

const L2_MIN = 1e-8;
const L2_MAX = 1;
const HALF_STEP = Math.sqrt(10);
const round2 = (x: number) => Number(x.toPrecision(2));
const key = (s: LinearSetting) => `${s.loss}/${s.l2}/${s.classWeight}`;

export interface LinearSearchResult {
  model: LinearModel;
  /** Per single head: the chosen setting, its epoch and validation score (of the final run). */
  chosen: Record<string, { setting: LinearSetting; epoch: number; averaged: boolean; score: number }>;
  trials: LinearTrial[];
  /** The trials' sample and the final run's rows (same when no sample was needed). */
  sampleRows: number;
  trainRows: number;
}

export function searchLinear(
  store: FeatureStore,
  valid: FeatureStore,
  isNew: boolean[],
  o: LinearSearchOptions,
): LinearSearchResult {
  const heads = store.heads;
  const singles = heads.filter((h) => h.kind === 'single');
  const counts = store.labelCounts();
  const all = Uint32Array.from({ length: store.rows }, (_, i) => i);
  const sampled = store.rows > o.sampleMax;
  const sample = sampled ? Uint32Array.from(shuffle(Array.from(all), prng(o.seed)).slice(0, o.sampleMax)).sort() : all;
  const trials: LinearTrial[] = [];
  const tried = new Set<string>();
  const best: Record<string, HeadBest> = {};
  const run = (setting: LinearSetting): void => {
    if (tried.has(key(setting))) return;
    tried.add(key(setting));
    const started = Date.now();
    const got = trainHeads(
      store,
      sample,
      valid,
      isNew,
      heads.map(() => setting),
      counts,
      // The tag head (most of the columns) does not vote in the search: it trains in the final run or the refit.
      { ...o, freezeMulti: true },
    );
    trials.push({
      setting,
      rows: sample.length,
      scores: Object.fromEntries(
        singles.map((h) => [
          h.name,
          { score: got[h.name]!.score, epoch: got[h.name]!.epoch, averaged: got[h.name]!.averaged },
        ]),
      ),
      seconds: (Date.now() - started) / 1000,
    });
    for (const h of singles)
      if (!best[h.name] || got[h.name]!.score > best[h.name]!.score + 1e-9) {
        best[h.name] = got[h.name]!;
        // The tag head takes the first single head's setting (its weights come from the final run or the refit).
        if (h === singles[0]) for (const t of heads) if (t.kind === 'multi') best[t.name] = got[t.name]!;
      }
  };
  const bestL2 = (h: HeadSpec, loss: LinearLoss): number | undefined => {
    const mine = trials.filter((t) => t.setting.loss === loss && t.setting.classWeight === 'none');
    // Ties go to the stronger L2 (the simpler model), so a plateau does not walk the range outwards.
    mine.sort((a, b) => b.scores[h.name]!.score - a.scores[h.name]!.score || b.setting.l2 - a.setting.l2);
    return mine[0]?.setting.l2;
  };
  for (const loss of o.losses) {
    for (const l2 of o.l2) run({ loss, l2, classWeight: 'none' });
    if (!o.widen) continue;
    for (let guard = 0; guard < 8; guard += 1) {
      const values = trials.filter((t) => t.setting.loss === loss).map((t) => t.setting.l2);
      const lo = Math.min(...values);
      const hi = Math.max(...values);
      const next = new Set<number>();
      for (const h of singles) {
        const b = bestL2(h, loss);
        if (b === lo && lo > L2_MIN && lo > 0) next.add(round2(lo / 10));
        if (b === hi && hi < L2_MAX) next.add(round2(hi === 0 ? 1e-6 : hi * 10));
      }
      if (next.size === 0) break;
      for (const l2 of next) run({ loss, l2, classWeight: 'none' });
    }
  }
  // The half steps, around each head's best loss and L2 only.
  if (o.widen)
    for (const h of singles) {
      const { loss, l2 } = best[h.name]!.setting;
      if (l2 <= 0) continue;
      run({ loss, l2: round2(l2 / HALF_STEP), classWeight: 'none' });
      run({ loss, l2: round2(l2 * HALF_STEP), classWeight: 'none' });
    }
  for (const weighting of o.classWeights)
    for (const h of singles) {
      const s = best[h.name]!.setting;
      run({ ...s, classWeight: weighting });
    }
  let final = best;
  const hasTags = heads.some((h) => h.kind === 'multi');
  if (sampled || (hasTags && !o.refitFollows)) {
    // Every row, each head under its chosen setting, early-stopped on the same validation tickets.
    const settings = heads.map((h) => best[h.kind === 'single' ? h.name : singles[0]!.name]!.setting);
    const maxEpochs = Math.min(o.maxEpochs, Math.max(2, Math.ceil(FINAL_STEPS_MAX / all.length)));
    // With a refit to follow, the tag head trains there: the final run only needs the single heads' held-out scores.
    final = trainHeads(store, all, valid, isNew, settings, counts, {
      ...o,
      maxEpochs,
      freezeMulti: o.refitFollows === true,
    });
  }
  return {
    model: assemble(store.dim, heads, final),
    chosen: Object.fromEntries(
      singles.map((h) => [
        h.name,
        {
          setting: final[h.name]!.setting,
          epoch: final[h.name]!.epoch,
          averaged: final[h.name]!.averaged,
          score: final[h.name]!.score,
        },
      ]),
    ),
    trials,
    sampleRows: sample.length,
    trainRows: store.rows,
  };
}
