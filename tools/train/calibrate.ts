/**
 * Calibration maths used by training and evaluation: a small logistic regression that predicts
 * "the top label is right" (fitted by Newton's method), expected calibration error, a reliability
 * table, the precision/coverage table per confidence threshold, and the lowest threshold that
 * keeps a target precision.
 */
export function fitLogistic(x: number[][], y: number[], l2 = 1e-3, iterations = 50, weight?: number[]): number[] {
  const d = x[0]?.length ?? 0;
  const w = new Array<number>(d).fill(0);
  for (let it = 0; it < iterations; it += 1) {
    const g = new Array<number>(d).fill(0);
    const h = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    x.forEach((xi, i) => {
      let s = 0;
      for (let j = 0; j < d; j += 1) s += w[j]! * xi[j]!;
      const p = 1 / (1 + Math.exp(-s));
      const wi = weight?.[i] ?? 1;
      const r = wi * p * (1 - p);
      for (let j = 0; j < d; j += 1) {
        g[j]! += wi * (p - y[i]!) * xi[j]!;
        for (let k = 0; k < d; k += 1) h[j]![k]! += r * xi[j]! * xi[k]!;
      }
    });
    for (let j = 1; j < d; j += 1) {
      g[j]! += l2 * x.length * w[j]!;
      h[j]![j]! += l2 * x.length;
    }
    for (let j = 0; j < d; j += 1) h[j]![j]! += 1e-9;
    const step = solve(h, g);
    let change = 0;
    for (let j = 0; j < d; j += 1) {
      w[j]! -= step[j]!;
      change = Math.max(change, Math.abs(step[j]!));
    }
    if (change < 1e-7) break;
  }
  return w;
}

/** Gaussian elimination with partial pivoting (d is tiny). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c += 1) {
    let p = c;
    for (let r = c + 1; r < n; r += 1) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const piv = m[c]![c]! || 1e-12;
    for (let r = 0; r < n; r += 1) {
      if (r === c) continue;
      const f = m[r]![c]! / piv;
      for (let k = c; k <= n; k += 1) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / (row[i]! || 1e-12));
}

export interface Scored {
  confidence: number;
  right: boolean;
}

export interface ReliabilityBin {
  from: number;
  to: number;
  rows: number;
  meanConfidence: number;
  accuracy: number;
}

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

/** Expected calibration error over equal-width bins, and the bins. */
export function reliability(s: Scored[], bins = 10): { ece: number; table: ReliabilityBin[] } {
  const table: ReliabilityBin[] = [];
  let ece = 0;
  for (let b = 0; b < bins; b += 1) {
    const from = b / bins;
    const to = (b + 1) / bins;
    const inBin = s.filter((x) => x.confidence >= from && (b === bins - 1 ? x.confidence <= to : x.confidence < to));
    if (inBin.length === 0) continue;
    const conf = inBin.reduce((t, x) => t + x.confidence, 0) / inBin.length;
    const acc = inBin.filter((x) => x.right).length / inBin.length;
    ece += (inBin.length / s.length) * Math.abs(conf - acc);
    table.push({ from, to, rows: inBin.length, meanConfidence: r4(conf), accuracy: r4(acc) });
  }
  return { ece: r4(ece), table };
}

const THRESHOLDS = [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97, 0.99];

export interface CoveragePoint {
  threshold: number;
  coverage: number;
  /** Null when nothing is applied at this threshold. */
  precision: number | null;
  applied: number;
}

export function precisionCoverage(s: Scored[], thresholds = THRESHOLDS): CoveragePoint[] {
  return thresholds.map((t) => {
    const applied = s.filter((x) => x.confidence >= t);
    return {
      threshold: t,
      coverage: r4(applied.length / Math.max(1, s.length)),
      precision: applied.length === 0 ? null : r4(applied.filter((x) => x.right).length / applied.length),
      applied: applied.length,
    };
  });
}

/** The lowest threshold (step 0.01) whose applied predictions are right at least `target` of the time, or undefined. */
export function thresholdFor(s: Scored[], target: number, minApplied = 30): number | undefined {
  for (let t = 50; t <= 99; t += 1) {
    const applied = s.filter((x) => x.confidence >= t / 100);
    if (applied.length < minApplied) return undefined;
    // Every higher threshold must keep the promise too, not just this one by chance.
    let ok = true;
    for (let u = t; u <= 99 && ok; u += 1) {
      const a = s.filter((x) => x.confidence >= u / 100);
      if (a.length >= minApplied && a.filter((x) => x.right).length / a.length < target) ok = false;
    }
    if (ok) return t / 100;
  }
  return undefined;
}
