/**
 * Which confidence a head needs before update-ticket applies it. The model knows best: its
 * manifest carries the threshold its calibration found for each head (or `null`, "no threshold
 * reaches the target precision": never apply), and classify-ticket passes them on with every
 * answer. The operator's settings sit around that: APPLY_THRESHOLD is a floor under every head,
 * and THRESHOLD_<HEAD> is an explicit override (also `never`). The registry's defaults
 * (heads.ts, the shipped model's calibration) are only used when an answer carries no thresholds.
 */
import { applyThreshold } from './heads';

/** Per head, the model's calibrated threshold; null: the calibration found none (never apply). */
export type ModelThresholds = Record<string, number | null>;

export interface ThresholdPolicy {
  /** Registry or env values per head, floored, plus `default`: used when the model says nothing. */
  applyAt: Record<string, number>;
  /** THRESHOLD_<HEAD> set explicitly by the operator (Infinity: `never`). */
  thresholdOverrides?: Record<string, number>;
  /** APPLY_THRESHOLD: no head applies below it. */
  floor?: number;
}

export interface HeadThreshold {
  /** Confidence needed to apply; Infinity: never applied. */
  at: number;
  /** Where it came from, for people. */
  source: 'override' | 'model' | 'floor' | 'settings';
}

const NEVER = Number.POSITIVE_INFINITY;

export function headThreshold(p: ThresholdPolicy, head: string, model?: ModelThresholds): HeadThreshold {
  const floor = p.floor ?? p.applyAt.default ?? 0.6;
  const override = p.thresholdOverrides?.[head];
  if (override !== undefined)
    return { at: Math.max(floor, override), source: override >= floor ? 'override' : 'floor' };
  if (model && head in model) {
    const m = model[head];
    if (m === null || m === undefined) return { at: NEVER, source: 'model' };
    return m >= floor ? { at: m, source: 'model' } : { at: floor, source: 'floor' };
  }
  return { at: applyThreshold(p.applyAt, head), source: 'settings' };
}

/** The words a note and a table show for a head kept out by its threshold. */
export function belowThresholdReason(t: HeadThreshold, head: string): string {
  if (t.at === NEVER)
    return t.source === 'override'
      ? `never applied (policy: THRESHOLD_${head.toUpperCase()}=never)`
      : "never applied (policy: the model's calibration found no safe threshold)";
  return `confidence below ${t.at}`;
}

/** One line per head on how its threshold was chosen, and every difference from the model's own. */
export function describeThresholds(
  p: ThresholdPolicy,
  model: ModelThresholds | undefined,
  heads: readonly string[],
): string[] {
  return heads.map((head) => {
    const t = headThreshold(p, head, model);
    const own = model?.[head];
    const shown = t.at === NEVER ? 'never' : String(t.at);
    const modelSays = own === undefined ? 'not in the manifest' : own === null ? 'never' : String(own);
    const why =
      t.source === 'override'
        ? `THRESHOLD_${head.toUpperCase()} overrides the model's ${modelSays}`
        : t.source === 'floor'
          ? `APPLY_THRESHOLD=${p.floor ?? p.applyAt.default} is above the model's ${modelSays}`
          : t.source === 'model'
            ? "the model's calibration (manifest.json)"
            : 'settings (the model names no threshold for this head)';
    return `  ${head.padEnd(10)} ${shown.padEnd(6)} ${why}`;
  });
}
