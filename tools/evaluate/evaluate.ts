/** Runs a model over labelled rows and computes the metrics per head and per language. */
import type { Classifier } from '@shared/classifier';
import type { Row } from '../train/dataset';
import { headMetrics, type HeadMetrics } from './metrics';

export interface Evaluation {
  model: { name: string; version: string };
  rows: number;
  heads: Record<string, Omit<HeadMetrics, 'rows'>>;
  byLanguage: Record<string, Record<string, { accuracy: number; rows: number }>>;
}

export async function evaluate(classifier: Classifier, rows: Row[], heads: string[], batchSize = 256): Promise<Evaluation> {
  const pairs: Record<string, { actual: string; predicted: string; language: string }[]> = {};
  for (let i = 0; i < rows.length; i += batchSize) {
    const batch = rows.slice(i, i + batchSize);
    const preds = await classifier.classifyBatch(batch.map((r) => ({ subject: r.text.subject, body: r.text.body })));
    batch.forEach((r, j) => {
      for (const h of heads) {
        const actual = r.labels[h];
        const predicted = preds[j]?.heads[h]?.label;
        if (actual && predicted !== undefined) (pairs[h] ??= []).push({ actual, predicted, language: r.language ?? 'unknown' });
      }
    });
  }
  const out: Evaluation = { model: classifier.model, rows: rows.length, heads: {}, byLanguage: {} };
  for (const h of heads) {
    const labels = classifier.heads.find((s) => s.name === h)?.labels ?? [];
    const ps = pairs[h] ?? [];
    const { rows: _n, ...m } = headMetrics(ps, labels);
    out.heads[h] = m;
    if (!rows.some((r) => r.language)) continue;
    for (const lang of new Set(ps.map((p) => p.language))) {
      const sub = ps.filter((p) => p.language === lang);
      (out.byLanguage[lang] ??= {})[h] = { accuracy: headMetrics(sub, labels).accuracy, rows: sub.length };
    }
  }
  return out;
}
