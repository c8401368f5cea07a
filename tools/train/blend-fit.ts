/**
 * Chooses, per head and per data set, how to blend the memory's vote with the linear head (the
 * blend weight `a`, the linear temperature, the similarity below which the vote is ignored), then
 * fits the calibration on held-out tickets and derives the apply thresholds from it.
 *
 * Everything is measured on the training tool's own validation split. The calibration is
 * cross-fitted (two folds): every validation ticket's confidence used for the reliability table,
 * ECE and thresholds comes from a calibration fitted without that ticket. Short copies of the
 * validation tickets (subject alone, first sentence alone) join the calibration fit, so tickets
 * with little text learn to be unsure; they are reported apart and never mixed into the figures.
 */
import {
  NEAREST_FEATURES,
  blendHead,
  calibratedConfidence,
  calibrationFeatures,
  type HeadBlend,
  type HeadCalibration,
} from '@shared/classifier/blend';
import type { MemoryQuery } from '@shared/classifier/memory';
import {
  fitLogistic,
  precisionCoverage,
  reliability,
  thresholdFor,
  type CoveragePoint,
  type ReliabilityBin,
  type Scored,
} from './calibrate';

export interface ScoredRow {
  /** The linear logits of this single head's labels, per head. */
  logits: Float32Array[];
  query: MemoryQuery;
  /** Per single head: the label index, -1 when missing. */
  targets: number[];
  isNew: boolean;
  language: string;
  /** Index of the validation ticket this row is (or is a short copy of). */
  parent: number;
  variant: 'full' | 'subject' | 'sentence';
}

const A_GRID = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
// 0.1: squared-hinge heads give scores near ±1, which need a sharper softmax than logistic logits.
const T_GRID = [0.1, 0.25, 0.5, 1, 2];
const NEAREST_GRID = [0, 0.2, 0.3, 0.4, 0.5];

function argmax(p: ArrayLike<number>): number {
  let b = 0;
  for (let c = 1; c < p.length; c += 1) if ((p[c] as number) > (p[b] as number)) b = c;
  return b;
}

function accuracy(rows: ScoredRow[], hi: number, b: HeadBlend): { all: number; fresh: number; nFresh: number } {
  let right = 0;
  let n = 0;
  let rf = 0;
  let nf = 0;
  for (const r of rows) {
    const t = r.targets[hi]!;
    if (t < 0) continue;
    const ok = argmax(blendHead(r.logits[hi]!, r.query.votes[hi], r.query.nearest, b)) === t ? 1 : 0;
    right += ok;
    n += 1;
    if (r.isNew) {
      rf += ok;
      nf += 1;
    }
  }
  return { all: right / Math.max(1, n), fresh: rf / Math.max(1, nf), nFresh: nf };
}

/** Per head: the blend with the best mean of overall and new-ticket accuracy (new tickets count double this way). */
export function fitBlends(rows: ScoredRow[], heads: number): HeadBlend[] {
  const full = rows.filter((r) => r.variant === 'full');
  return Array.from({ length: heads }, (_, hi) => {
    let best = { score: -1, blend: { a: 0, temperature: 1, minNearest: 0 } as HeadBlend };
    for (const a of A_GRID) {
      for (const temperature of a === 0 || a === 1 ? [1] : T_GRID) {
        for (const minNearest of a === 0 ? [0] : NEAREST_GRID) {
          const blend = { a, temperature, minNearest };
          const acc = accuracy(full, hi, blend);
          const score = acc.nFresh >= 30 ? (acc.all + acc.fresh) / 2 : acc.all;
          if (score > best.score + 1e-9) best = { score, blend };
        }
      }
    }
    return best.blend;
  });
}

export interface HeadCalibrationReport {
  ece: number;
  reliability: ReliabilityBin[];
  precisionCoverage: CoveragePoint[];
  /** The apply threshold for the target precision, or null when none reaches it. */
  threshold: number | null;
  targetPrecision: number;
  /** At the threshold, on the validation tickets (out of fold): share applied and share right among them. */
  atThreshold: { coverage: number; precision: number | null };
  /** The short copies (subject alone, first sentence alone) at the threshold: share applied, and share applied AND wrong. */
  shortCopies: { rows: number; coverage: number; wrongApplied: number };
}

