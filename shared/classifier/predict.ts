/**
 * Turns the graph's per-head probabilities into the prediction the functions use: the label, its
 * confidence and the runner-up alternatives per head, the likely tags, and a cheap explanation:
 * the words of the ticket whose features add most to each winning label's score.
 */
import type { SparseFeatures } from './features';
import type { HeadSpec } from './manifest';

export interface ClassifierInput {
  subject?: string | null;
  /** Plain text or HTML. */
  body?: string | null;
}

export interface LabelScore {
  label: string;
  confidence: number;
}

export interface HeadPrediction extends LabelScore {
  alternatives: LabelScore[];
}

export interface Prediction {
  heads: Record<string, HeadPrediction>;
  tags: LabelScore[];
  /** Per single-label head: up to 5 words that pushed its label most. */
  explanation: Record<string, string[]>;
}

/** Tags below this probability are not suggested. */
export const TAG_MIN_CONFIDENCE = 0.3;
const ALTERNATIVES = 3;
const round = (x: number): number => Math.round(x * 10_000) / 10_000;

export function toPrediction(heads: HeadSpec[], probs: Record<string, Float32Array>, row: number, f: SparseFeatures, w: Float32Array, columns: number): Prediction {
  const out: Prediction = { heads: {}, tags: [], explanation: {} };
  const valueOf = new Map<number, number>();
  f.indices.forEach((idx, j) => valueOf.set(idx, f.values[j] as number));
  for (const h of heads) {
    const n = h.labels.length;
    const p = probs[h.name]?.subarray(row * n, row * n + n) ?? new Float32Array(n);
    const ranked = h.labels.map((label, i) => ({ label, confidence: round(p[i] as number), i })).sort((a, b) => b.confidence - a.confidence);
    if (h.kind === 'multi') {
      out.tags = ranked.filter((r) => r.confidence >= TAG_MIN_CONFIDENCE).slice(0, 5).map(({ label, confidence }) => ({ label, confidence }));
      continue;
    }
    const top = ranked[0]!;
    out.heads[h.name] = { label: top.label, confidence: top.confidence, alternatives: ranked.slice(1, 1 + ALTERNATIVES).map(({ label, confidence }) => ({ label, confidence })) };
    const col = h.offset + top.i;
    const scored: { word: string; score: number }[] = [];
    for (const [word, idxs] of f.words) {
      let s = 0;
      for (const idx of new Set(idxs)) s += (valueOf.get(idx) ?? 0) * (w[idx * columns + col] as number);
      if (s > 0) scored.push({ word, score: s });
    }
    out.explanation[h.name] = scored.sort((a, b) => b.score - a.score).slice(0, 5).map((s) => s.word);
  }
  return out;
}
