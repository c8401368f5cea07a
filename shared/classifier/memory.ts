/**
 * The neighbour memory: exact sparse cosine similarity between a ticket's word 1-2-gram TF-IDF
 * vector (terms.ts) and every remembered training ticket, through an inverted index (term ->
 * tickets holding it), so a ticket costs only the postings of its own terms. The `k` most similar
 * tickets vote with weight exp(sharpness * (s - s_max)): the nearest ones dominate, and a close
 * paraphrase decides alone. The arrays live in `memory.bin` of the model folder (float16 values).
 */
import { halfTable, halvesToFloats } from './half';
import { MEMORY_SPEC, type TicketTerms } from './terms';
import { topKDense } from './top-k';

/** @internal exported for tests and benches, not used by the product */
export { topK } from './top-k';

export interface MemoryArrays {
  /** Sorted term hashes of the vocabulary (terms in >= minDocs training tickets). */
  vocab: Uint32Array;
  /** Per vocabulary term: IDF as float16 bits; 0 for terms too common to keep. */
  idf: Uint16Array;
  /** Per vocabulary term: where its postings start in `rows`/`values` (length vocab + 1). */
  offsets: Uint32Array;
  rows: Uint16Array | Uint32Array;
  /** The remembered tickets' TF-IDF values (L2-normalised), float16 bits. */
  values: Uint16Array;
  /** [tickets x single heads] label index, 255 when the ticket had no label for a head. */
  labels: Uint8Array;
}

export interface MemoryQuery {
  /** Per single head (in manifest order): vote shares over the head's labels, all zero without neighbours. */
  votes: Float32Array[];
  /** Cosine of the nearest remembered ticket (0 when nothing is shared). */
  nearest: number;
  /** Share of the ticket's words (numbers aside) that occur in at least minDocs training tickets. */
  knownShare: number;
  /** Number of the ticket's words (numbers aside). */
  words: number;
}

export interface VoteSettings {
  k: number;
  sharpness: number;
}

