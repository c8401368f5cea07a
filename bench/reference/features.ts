/**
 * TEST-ONLY REFERENCE: the string-based featurizer as it was before the char-code rewrite of
 * shared/classifier/features.ts (commit 42607f6), kept verbatim so tests and bench/featurizer.ts
 * can check that the fast featurizer gives identical indices and values, and how much faster it is.
 */
import { createHash } from 'node:crypto';
import type { TicketText } from '@shared/classifier/text';

export const REFERENCE_FEATURE_SPEC = {
  version: 1,
  hash: 'fnv1a32',
  dim: 1 << 16,
  wordNgrams: [1, 2],
  charNgrams: [3, 5],
  subjectWeight: 1.5,
  bodyWeight: 1,
  tokenPattern: '[\\p{L}\\p{N}]+',
  maxFeatures: 1024,
} as const;

export function referenceSpecHash(spec: unknown = REFERENCE_FEATURE_SPEC): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 16);
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const TOKEN = new RegExp(REFERENCE_FEATURE_SPEC.tokenPattern, 'gu');

function referenceTokenize(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

export interface SparseFeatures {
  indices: Int32Array;
  values: Float32Array;
  /** For explanations: which feature indices each word of the ticket produced. */
  words: Map<string, number[]>;
}

function addPart(
  counts: Map<number, number>,
  words: Map<string, number[]>,
  tokens: string[],
  ns: string,
  weight: number,
): void {
  const local = new Map<number, number>();
  const bump = (key: string, word: string): void => {
    const idx = fnv1a(`${ns}${key}`) % REFERENCE_FEATURE_SPEC.dim;
    local.set(idx, (local.get(idx) ?? 0) + 1);
    let list = words.get(word);
    if (!list) words.set(word, (list = []));
    if (list.length < 16) list.push(idx);
  };
  for (let i = 0; i < tokens.length; i += 1) {
    const w = tokens[i] as string;
    bump(`w:${w}`, w);
    if (i + 1 < tokens.length) bump(`b:${w} ${tokens[i + 1]}`, w);
    if (w.length > 3) {
      const padded = `<${w}>`;
      for (let n = REFERENCE_FEATURE_SPEC.charNgrams[0]; n <= REFERENCE_FEATURE_SPEC.charNgrams[1]; n += 1) {
        for (let s = 0; s + n <= padded.length; s += 1) bump(`c:${padded.slice(s, s + n)}`, w);
      }
    }
  }
  for (const [idx, tf] of local) counts.set(idx, (counts.get(idx) ?? 0) + weight * (1 + Math.log(tf)));
}

export function referenceFeaturize(t: TicketText): SparseFeatures {
  const counts = new Map<number, number>();
  const words = new Map<string, number[]>();
  addPart(counts, words, referenceTokenize(t.subject), 's|', REFERENCE_FEATURE_SPEC.subjectWeight);
  addPart(counts, words, referenceTokenize(t.body), 'b|', REFERENCE_FEATURE_SPEC.bodyWeight);
  let entries = [...counts.entries()];
  if (entries.length > REFERENCE_FEATURE_SPEC.maxFeatures)
    entries = entries.sort((a, b) => b[1] - a[1]).slice(0, REFERENCE_FEATURE_SPEC.maxFeatures);
  let norm = 0;
  for (const [, v] of entries) norm += v * v;
  norm = Math.sqrt(norm) || 1;
  entries.sort((a, b) => a[0] - b[0]);
  return {
    indices: Int32Array.from(entries, (e) => e[0]),
    values: Float32Array.from(entries, (e) => e[1] / norm),
    words,
  };
}
