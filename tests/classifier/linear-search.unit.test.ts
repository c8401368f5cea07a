import { describe, expect, it } from 'vitest';
import { memoryNeeded } from '@shared/classifier/blend';
import type { HeadSpec } from '@shared/classifier/manifest';
import { prng } from '@shared/random';
import type { Row } from '../../tools/train/dataset';
import { FeatureStore } from '../../tools/train/feature-store';
import { assemble, classWeights, validationScores } from '../../tools/train/linear-fit';
import { refitHeads } from '../../tools/train/linear-refit';
import { searchLinear } from '../../tools/train/linear-search';
import { LinearModel } from '../../tools/train/linear-model';
import { RowSample } from '../../tools/train/row-sample';

const heads: HeadSpec[] = [
  { name: 'queue', kind: 'single', labels: ['a', 'b', 'c'], offset: 0 },
  { name: 'tags', kind: 'multi', labels: ['x', 'y'], offset: 3 },
];

/** Tickets whose label is told by one of three marker features among random noise (10% of labels flipped). */
function toyStore(rows: number, seed: number): FeatureStore {
  const rand = prng(seed);
  const store = new FeatureStore(256, heads);
  for (let r = 0; r < rows; r += 1) {
    const label = Math.floor(rand() * 3);
    const noise = Array.from({ length: 6 }, () => 10 + Math.floor(rand() * 240));
    const indices = [label, ...new Set(noise)];
    const values = indices.map(() => 1 / Math.sqrt(indices.length));
    const target = rand() < 0.1 ? (label + 1) % 3 : label;
    store.add(indices, values, [target, label === 0 ? [0] : []]);
  }
  return store;
}

describe('FeatureStore', () => {
  it('gives back each row as it was added, with its targets and the label counts', () => {
    const s = new FeatureStore(1024, heads);
    s.add([1, 5, 900], [0.5, 0.25, 0.25], [2, [0, 1]]);
    s.add([7], [1], [-1, []]);
    const e0 = s.example(0);
    expect(Array.from(e0.indices)).toEqual([1, 5, 900]);
    expect(Array.from(e0.values)).toEqual([0.5, 0.25, 0.25]);
    expect(e0.targets).toEqual([2, [0, 1]]);
    expect(s.example(1).targets).toEqual([-1, []]);
    expect(s.labelCounts()).toEqual([[0, 0, 1]]);
  });

  it('refuses a feature space its 16-bit indices cannot hold', () => {
    expect(() => new FeatureStore(1 << 17, heads)).toThrow(/16 bits/);
  });
});

describe('class weights', () => {
  it('weighs rare labels up by the root of their rarity, and none means none', () => {
    expect(classWeights([90, 10], 'none')).toBeUndefined();
    const w = classWeights([90, 10], 'balanced')!;
    expect(w[0]).toBeCloseTo(Math.sqrt(100 / 180), 5);
    expect(w[1]).toBeCloseTo(Math.sqrt(100 / 20), 5);
  });
});

describe('searchLinear', () => {
  const train = toyStore(600, 1);
  const valid = toyStore(200, 2);
  const isNew = new Array<boolean>(200).fill(true);
  const run = (o: Partial<Parameters<typeof searchLinear>[3]> = {}) =>
    searchLinear(train, valid, isNew, {
      losses: ['logistic', 'hinge'],
      l2: [1e-4, 1e-3],
      widen: true,
      classWeights: ['none', 'balanced'],
      sampleMax: 10_000,
      maxEpochs: 3,
      patience: 1,
      learningRate: 0.5,
      seed: 3,
      ...o,
    });

  it('tries both losses and class weights, and widens L2 until the chosen value lies inside the tried range', () => {
    const r = run();
    const chosen = r.chosen.queue!;
    expect(new Set(r.trials.map((t) => t.setting.loss))).toEqual(new Set(['logistic', 'hinge']));
    expect(r.trials.some((t) => t.setting.classWeight === 'balanced')).toBe(true);
    const tried = r.trials.filter((t) => t.setting.loss === chosen.setting.loss).map((t) => t.setting.l2);
    expect(tried.length).toBeGreaterThan(2);
    const inside = chosen.setting.l2 > Math.min(...tried) && chosen.setting.l2 < Math.max(...tried);
    expect(inside || chosen.setting.l2 <= 1e-8 || chosen.setting.l2 >= 1).toBe(true);
    // The chosen setting is the trial with the best score for the head.
    const bestTrial = Math.max(...r.trials.map((t) => t.scores.queue!.score));
    expect(chosen.score).toBeCloseTo(bestTrial, 9);
    // The assembled model scores what the search says it scored.
    expect(validationScores(r.model, valid, isNew).queue).toBeCloseTo(chosen.score, 9);
    expect(chosen.score).toBeGreaterThan(0.8);
    // The trials leave the tag head frozen; without a refit to follow, the final run trains it.
    const tagColumn = (m: typeof r.model) => Array.from({ length: m.dim }, (_, row) => m.w[row * m.columns + 3]!);
    expect(tagColumn(r.model).some((v) => v !== 0)).toBe(true);
    const refitLater = run({
      losses: ['logistic'],
      l2: [1e-3],
      widen: false,
      classWeights: ['none'],
      refitFollows: true,
    });
    expect(tagColumn(refitLater.model).every((v) => v === 0)).toBe(true);
  });

  it('with a fixed grid tries exactly it', () => {
    const r = run({ losses: ['hinge'], l2: [1e-3], widen: false, classWeights: ['none'] });
    expect(r.trials.map((t) => t.setting)).toEqual([{ loss: 'hinge', l2: 1e-3, classWeight: 'none' }]);
    expect(r.chosen.queue!.score).toBeGreaterThan(0.8);
  });

  it('above sampleMax runs the trials on a sample, then trains the chosen setting on every row', () => {
    const r = run({ losses: ['logistic'], l2: [1e-3], widen: false, classWeights: ['none'], sampleMax: 300 });
    expect(r.sampleRows).toBe(300);
    expect(r.trainRows).toBe(600);
    expect(r.trials[0]!.rows).toBe(300);
  });
});

