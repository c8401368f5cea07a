/**
 * The explanation's evidence words without strings, Maps or Sets per ticket: the ticket's distinct
 * words (found by hashing their char codes into a reused open-addressing table, equal hashes
 * checked char by char), each with the distinct kept features among the first 16 its occurrences
 * emitted (subject first, as `SparseFeatures.words` lists them), then per head the words whose
 * features add most to the winning label. A word's string is built only when it is a candidate
 * for the answer (to check it is no stop word or number). Same words in the same order as the
 * Map-based reference in tests/classifier/fast-path.unit.test.ts.
 */
import { FEATURE_SPEC, lowered, partEmissions, shrinkScratch, type SparseFeatures } from './features';
import { isEvidenceWord } from './stop-words';
import type { TicketText } from './text';

const WORD_INDICES = 16;
const EVIDENCE_WORDS = 5;
/** After this many picks the remaining candidates are checked for stop words in one pass (bounds a text of stop words). */
const PICKS_BEFORE_FILTER = 16;

const valueAt = new Float32Array(FEATURE_SPEC.dim);
const present = new Uint8Array(FEATURE_SPEC.dim);
const stamp = new Uint32Array(FEATURE_SPEC.dim);
let generation = 0;

let table = new Int32Array(1 << 12).fill(-1);
let wordHash = new Int32Array(1024);
let wordPart = new Uint8Array(1024);
let wordStart = new Int32Array(1024);
let wordEnd = new Int32Array(1024);
let wordSlot = new Int32Array(1024);
let rawCount = new Int32Array(1024);
let raw = new Int32Array(1024 * WORD_INDICES);
let candStart = new Int32Array(1025);
let candIdx = new Int32Array(4096);
let candVal = new Float32Array(4096);
let eligible = new Uint8Array(1024);
let score = new Float64Array(1024);

/** The words of one ticket that may explain a label; `top` is valid until the next `evidenceWords` call. */
export interface EvidenceWords {
  top(w: Float32Array, columns: number, col: number): string[];
}

