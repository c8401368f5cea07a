/**
 * From the linear logits and the memory's vote to a head's answer, with a confidence that means
 * what it says:
 *   P = a * vote + (1 - a) * softmax(logits / T)   (the vote only when the nearest remembered
 *                                                    ticket is at least `minNearest` similar)
 *   confidence = sigmoid(c . [1, ln(p1/(1-p1)), ln(p1/p2), nearest, knownShare, ln(1 + words)])
 * The second line is the calibration, fitted per head on held-out tickets during training: it
 * turns P's top probability into the chance of being right, and lowers it for tickets the model
 * knows little about (far from every remembered ticket, few known words, little text).
 */
import { z } from 'zod';

export const HeadBlend = z.strictObject({
  a: z.number().min(0).max(1),
  temperature: z.number().positive(),
  minNearest: z.number().min(0).max(1),
});
export type HeadBlend = z.infer<typeof HeadBlend>;

const CALIBRATION_FEATURES = [
  'bias',
  'logitTop',
  'logMargin',
  'nearest',
  'knownShare',
  'logWords',
  'logitTop*nearest',
  'logitTop*logWords',
  'nearest^2',
] as const;
export const HeadCalibration = z.strictObject({ coef: z.array(z.number()).length(CALIBRATION_FEATURES.length) });
export type HeadCalibration = z.infer<typeof HeadCalibration>;

export interface Evidence {
  nearest: number;
  knownShare: number;
  words: number;
}

/** The blended distribution over a head's labels. */
export function blendHead(
  logits: Float32Array | number[],
  vote: Float32Array | undefined,
  nearest: number,
  b: HeadBlend,
): Float64Array {
  const n = logits.length;
  const p = new Float64Array(n);
  let max = -Infinity;
  for (let c = 0; c < n; c += 1) max = Math.max(max, (logits[c] as number) / b.temperature);
  let sum = 0;
  for (let c = 0; c < n; c += 1) sum += p[c] = Math.exp((logits[c] as number) / b.temperature - max);
  let voteSum = 0;
  if (vote) for (const v of vote) voteSum += v;
  const a = vote && voteSum > 0 && nearest >= b.minNearest ? b.a : 0;
  for (let c = 0; c < n; c += 1)
    p[c] = ((1 - a) * (p[c] as number)) / sum + a * (a > 0 ? (vote![c] as number) / voteSum : 0);
  return p;
}

const clampP = (x: number) => Math.min(1 - 1e-6, Math.max(1e-6, x));

/** The calibration inputs of a head's distribution. */
export function calibrationFeatures(p: ArrayLike<number>, e: Evidence): number[] {
  let p1 = 0;
  let p2 = 0;
  for (let c = 0; c < p.length; c += 1) {
    const x = p[c] as number;
    if (x > p1) [p1, p2] = [x, p1];
    else if (x > p2) p2 = x;
  }
  const top = clampP(p1);
  const lt = Math.log(top / (1 - top));
  const lw = Math.log(1 + e.words);
  return [
    1,
    lt,
    Math.log(top / clampP(p2)),
    e.nearest,
    e.knownShare,
    lw,
    lt * e.nearest,
    lt * lw,
    e.nearest * e.nearest,
  ];
}

/** The calibration inputs that read the memory's nearest similarity. */
export const NEAREST_FEATURES: readonly number[] = CALIBRATION_FEATURES.flatMap((f, i) =>
  f.includes('nearest') ? [i] : [],
);

/**
 * Whether a model reads its neighbour memory at all: a head blends the vote in (a > 0), or a
 * calibration weighs the nearest similarity. When neither, the memory's postings walk (about a
 * third of a ticket's time) is skipped.
 */
export function memoryNeeded(
  blends: Record<string, HeadBlend>,
  calibrations: Record<string, HeadCalibration>,
): boolean {
  return (
    Object.values(blends).some((b) => b.a > 0) ||
    Object.values(calibrations).some((c) => NEAREST_FEATURES.some((i) => c.coef[i] !== 0))
  );
}

export function calibratedConfidence(p: ArrayLike<number>, e: Evidence, cal: HeadCalibration): number {
  const x = calibrationFeatures(p, e);
  let s = 0;
  for (let i = 0; i < x.length; i += 1) s += (cal.coef[i] as number) * (x[i] as number);
  return 1 / (1 + Math.exp(-s));
}
