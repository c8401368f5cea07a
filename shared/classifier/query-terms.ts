/**
 * What `vectorize(memory, ticketTerms(text))` and `knownShare` compute, straight from the text:
 * FNV-1a over the char codes of each token (the featurizer's tokens, no token string, bigram or
 * Map per ticket), vocabulary
 * lookups in an open-addressing hash table built at load (instead of a binary search per term),
 * and term counts in a typed array indexed by vocabulary entry, reset through the list of touched
 * entries. The result is bit-identical to the Map-based path that training uses (terms.ts,
 * memory.ts): same terms in the same first-seen order, the same double arithmetic, the same
 * float32 rounding at the end (tests/classifier/fast-path.unit.test.ts).
 */
import { lowered, partEmissions } from './features';
import { halfTable } from './half';
import type { MemoryArrays } from './memory';
import { MEMORY_SPEC } from './terms';
import type { TicketText } from './text';

const FNV_PRIME = 0x01000193;
const fnvState = (text: string, seed = 0x811c9dc5): number => {
  let h = seed;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
};
const SUBJECT_SEED = fnvState('s|');
const BODY_SEED = fnvState('b|');

/** Per BMP code unit: 0 = not asked, 1 = a number character (\p{N}), 2 = not. */
const numeric = new Uint8Array(0x10000);
const NUMERIC = /^\p{N}$/u;
const DIGITS = /^\p{N}+$/u;

/** `/^\p{N}+$/u.test(s.slice(a, e))` without the slice for text without surrogates. */
function allNumeric(s: string, a: number, e: number): boolean {
  for (let i = a; i < e; i += 1) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) continue;
    if (c < 0x80) return false;
    if (c >= 0xd800 && c <= 0xdfff) return DIGITS.test(s.slice(a, e));
    let k = numeric[c] as number;
    if (k === 0) numeric[c] = k = NUMERIC.test(String.fromCharCode(c)) ? 1 : 2;
    if (k === 2) return false;
  }
  return true;
}

export interface QueryVector {
  idx: Int32Array;
  val: Float32Array;
  knownShare: number;
  words: number;
}

export class QueryTerms {
  private readonly table: Int32Array;
  private readonly mask: number;
  private readonly idf: Float32Array;
  private readonly tf: Uint32Array;
  private touched: Int32Array = new Int32Array(1024);
  private partTouched = 0;
  private outIdx: Int32Array = new Int32Array(1024);
  private outVal = new Float64Array(1024);
  private out = 0;

  constructor(private readonly a: Pick<MemoryArrays, 'vocab' | 'idf'>) {
    let size = 16;
    while (size < 2 * a.vocab.length) size *= 2;
    this.table = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let vi = 0; vi < a.vocab.length; vi += 1) {
      let slot = (Math.imul(a.vocab[vi] as number, 0x9e3779b1) >>> 0) & this.mask;
      while (this.table[slot] !== -1) slot = (slot + 1) & this.mask;
      this.table[slot] = vi;
    }
    const half = halfTable();
    this.idf = Float32Array.from(a.idf, (b) => half[b] as number);
    this.tf = new Uint32Array(a.vocab.length);
  }

  /** The vocabulary index of a term hash, or -1. */
  find(h: number): number {
    const u = h >>> 0;
    let slot = (Math.imul(u, 0x9e3779b1) >>> 0) & this.mask;
    for (;;) {
      const vi = this.table[slot] as number;
      if (vi === -1 || this.a.vocab[vi] === u) return vi;
      slot = (slot + 1) & this.mask;
    }
  }

  vector(t: TicketText): QueryVector {
    this.out = 0;
    let norm = 0;
    const subject = lowered(t.subject, 'subject');
    norm += this.part(subject, 'subject', SUBJECT_SEED, MEMORY_SPEC.subjectWeight, false);
    const body = this.part(lowered(t.body, 'body'), 'body', BODY_SEED, MEMORY_SPEC.bodyWeight, true);
    norm += body;
    // The known-vocabulary share is measured on the body's words (subject words too when the body is empty).
    if (this.words === 0) this.subjectWords(subject);
    const n = Math.sqrt(norm) || 1;
    const idx = this.outIdx.slice(0, this.out);
    const val = new Float32Array(this.out);
    for (let j = 0; j < this.out; j += 1) val[j] = (this.outVal[j] as number) / n;
    return { idx, val, knownShare: this.words === 0 ? 0 : this.known / this.words, words: this.words };
  }

  private words = 0;
  private known = 0;

  /** Counts one part's unigrams and bigrams and appends its weighted terms; returns weight² (0 when none is known). */
  private part(s: string, name: 'subject' | 'body', seed: number, weight: number, countWords: boolean): number {
    if (countWords) this.words = this.known = 0;
    // The tokens of the featurizer's scan of the same text (featurize runs first on a ticket).
    const { starts, ends, count } = partEmissions(s, name);
    this.partTouched = 0;
    for (let k = 0; k < count; k += 1) {
      const a = starts[k] as number;
      const e = ends[k] as number;
      let h = seed;
      for (let i = a; i < e; i += 1) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
      const vi = this.find(h);
      if (vi >= 0) this.count(vi);
      if (countWords && !allNumeric(s, a, e)) {
        this.words += 1;
        if (vi >= 0) this.known += 1;
      }
      if (k + 1 < count) {
        h = Math.imul(h ^ 0x20, FNV_PRIME);
        for (let i = starts[k + 1] as number, end = ends[k + 1] as number; i < end; i += 1)
          h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
        const bi = this.find(h);
        if (bi >= 0) this.count(bi);
      }
    }
    const start = this.out;
    let pn = 0;
    for (let j = 0; j < this.partTouched; j += 1) {
      const vi = this.touched[j] as number;
      const x = (1 + Math.log(this.tf[vi] as number)) * (this.idf[vi] as number);
      this.tf[vi] = 0;
      if (x <= 0) continue;
      this.push(vi, x);
      pn += x * x;
    }
    if (pn === 0) return 0;
    const sc = weight / Math.sqrt(pn);
    for (let j = start; j < this.out; j += 1) this.outVal[j] = (this.outVal[j] as number) * sc;
    return weight * weight;
  }

  private subjectWords(s: string): void {
    const { starts, ends, count } = partEmissions(s, 'subject');
    for (let k = 0; k < count; k += 1) {
      const a = starts[k] as number;
      const e = ends[k] as number;
      if (allNumeric(s, a, e)) continue;
      this.words += 1;
      if (this.find(fnvState(s.slice(a, e), BODY_SEED)) >= 0) this.known += 1;
    }
  }

  private count(vi: number): void {
    const c = this.tf[vi] as number;
    this.tf[vi] = c + 1;
    if (c !== 0) return;
    if (this.partTouched === this.touched.length) this.touched = growInt(this.touched);
    this.touched[this.partTouched++] = vi;
  }

  private push(vi: number, x: number): void {
    if (this.out === this.outIdx.length) {
      this.outIdx = growInt(this.outIdx);
      const v = new Float64Array(this.outVal.length * 2);
      v.set(this.outVal);
      this.outVal = v;
    }
    this.outIdx[this.out] = vi;
    this.outVal[this.out++] = x;
  }
}

function growInt(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