describe('averaged weights', () => {
  it('are the mean of the weights after every step since averaging started', () => {
    const store = toyStore(50, 7);
    const model = new LinearModel(store.dim, heads);
    const scratch = new Float32Array(model.columns);
    for (let r = 0; r < 10; r += 1) model.step(store.example(r), 0.5, scratch);
    expect(model.averaged()).toEqual(model.snapshot());
    model.startAveraging();
    const after: Float32Array[] = [];
    const biases: Float32Array[] = [];
    for (let r = 10; r < 50; r += 1) {
      model.step(store.example(r), 0.5, scratch, [
        { loss: 'logistic', l2: 1e-3 },
        { loss: 'logistic', l2: 0 },
      ]);
      after.push(model.w.slice());
      biases.push(model.b.slice());
    }
    const mean = (xs: Float32Array[], i: number) => xs.reduce((s, x) => s + (x[i] as number), 0) / xs.length;
    const got = model.averaged();
    for (let i = 0; i < got.w.length; i += 97) expect(got.w[i]).toBeCloseTo(mean(after, i), 5);
    for (let i = 0; i < got.b.length; i += 1) expect(got.b[i]).toBeCloseTo(mean(biases, i), 5);
  });
});

describe('refitHeads', () => {
  const setting = { loss: 'logistic' as const, l2: 1e-3, classWeight: 'none' as const };
  const o = { maxEpochs: 9, patience: 1, learningRate: 0.5, seed: 3 };

  it('appends the validation rows to the store, then trains each head for exactly its chosen epochs', () => {
    const store = toyStore(300, 1);
    const valid = toyStore(100, 2);
    store.append(valid);
    expect(store.rows).toBe(400);
    expect(store.example(300)).toEqual(valid.example(0));
    const progress: number[] = [];
    const all = Uint32Array.from({ length: store.rows }, (_, i) => i);
    const best = refitHeads(
      store,
      all,
      { queue: { setting, epoch: 2, averaged: true } },
      { ...o, onProgress: (d) => progress.push(d) },
    );
    expect(best.queue!.epoch).toBe(2);
    // The tag head follows the single head's setting and keeps the last epoch trained.
    expect(best.tags!.epoch).toBe(2);
    // Two passes over the 400 rows, not maxEpochs.
    expect(Math.max(...progress)).toBeLessThan(800);
    expect(Math.max(...progress)).toBeGreaterThanOrEqual(400);
    const model = assemble(store.dim, heads, best);
    expect(validationScores(model, toyStore(200, 5), new Array<boolean>(200).fill(true)).queue).toBeGreaterThan(0.8);
  });
});

describe('RowSample', () => {
  const row = (i: number, time?: string): Row => ({
    text: { subject: `s${i}`, body: '' },
    labels: {},
    tags: [],
    language: undefined,
    time,
  });

  it('keeps the newest rows of a time-split history, in bounded memory', () => {
    const s = new RowSample(3, true, 1);
    const days = [5, 1, 9, 3, 7, 2, 8];
    days.forEach((d, i) => {
      s.add(row(i, `2024-01-0${d}T00:00:00Z`));
    });
    expect(s.seen).toBe(7);
    expect(
      s
        .rows()
        .map((r) => r.time!.slice(8, 10))
        .sort(),
    ).toEqual(['07', '08', '09']);
  });

  it('names a row without a usable date', () => {
    const s = new RowSample(3, true, 1);
    expect(() => s.add(row(0, 'yesterday'))).toThrow(/row 1 has no usable timestamp/);
  });

  it('keeps a seeded uniform sample otherwise', () => {
    const pick = (seed: number) => {
      const s = new RowSample(50, false, seed);
      for (let i = 0; i < 1000; i += 1) s.add(row(i));
      return s.rows().map((r) => Number(r.text.subject.slice(1)));
    };
    expect(pick(4)).toHaveLength(50);
    expect(pick(4)).toEqual(pick(4));
    // Not just the first rows: a uniform sample of 1000 has rows from the later half.
    expect(pick(4).filter((i) => i >= 500).length).toBeGreaterThan(10);
  });
});

describe('memoryNeeded', () => {
  const cal = (nearest: number) => ({ coef: [0, 1, 1, nearest, 0, 0, 0, 0, 0] });
  it('is false only when no head blends the vote and no calibration reads the nearest similarity', () => {
    const b0 = { a: 0, temperature: 1, minNearest: 0 };
    expect(memoryNeeded({ q: b0 }, { q: cal(0) })).toBe(false);
    expect(memoryNeeded({ q: b0 }, { q: cal(0.3) })).toBe(true);
    expect(memoryNeeded({ q: { ...b0, a: 0.2 } }, { q: cal(0) })).toBe(true);
  });
});