function find(vocab: Uint32Array, h: number): number {
  let lo = 0;
  let hi = vocab.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = vocab[mid]!;
    if (v === h) return mid;
    if (v < h) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** A ticket as (vocabulary index, weight) pairs, L2-normalised; unknown and too common terms are left out. */
export function vectorize(
  a: Pick<MemoryArrays, 'vocab' | 'idf'>,
  t: TicketTerms,
  idfOf?: (vi: number) => number,
): { idx: Int32Array; val: Float32Array } {
  const half = halfTable();
  const idf = idfOf ?? ((vi: number) => half[a.idf[vi]!]!);
  const idx: number[] = [];
  const val: number[] = [];
  let norm = 0;
  for (const [part, weight] of [
    [t.subject, MEMORY_SPEC.subjectWeight],
    [t.body, MEMORY_SPEC.bodyWeight],
  ] as const) {
    const start = idx.length;
    let pn = 0;
    for (const [h, tf] of part) {
      const vi = find(a.vocab, h);
      if (vi < 0) continue;
      const x = (1 + Math.log(tf)) * idf(vi);
      if (x <= 0) continue;
      idx.push(vi);
      val.push(x);
      pn += x * x;
    }
    if (pn === 0) continue;
    const s = weight / Math.sqrt(pn);
    for (let j = start; j < val.length; j += 1) val[j] = val[j]! * s;
    norm += weight * weight;
  }
  const n = Math.sqrt(norm) || 1;
  return { idx: Int32Array.from(idx), val: Float32Array.from(val, (v) => v / n) };
}

export class NeighbourMemory {
  readonly tickets: number;
  private readonly scores: Float32Array;
  /**
   * `mark[r] - base`: where ticket r's running score is in `dense`, when `mark[r] >= base` (set in
   * this call). One array read per posting decides "new ticket?" and finds its slot, and no pass
   * resets it: `base` moves past every mark after a call.
   */
  private readonly mark: Int32Array;
  private base = 0;
  private touchedBuf: Int32Array;
  /** The touched tickets' scores in touched order: the top-k then reads them in sequence, not all over `scores`. */
  private dense: Float32Array;
  /** The postings' values decoded once at load: a lookup in the 256 KB half table per posting costs cache misses. */
  private readonly values: Float32Array;

  constructor(
    readonly a: MemoryArrays,
    readonly heads: { labels: string[] }[],
    readonly vote: VoteSettings,
  ) {
    this.tickets = a.labels.length / Math.max(1, heads.length);
    this.scores = new Float32Array(this.tickets);
    this.mark = new Int32Array(this.tickets).fill(-1);
    this.touchedBuf = new Int32Array(Math.min(this.tickets, 1024));
    this.dense = new Float32Array(this.touchedBuf.length);
    this.values = halvesToFloats(a.values);
  }

  knownShare(words: number[]): number {
    if (words.length === 0) return 0;
    let known = 0;
    for (const w of words) if (find(this.a.vocab, w) >= 0) known += 1;
    return known / words.length;
  }

  /**
   * Adds up the similarity to every remembered ticket sharing a term: the touched ticket ids are
   * the first `count` entries of `touched`, their scores the same entries of `dense` (buffers
   * reused by the next call). The same float32 sums in the same order as one score per ticket.
   */
  private scanDense(
    v: { idx: Int32Array; val: Float32Array },
    skip: number,
  ): { touched: Int32Array; dense: Float32Array; count: number } {
    const { offsets, rows } = this.a;
    const { values, mark } = this;
    if (this.base > 0x3fffffff - this.tickets) {
      mark.fill(-1);
      this.base = 0;
    }
    const base = this.base;
    let touched = this.touchedBuf;
    let dense = this.dense;
    let count = 0;
    for (let j = 0; j < v.idx.length; j += 1) {
      const vi = v.idx[j] as number;
      const x = v.val[j] as number;
      const end = offsets[vi + 1] as number;
      const start = offsets[vi] as number;
      if (count + end - start > touched.length) {
        const n = Math.min(this.tickets, 2 * (count + end - start));
        touched = this.touchedBuf = grow(touched, n);
        dense = this.dense = growFloat(dense, n);
      }
      for (let p = start; p < end; p += 1) {
        const r = rows[p] as number;
        const m = mark[r] as number;
        if (m < base) {
          mark[r] = base + count;
          dense[count] = x * (values[p] as number);
          touched[count++] = r;
        } else {
          const i = m - base;
          dense[i] = (dense[i] as number) + x * (values[p] as number);
        }
      }
    }
    if (skip >= 0 && (mark[skip] as number) >= base) dense[(mark[skip] as number) - base] = -1;
    this.base = base + count + 1;
    return { touched, dense, count };
  }

  /** Similarity per remembered ticket (`scores[r]`, valid for the touched ones), as training reads it. */
  scan(
    v: { idx: Int32Array; val: Float32Array },
    skip = -1,
  ): { touched: Int32Array; count: number; scores: Float32Array } {
    const { touched, dense, count } = this.scanDense(v, skip);
    const scores = this.scores;
    for (let i = 0; i < count; i += 1) scores[touched[i] as number] = dense[i] as number;
    if (skip >= 0) scores[skip] = -1;
    return { touched, count, scores };
  }

  /** Similarity to every remembered ticket sharing a term; returns the touched ticket ids. */
  similarities(v: { idx: Int32Array; val: Float32Array }, skip = -1): { touched: number[]; scores: Float32Array } {
    const { touched, count, scores } = this.scan(v, skip);
    return { touched: Array.from(touched.subarray(0, count)), scores };
  }

  query(t: TicketTerms, skip = -1): MemoryQuery {
    return this.queryVector(vectorize(this.a, t), this.knownShare(t.words), t.words.length, skip);
  }

  /** The vote of the `k` nearest remembered tickets to a vectorised ticket. */
  queryVector(v: { idx: Int32Array; val: Float32Array }, knownShare: number, words: number, skip = -1): MemoryQuery {
    const { touched, dense, count } = this.scanDense(v, skip);
    const top = topKDense(touched, dense, this.vote.k, count);
    const nearest = top.length > 0 ? Math.max(0, dense[top[0]!]!) : 0;
    const H = this.heads.length;
    const votes = this.heads.map((h) => new Float32Array(h.labels.length));
    for (const i of top) {
      const s = dense[i]!;
      if (s <= 0) continue;
      const w = Math.exp(this.vote.sharpness * (s - nearest));
      const r = touched[i]!;
      for (let hi = 0; hi < H; hi += 1) {
        const l = this.a.labels[r * H + hi]!;
        if (l !== 255) votes[hi]![l] = votes[hi]![l]! + w;
      }
    }
    for (const vh of votes) {
      let sum = 0;
      for (const x of vh) sum += x;
      if (sum > 0) for (let c = 0; c < vh.length; c += 1) vh[c] = vh[c]! / sum;
    }
    return { votes, nearest, knownShare, words };
  }
}

function growFloat(a: Float32Array, n: number): Float32Array {
  const b = new Float32Array(Math.max(n, a.length));
  b.set(a);
  return b;
}

function grow(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(Math.max(n, a.length));
  b.set(a);
  return b;
}
