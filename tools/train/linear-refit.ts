/**
 * The refit (train.ts): the linear heads train once more on every row, validation rows included,
 * with the settings and epochs the search chose.
 */
import { prng } from '@shared/random';
import type { FeatureStore } from './feature-store';
import {
  AVERAGE_AFTER_EPOCHS,
  type HeadBest,
  headTraining,
  type LinearRunOptions,
  type LinearSetting,
  onePass,
} from './linear-fit';
import { LinearModel } from './linear-model';

/**
 * The refit: once every setting and epoch is chosen on the validation split, the heads train once
 * more on `order`'s rows (the training part and the validation part) with those settings, each head
 * for exactly its chosen number of epochs, without early stopping (there is nothing held out left
 * to stop on). A time split's validation tickets are the newest: the shipped weights learn them too.
 */
export function refitHeads(
  store: FeatureStore,
  order: Uint32Array,
  chosen: Record<string, { setting: LinearSetting; epoch: number; averaged: boolean }>,
  o: LinearRunOptions & { progressBase?: number; progressTotal?: number },
): Record<string, HeadBest> {
  const heads = store.heads;
  const first = heads.find((h) => h.kind === 'single')!.name;
  // The tag head trains under the first single head's setting and keeps the last epoch, as in trainHeads.
  const settings = heads.map((h) => chosen[h.kind === 'single' ? h.name : first]!.setting);
  const singleEpochs = heads.map((h) => (h.kind === 'single' ? Math.max(1, chosen[h.name]!.epoch) : 0));
  const last = Math.max(...singleEpochs);
  const epochs = singleEpochs.map((e) => e || last);
  const model = new LinearModel(store.dim, heads);
  const training = headTraining(heads, settings, store.labelCounts());
  const rand = prng(o.seed);
  const scratch = new Float32Array(model.columns);
  const best: Record<string, HeadBest> = {};
  const base = o.progressBase ?? 0;
  const total = o.progressTotal ?? order.length * last;
  for (let epoch = 1; epoch <= last; epoch += 1) {
    onePass(model, store, order, training, rand, scratch, o, base + (epoch - 1) * order.length, total);
    let lastW: HeadBest['snapshot'] | undefined;
    let meanW: HeadBest['snapshot'] | undefined;
    heads.forEach((h, hi) => {
      if (epochs[hi] !== epoch) return;
      const averaged = h.kind === 'single' && chosen[h.name]!.averaged;
      const snapshot = averaged ? (meanW ??= model.averaged()) : (lastW ??= model.snapshot());
      best[h.name] = { setting: settings[hi]!, score: 0, epoch, averaged, snapshot };
    });
    if (epoch === AVERAGE_AFTER_EPOCHS) model.startAveraging();
  }
  return best;
}
