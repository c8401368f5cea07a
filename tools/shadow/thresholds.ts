/**
 * Shadow evaluation figures: for each confidence threshold, the share of tickets that would be
 * auto-applied (coverage) and how often those were right (precision); and per head the lowest
 * threshold whose precision reaches the target, so as much as possible is applied at that quality.
 */
export interface Scored {
  predicted: string;
  actual: string;
  confidence: number;
}

export interface ThresholdPoint {
  threshold: number;
  coverage: number;
  precision: number | null;
  applied: number;
}

const DEFAULT_THRESHOLDS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.97, 0.99];

export function thresholdCurve(rows: Scored[], thresholds = DEFAULT_THRESHOLDS): ThresholdPoint[] {
  return thresholds.map((threshold) => {
    const applied = rows.filter((r) => r.confidence >= threshold);
    const right = applied.filter((r) => r.predicted === r.actual).length;
    return {
      threshold,
      applied: applied.length,
      coverage: rows.length === 0 ? 0 : applied.length / rows.length,
      precision: applied.length === 0 ? null : right / applied.length,
    };
  });
}

/**
 * The lowest threshold whose precision meets the target with at least `minApplied` tickets
 * behind it; undefined when none does (then the head should stay suggest-only).
 */
export function proposeThreshold(
  curve: ThresholdPoint[],
  targetPrecision: number,
  minApplied = 20,
): number | undefined {
  const ok = curve.filter((p) => p.precision !== null && p.precision >= targetPrecision && p.applied >= minApplied);
  return ok.length === 0 ? undefined : Math.min(...ok.map((p) => p.threshold));
}

export function accuracy(rows: Scored[]): number {
  return rows.length === 0 ? 0 : rows.filter((r) => r.predicted === r.actual).length / rows.length;
}
