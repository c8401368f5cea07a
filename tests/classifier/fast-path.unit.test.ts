/**
 * The typed-array inference path agrees exactly with the Map-based code it replaced: memory terms
 * from char codes (query-terms.ts) against `vectorize(ticketTerms(...))` bit for bit, the memory's
 * vote, the evidence words against the Map/Set reference below, the top-k against a sort, and the
 * TypeScript linear heads against a plain dot product. Pure logic on a small synthetic memory.
 */
import { describe, expect, it } from 'vitest';
import { evidenceWords } from '@shared/classifier/evidence';
import { FEATURE_SPEC, featurize } from '@shared/classifier/features';
import { linearLogits } from '@shared/classifier/linear';
import { NeighbourMemory, vectorize } from '@shared/classifier/memory';
import { topK, topKDense } from '@shared/classifier/top-k';
import { QueryTerms } from '@shared/classifier/query-terms';
import { isEvidenceWord } from '@shared/classifier/stop-words';
import { ticketTerms } from '@shared/classifier/terms';
import { prepareTicket, type TicketText } from '@shared/classifier/text';
import { buildMemory } from '../../tools/train/memory-build';

const WORDS = [
  'printer',
  'toner',
  'paper',
  'jam',
  'invoice',
  'refund',
  'charged',
  'twice',
  'vpn',
  'tunnel',
  'Rechnung',
  'Drucker',
  'kaputt',
  'Größe',
  'the',
  'and',
  'please',
  '42',
  '٣٤',
  '𝟎𝟏',
  '請求書',
  'Straße',
  'a',
  'und',
  'x2',
];
/** A seeded generator, so the texts are the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}
const rand = rng(7);
const pick = () => WORDS[Math.floor(rand() * WORDS.length)]!;
const sentence = (n: number) => Array.from({ length: n }, pick).join(rand() < 0.5 ? ' ' : ', ');
const texts: TicketText[] = [
  ...Array.from({ length: 150 }, (_, i) => prepareTicket(sentence(1 + (i % 6)), sentence(3 + (i % 40)))),
  prepareTicket('', ''),
  prepareTicket('12 34 Rechnung', ''),
  prepareTicket('Printer', '42 ٣٤ 𝟎𝟏'),
  prepareTicket('請求書 𝟎𝟏', '𝟎𝟏 ٣٤ x 𝐀𝐁 ok ok ok \ud800 lone'),
];
const heads = [{ labels: ['a', 'b', 'c'] }];
const memory = buildMemory(
  { terms: texts.slice(0, 120).map(ticketTerms), labels: texts.slice(0, 120).map((_, i) => Uint8Array.of(i % 3)) },
  { seed: 1 },
);
const mem = new NeighbourMemory(memory.arrays, heads, { k: 10, sharpness: 12 });
const fast = new QueryTerms(memory.arrays);

describe('memory terms from char codes', () => {
  it('give the same vector, known share and word count as vectorize(ticketTerms(...)), bit for bit', () => {
    expect(memory.arrays.vocab.length).toBeGreaterThan(50);
    for (const t of texts) {
      const terms = ticketTerms(t);
      const want = vectorize(memory.arrays, terms);
      const got = fast.vector(t);
      expect([...got.idx]).toEqual([...want.idx]);
      expect(Buffer.from(got.val.buffer).equals(Buffer.from(want.val.buffer))).toBe(true);
      expect(got.knownShare).toBe(mem.knownShare(terms.words));
      expect(got.words).toBe(terms.words.length);
    }
  });

  it('give the same vote as query(ticketTerms(...))', () => {
    for (const t of texts.slice(100)) {
      const v = fast.vector(t);
      expect(mem.queryVector(v, v.knownShare, v.words)).toEqual(mem.query(ticketTerms(t)));
    }
  });

  it('finds every vocabulary hash and no other', () => {
    for (const [vi, h] of memory.arrays.vocab.entries()) expect(fast.find(h)).toBe(vi);
    expect(fast.find(0x12345678)).toBe(
      memory.arrays.vocab.includes(0x12345678) ? memory.arrays.vocab.indexOf(0x12345678) : -1,
    );
  });
});

describe('top-k', () => {
  it('keeps the k best, best first, the lower id on ties', () => {
    const scores = Float32Array.from({ length: 500 }, () => Math.round(rand() * 50) / 50);
    const touched = Int32Array.from({ length: 400 }, (_, i) => (i * 7) % 500);
    const want = [...touched].sort((a, b) => scores[b]! - scores[a]! || a - b).slice(0, 25);
    expect(topK(touched, scores, 25, 400)).toEqual(want);
    // The dense variant: positions into (ids, scores) arrays in touched order.
    const ids = Int32Array.from(touched);
    const dense = Float32Array.from(touched, (t) => scores[t]!);
    expect(topKDense(ids, dense, 25, 400).map((i) => ids[i])).toEqual(want);
    expect(topKDense(ids, dense, 25, 3).map((i) => ids[i])).toEqual(
      [0, 7, 14].sort((a, b) => scores[b]! - scores[a]! || a - b),
    );
  });
});

describe('linear heads in TypeScript', () => {
  it('equal a plain dot product (float64) within float32 rounding', () => {
    const columns = 7;
    const w = Float32Array.from({ length: FEATURE_SPEC.dim * columns }, () => rand() - 0.5);
    const b = Float32Array.from({ length: columns }, () => rand());
    for (const t of texts.slice(0, 30)) {
      const f = featurize(t);
      const got = linearLogits({ w, b, columns }, f, new Float32Array(columns));
      for (let c = 0; c < columns; c += 1) {
        let s = 0;
        for (const [j, idx] of f.indices.entries()) s += f.values[j]! * w[idx * columns + c]!;
        expect(got[c]).toBeCloseTo(s + b[c]!, 5);
      }
    }
  });
});

/** The Map/Set-based explanation that evidence.ts replaced, kept here as the reference. */
function referenceEvidence(t: TicketText, w: Float32Array, columns: number, col: number): string[] {
  const f = featurize(t);
  const valueAt = new Map<number, number>();
  for (const [j, idx] of f.indices.entries()) valueAt.set(idx, f.values[j]!);
  const scored: { word: string; score: number }[] = [];
  for (const [word, idxs] of f.words) {
    if (!isEvidenceWord(word)) continue;
    let s = 0;
    for (const idx of new Set(idxs)) {
      const v = valueAt.get(idx);
      if (v !== undefined) s += v * w[idx * columns + col]!;
    }
    if (s > 0) scored.push({ word, score: s });
  }
  return scored
    .sort((a, b) => b.score - a.score)
    .slice(0, 5)
    .map((s) => s.word);
}

describe('evidence words', () => {
  it('are the words of the Map-based reference, in its order', () => {
    const columns = 3;
    // Weights of few distinct values, so that ties between words are frequent and their order is tested.
    const w = Float32Array.from({ length: FEATURE_SPEC.dim * columns }, () => Math.round((rand() - 0.4) * 4) / 4);
    const long = prepareTicket('Drucker kaputt', Array.from({ length: 500 }, pick).join(' '));
    let nonEmpty = 0;
    for (const t of [...texts, long]) {
      const ev = evidenceWords(t, featurize(t));
      for (let col = 0; col < columns; col += 1) {
        const want = referenceEvidence(t, w, columns, col);
        nonEmpty += want.length > 0 ? 1 : 0;
        expect(ev.top(w, columns, col)).toEqual(want);
      }
    }
    expect(nonEmpty).toBeGreaterThan(100);
  });
});
