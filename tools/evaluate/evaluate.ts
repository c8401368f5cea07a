/**
 * Runs a model over labelled rows and computes the metrics per head and per language, and how
 * far its confidences can be trusted: ECE, a reliability table and precision/coverage per
 * threshold, plus precision and coverage at the thresholds the model ships with.
 */
import type { Classifier } from '@shared/classifier';
import type { Row } from '../train/dataset';
import { precisionCoverage, reliability, type CoveragePoint, type ReliabilityBin } from '../train/calibrate';
import { headMetrics, type HeadMetrics } from './metrics';

interface HeadCalibrationFigures {
  ece: number;
  reliability: ReliabilityBin[];
  precisionCoverage: CoveragePoint[];
  /** At the model's shipped threshold for this head (null: the model never applies it). */
  atThreshold: { threshold: number | null; coverage: number; precision: number | null };
}

export interface Evaluation {
  model: { name: string; version: string };
  rows: number;
  heads: Record<string, Omit<HeadMetrics, 'rows'>>;
  byLanguage: Record<string, Record<string, { accuracy: number; rows: number }>>;
  calibration: { ece: Record<string, number>; heads: Record<string, HeadCalibrationFigures> };
  warnings: string[];
}

export const THRESHOLD_GRID = [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97, 0.99];

export async function evaluate(
  classifier: Classifier,
  rows: Row[],
  heads: string[],
  batchSize = 256,
): Promise<Evaluation> {
  const pairs: Record<string, { actual: string; predicted: string; language: string; confidence: number }[]> = {};
  for (let i = 0; i < rows.length; i += batchSize) {
    const batch = rows.slice(i, i + batchSize);
    const preds = await classifier.classifyBatch(batch.map((r) => ({ subject: r.text.subject, body: r.text.body })));
    batch.forEach((r, j) => {
      for (const h of heads) {
        const actual = r.labels[h];
        const p = preds[j]?.heads[h];
        if (actual && p)
          (pairs[h] ??= []).push({
            actual,
            predicted: p.label,
            language: r.language ?? 'unknown',
            confidence: p.confidence,
          });
      }
    });
  }
  const out: Evaluation = {
    model: classifier.model,
    rows: rows.length,
    heads: {},
    byLanguage: {},
    calibration: { ece: {}, heads: {} },
    warnings: [],
  };
  for (const h of heads) {
    const labels = classifier.heads.find((s) => s.name === h)?.labels ?? [];
    const ps = pairs[h] ?? [];
    const { rows: _n, ...m } = headMetrics(ps, labels);
    out.heads[h] = m;
    const scored = ps.map((p) => ({ confidence: p.confidence, right: p.actual === p.predicted }));
    const rel = reliability(scored);
    const threshold = classifier.manifest.thresholds?.[h]?.threshold ?? null;
    const at = precisionCoverage(scored, [threshold ?? 1.01])[0]!;
    out.calibration.ece[h] = rel.ece;
    out.calibration.heads[h] = {
      ece: rel.ece,
      reliability: rel.table,
      precisionCoverage: precisionCoverage(scored, THRESHOLD_GRID),
      atThreshold: { threshold, coverage: at.coverage, precision: at.precision },
    };
    if (!rows.some((r) => r.language)) continue;
    for (const lang of new Set(ps.map((p) => p.language))) {
      const sub = ps.filter((p) => p.language === lang);
      (out.byLanguage[lang] ??= {})[h] = { accuracy: headMetrics(sub, labels).accuracy, rows: sub.length };
    }
  }
  return out;
}
