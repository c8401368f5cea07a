/**
 * One model on the comparison tickets, per head: accuracy, and at the model's own threshold (its
 * manifest's calibration, under the APPLY_THRESHOLD floor, as update-ticket applies it) the share
 * that would be applied and how often those were right. The same figures for live and candidate,
 * side by side, are what the promotion gate decides on.
 */
import type { Classifier } from '@shared/classifier';
import type { Row } from '../train/dataset';

interface HeadScore {
  rows: number;
  accuracy: number;
  /** The model's own apply threshold for this head; null: never applied. */
  threshold: number | null;
  /** Share of the rows it would apply. */
  applied: number;
  /** Right among those applied; null when it applies none. */
  precision: number | null;
}

export interface ModelScore {
  name: string;
  version: string;
  dir: string;
  heads: Record<string, HeadScore>;
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

export async function scoreModel(
  clf: Classifier,
  dir: string,
  rows: Row[],
  heads: string[],
  floor: number,
): Promise<ModelScore> {
  const preds = await clf.classifyBatch(rows.map((r) => r.text));
  const out: ModelScore = { name: clf.model.name, version: clf.model.version, dir, heads: {} };
  for (const head of heads) {
    if (!clf.heads.some((h) => h.name === head)) continue;
    const own = clf.manifest.thresholds?.[head]?.threshold;
    // As update-ticket applies it: the manifest's own (null: never), never below the floor.
    const threshold = own === null ? null : Math.max(own ?? floor, floor);
    let n = 0;
    let right = 0;
    let applied = 0;
    let appliedRight = 0;
    rows.forEach((row, i) => {
      const actual = row.labels[head];
      const p = preds[i]!.heads[head];
      if (!actual || !p) return;
      n += 1;
      const ok = p.label.toLowerCase() === actual.toLowerCase();
      if (ok) right += 1;
      if (threshold !== null && p.confidence >= threshold) {
        applied += 1;
        if (ok) appliedRight += 1;
      }
    });
    out.heads[head] = {
      rows: n,
      accuracy: n ? r3(right / n) : 0,
      threshold,
      applied: n ? r3(applied / n) : 0,
      precision: applied ? r3(appliedRight / applied) : null,
    };
  }
  return out;
}