export function fitCalibration(
  rows: ScoredRow[],
  blends: HeadBlend[],
  targets: number[],
): { calibrations: HeadCalibration[]; reports: HeadCalibrationReport[] } {
  const calibrations: HeadCalibration[] = [];
  const reports: HeadCalibrationReport[] = [];
  blends.forEach((b, hi) => {
    const items = rows
      .filter((r) => r.targets[hi]! >= 0)
      .map((r) => {
        const p = blendHead(r.logits[hi]!, r.query.votes[hi], r.query.nearest, b);
        return { r, p, x: calibrationFeatures(p, r.query), y: argmax(p) === r.targets[hi] ? 1 : 0 };
      });
    const oof = new Map<(typeof items)[number], number>();
    for (const fold of [0, 1]) {
      const fit = items.filter((i) => i.r.parent % 2 !== fold);
      const coef = fitLogistic(
        fit.map((i) => i.x),
        fit.map((i) => i.y),
        undefined,
        undefined,
        fit.map((i) => weightOf(i.r)),
      );
      for (const i of items) if (i.r.parent % 2 === fold) oof.set(i, calibratedConfidence(i.p, i.r.query, { coef }));
    }
    const coef = fitLogistic(
      items.map((i) => i.x),
      items.map((i) => i.y),
      undefined,
      undefined,
      items.map((i) => weightOf(i.r)),
    );
    calibrations.push({ coef: coef.map((c) => Math.round(c * 1e6) / 1e6) });
    const scored = (variant: (v: ScoredRow['variant']) => boolean): Scored[] =>
      items.filter((i) => variant(i.r.variant)).map((i) => ({ confidence: oof.get(i)!, right: i.y === 1 }));
    const full = scored((v) => v === 'full');
    const short = scored((v) => v !== 'full');
    const target = targets[hi]!;
    const threshold = thresholdFor(full, target) ?? null;
    const at = (s: Scored[]) => precisionCoverage(s, [threshold ?? 1.01])[0]!;
    const shortApplied = short.filter((s) => threshold !== null && s.confidence >= threshold);
    reports.push({
      ...(({ ece, table }) => ({ ece, reliability: table }))(reliability(full)),
      precisionCoverage: precisionCoverage(full),
      threshold,
      targetPrecision: target,
      atThreshold: { coverage: at(full).coverage, precision: at(full).precision },
      shortCopies: {
        rows: short.length,
        coverage: round(shortApplied.length / Math.max(1, short.length)),
        wrongApplied: round(shortApplied.filter((s) => !s.right).length / Math.max(1, short.length)),
      },
    });
  });
  return { calibrations, reports };
}

/** Short copies teach the calibration about little text, without outweighing the real tickets. */
const SHORT_COPY_WEIGHT = 0.5;
const weightOf = (r: ScoredRow) => (r.variant === 'full' ? 1 : SHORT_COPY_WEIGHT);

/** Coverage a memory-free calibration may give up, per head, to skip the memory altogether. */
const MEMORY_FREE_SLACK = 0.02;

/**
 * The calibration; when every head's blend weight is 0, also one without the memory's nearest
 * similarity, kept when it applies (nearly) as many tickets at the target precision on every
 * head: then a prediction never reads the memory (blend.ts, memoryNeeded).
 */
export function calibrate(
  scored: ScoredRow[],
  blends: HeadBlend[],
  targets: number[],
): ReturnType<typeof fitCalibration> & { memoryFree: boolean } {
  const withMemory = fitCalibration(scored, blends, targets);
  if (blends.some((b) => b.a > 0)) return { ...withMemory, memoryFree: false };
  const blind = scored.map((r) => ({ ...r, query: { ...r.query, nearest: 0 } }));
  const without = fitCalibration(blind, blends, targets);
  for (const c of without.calibrations) for (const i of NEAREST_FEATURES) c.coef[i] = 0;
  const asGood = without.reports.every((r, hi) =>
    r.threshold !== null || withMemory.reports[hi]!.threshold === null
      ? r.atThreshold.coverage >= withMemory.reports[hi]!.atThreshold.coverage - MEMORY_FREE_SLACK
      : false,
  );
  return asGood ? { ...without, memoryFree: true } : { ...withMemory, memoryFree: false };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