export function evidenceWords(t: TicketText, f: Pick<SparseFeatures, 'indices' | 'values'>): EvidenceWords {
  const texts = [lowered(t.subject, 'subject'), lowered(t.body, 'body')] as const;
  for (let j = 0; j < f.indices.length; j += 1) {
    const idx = f.indices[j] as number;
    present[idx] = 1;
    valueAt[idx] = f.values[j] as number;
  }
  let words = 0;
  for (let part = 0; part < 2; part += 1) {
    const s = texts[part]!;
    const { emitted, tokenEmits, starts, ends, count } = partEmissions(s, part === 0 ? 'subject' : 'body');
    if (words + count > wordHash.length) growWords(words + count);
    if (2 * (words + count) > table.length) growTable(2 * (words + count), words);
    for (let tok = 0; tok < count; tok += 1) {
      const a = starts[tok] as number;
      const e = ends[tok] as number;
      let h = 0x811c9dc5;
      for (let i = a; i < e; i += 1) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
      const mask = table.length - 1;
      let slot = (Math.imul(h, 0x9e3779b1) >>> 0) & mask;
      let id = -1;
      for (;;) {
        const k = table[slot] as number;
        if (k === -1) break;
        if (wordHash[k] === h && sameWord(texts[wordPart[k]!]!, wordStart[k]!, wordEnd[k]!, s, a, e)) {
          id = k;
          break;
        }
        slot = (slot + 1) & mask;
      }
      if (id === -1) {
        id = words++;
        table[slot] = id;
        wordSlot[id] = slot;
        wordHash[id] = h;
        wordPart[id] = part;
        wordStart[id] = a;
        wordEnd[id] = e;
        rawCount[id] = 0;
      }
      let n = rawCount[id] as number;
      for (let j = tokenEmits[tok] as number, end = tokenEmits[tok + 1] as number; j < end && n < WORD_INDICES; j += 1)
        raw[id * WORD_INDICES + n++] = emitted[j] as number;
      rawCount[id] = n;
    }
  }
  shrinkScratch();
  // Per word its distinct features that survived the cut, with their values, in first-seen order.
  if (candIdx.length < words * WORD_INDICES)
    [candIdx, candVal] = [new Int32Array(words * WORD_INDICES), new Float32Array(words * WORD_INDICES)];
  let c = 0;
  for (let id = 0; id < words; id += 1) {
    candStart[id] = c;
    generation = (generation + 1) >>> 0;
    if (generation === 0) {
      // The stamp wrapped around: clear it once instead of per word.
      stamp.fill(0);
      generation = 1;
    }
    for (let k = 0, n = rawCount[id] as number; k < n; k += 1) {
      const idx = raw[id * WORD_INDICES + k] as number;
      if (stamp[idx] === generation) continue;
      stamp[idx] = generation;
      if (present[idx] === 0) continue;
      candIdx[c] = idx;
      candVal[c++] = valueAt[idx] as number;
    }
    table[wordSlot[id] as number] = -1;
    eligible[id] = 0;
  }
  candStart[words] = c;
  for (let j = 0; j < f.indices.length; j += 1) present[f.indices[j] as number] = 0;
  const wordOf = (id: number) => texts[wordPart[id]!]!.slice(wordStart[id], wordEnd[id]);
  const isEligible = (id: number) => {
    if (eligible[id] === 0) eligible[id] = isEvidenceWord(wordOf(id)) ? 1 : 2;
    return eligible[id] === 1;
  };
  return {
    top(w, columns, col) {
      for (let id = 0; id < words; id += 1) {
        let s = 0;
        for (let j = candStart[id] as number, end = candStart[id + 1] as number; j < end; j += 1)
          s += (candVal[j] as number) * (w[(candIdx[j] as number) * columns + col] as number);
        score[id] = s;
      }
      const out: string[] = [];
      for (let picks = 0; out.length < EVIDENCE_WORDS; picks += 1) {
        if (picks === PICKS_BEFORE_FILTER)
          for (let id = 0; id < words; id += 1) if ((score[id] as number) > 0 && !isEligible(id)) score[id] = 0;
        // The highest score, the first-seen word on ties: the order of a stable sort by score.
        let best = -1;
        let bestScore = 0;
        for (let id = 0; id < words; id += 1)
          if ((score[id] as number) > bestScore) [best, bestScore] = [id, score[id] as number];
        if (best < 0) break;
        score[best] = 0;
        if (isEligible(best)) out.push(wordOf(best));
      }
      return out;
    },
  };
}

function sameWord(s: string, a: number, e: number, t: string, b: number, f: number): boolean {
  if (e - a !== f - b) return false;
  for (let i = 0; i < e - a; i += 1) if (s.charCodeAt(a + i) !== t.charCodeAt(b + i)) return false;
  return true;
}

/** A larger table, with the words found so far (the subject's) inserted again. */
function growTable(n: number, words: number): void {
  let size = table.length;
  while (size < n) size *= 2;
  table = new Int32Array(size).fill(-1);
  const mask = size - 1;
  for (let id = 0; id < words; id += 1) {
    let slot = (Math.imul(wordHash[id] as number, 0x9e3779b1) >>> 0) & mask;
    while (table[slot] !== -1) slot = (slot + 1) & mask;
    table[slot] = id;
    wordSlot[id] = slot;
  }
}

function growWords(n: number): void {
  const size = 2 * n;
  const grow = <T extends Int32Array | Uint8Array | Float64Array>(a: T, make: (n: number) => T): T => {
    const b = make(size);
    b.set(a);
    return b;
  };
  wordHash = grow(wordHash, (n) => new Int32Array(n));
  wordPart = grow(wordPart, (n) => new Uint8Array(n));
  wordStart = grow(wordStart, (n) => new Int32Array(n));
  wordEnd = grow(wordEnd, (n) => new Int32Array(n));
  wordSlot = grow(wordSlot, (n) => new Int32Array(n));
  rawCount = grow(rawCount, (n) => new Int32Array(n));
  eligible = grow(eligible, (n) => new Uint8Array(n));
  score = grow(score, (n) => new Float64Array(n));
  const r = new Int32Array(size * WORD_INDICES);
  r.set(raw);
  raw = r;
  const cs = new Int32Array(size + 1);
  cs.set(candStart);
  candStart = cs;
}
