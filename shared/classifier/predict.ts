/**
 * Turns the linear logits and the memory's answer into the prediction the functions use: per
 * head the blended label, its calibrated confidence and the runner-up alternatives, the likely
 * tags, and a cheap explanation: the words of the ticket (no stop words, no numbers) whose
 * features add most to the winning label's linear score.
 */
import { blendHead, calibratedConfidence, type HeadBlend, type HeadCalibration } from './blend';
import { evidenceWords } from './evidence';
import type { SparseFeatures } from './features';
import type { HeadSpec } from './manifest';
import type { MemoryQuery } from './memory';
import type { HeadPrediction, LabelScore } from '../contract/payloads';
import type { TicketText } from './text';

export interface ClassifierInput {
  subject?: string | null;
  /** Plain text or HTML. */
  body?: string | null;
}
/** What classify-ticket answers per head is the functions' contract: one definition (shared/contract/payloads.ts). */

export interface Prediction {
  heads: Record<string, HeadPrediction>;
  tags: LabelScore[];
  /** Per single-label head: up to 5 words that pushed its label most. */
  explanation: Record<string, string[]>;
}

export interface PredictParts {
  heads: HeadSpec[];
  blends: Record<string, HeadBlend>;
  calibrations: Record<string, HeadCalibration>;
  /** Linear weights [dim x columns], for the explanation. */
  w: Float32Array;
  columns: number;
}

/** Tags below this probability are not suggested. */
const TAG_MIN_CONFIDENCE = 0.3;
const ALTERNATIVES = 3;
const round = (x: number): number => Math.round(x * 10_000) / 10_000;

export function toPrediction(
  m: PredictParts,
  logits: Float32Array,
  q: MemoryQuery,
  f: SparseFeatures,
  text: TicketText,
): Prediction {
  const out: Prediction = { heads: {}, tags: [], explanation: {} };
  const words = evidenceWords(text, f);
  let single = 0;
  for (const h of m.heads) {
    const n = h.labels.length;
    const z = logits.subarray(h.offset, h.offset + n);
    if (h.kind === 'multi') {
      out.tags = h.labels
        .map((label, i) => ({ label, confidence: round(1 / (1 + Math.exp(-(z[i] as number)))) }))
        .filter((t) => t.confidence >= TAG_MIN_CONFIDENCE)
        .sort((a, b) => b.confidence - a.confidence)
        .slice(0, 5);
      continue;
    }
    const p = blendHead(z, q.votes[single], q.nearest, m.blends[h.name]!);
    single += 1;
    const ranked = h.labels.map((label, i) => ({ label, p: p[i] as number, i })).sort((a, b) => b.p - a.p || a.i - b.i);
    const top = ranked[0]!;
    const confidence = calibratedConfidence(p, q, m.calibrations[h.name]!);
    // The rest of the probability goes to the runner-ups in proportion; none ranks above the winner.
    const rest = (1 - confidence) / Math.max(1e-9, 1 - top.p);
    out.heads[h.name] = {
      label: top.label,
      confidence: round(confidence),
      alternatives: ranked
        .slice(1, 1 + ALTERNATIVES)
        .map((r) => ({ label: r.label, confidence: round(Math.min(confidence, r.p * rest)) })),
    };
    out.explanation[h.name] = words.top(m.w, m.columns, h.offset + top.i);
  }
  return out;
}
