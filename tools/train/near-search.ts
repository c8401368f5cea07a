/**
 * "Which rows are at least this close?" for L2-normalised sparse vectors, without scanning every
 * pair: prefix filtering (Bayardo et al., "Scaling up all pairs similarity search", 2007). A row
 * whose cosine with the query reaches `t` must share one of the query's rarer terms: the query's
 * most common terms are skipped while the most they could add together (query weight x the
 * largest weight of the term in any row) stays below `t`. Only the postings of the remaining,
 * rarer terms are walked (short lists), and each candidate gets its exact cosine from its own
 * vector. Exact for every row at or above `t`; rows below it may be missed, which is all the
 * novelty check (t 0.5) and the paraphrase dedupe (t 0.9) need. Time grows with the candidates,
 * not with rows x rows as the all-postings scan did.
 */

export interface SparseVector {
  /** Term ids (0 .. dim-1), each at most once. */
  idx: Int32Array;
  val: Float32Array | Float64Array;
}

/** Float slack so a pair exactly at `t` is never lost to rounding in the bound. */
const SLACK = 1e-6;

export class NearSearch {
  private readonly offsets: Uint32Array;
  private readonly postings: Uint32Array;
  private readonly df: Uint32Array;
  private readonly maxWeight: Float32Array;
  private readonly dense: Float64Array;
  private readonly mark: Uint8Array;
  private readonly partial: Float64Array;
  /** The row's weight of the term, beside `postings`. */
  private readonly weightAt: Float32Array | Float64Array;

  constructor(
    readonly dim: number,
    private readonly rows: SparseVector[],
  ) {
    this.df = new Uint32Array(dim);
    this.maxWeight = new Float32Array(dim);
    for (const r of rows) {
      for (let j = 0; j < r.idx.length; j += 1) {
        const w = r.idx[j]!;
        this.df[w] = this.df[w]! + 1;
        if (r.val[j]! > this.maxWeight[w]!) this.maxWeight[w] = r.val[j]!;
      }
    }
    this.offsets = new Uint32Array(dim + 1);
    for (let w = 0; w < dim; w += 1) this.offsets[w + 1] = this.offsets[w]! + this.df[w]!;
    this.postings = new Uint32Array(this.offsets[dim]!);
    // As precise as the rows given (float32 rows: 4 bytes per posting, not 8).
    this.weightAt =
      rows[0]?.val instanceof Float64Array
        ? new Float64Array(this.offsets[dim]!)
        : new Float32Array(this.offsets[dim]!);
    const fill = this.offsets.slice(0, dim);
    rows.forEach((r, id) => {
      for (let j = 0; j < r.idx.length; j += 1) {
        const w = r.idx[j]!;
        this.postings[fill[w]!] = id;
        this.weightAt[fill[w]!] = r.val[j]!;
        fill[w] = fill[w]! + 1;
      }
    });
    this.dense = new Float64Array(dim);
    this.mark = new Uint8Array(rows.length);
    this.partial = new Float64Array(rows.length);
  }

  /**
   * Calls `visit(row, cosine)` for every indexed row that may reach `t` (all rows at or above it
   * are visited; `accept` filters rows before their cosine is computed). Returns the number of
   * candidates scored.
   */
  near(
    q: SparseVector,
    t: number,
    visit: (row: number, cosine: number) => void,
    accept?: (row: number) => boolean,
  ): number {
    const n = q.idx.length;
    // Most common terms first: they are the ones worth skipping.
    const order = Array.from({ length: n }, (_, j) => j).sort(
      (a, b) => this.df[q.idx[b]!]! - this.df[q.idx[a]!]! || a - b,
    );
    let bound = 0;
    let first = 0;
    while (first < n) {
      const j = order[first]!;
      const add = q.val[j]! * this.maxWeight[q.idx[j]!]!;
      if (bound + add >= t - SLACK) break;
      bound += add;
      first += 1;
    }
    if (first === n) return 0;
    // Partial cosines over the rarer terms; a candidate whose partial + the skipped terms' bound
    // cannot reach t is dropped before its exact cosine is computed.
    const candidates: number[] = [];
    for (let o = first; o < n; o += 1) {
      const j = order[o]!;
      const w = q.idx[j]!;
      const x = q.val[j]!;
      for (let p = this.offsets[w]!; p < this.offsets[w + 1]!; p += 1) {
        const r = this.postings[p]!;
        if (this.mark[r] === 0) {
          this.mark[r] = 1;
          this.partial[r] = 0;
          candidates.push(r);
        }
        this.partial[r] = this.partial[r]! + x * this.weightAt[p]!;
      }
    }
    for (let j = 0; j < first; j += 1) this.dense[q.idx[order[j]!]!] = q.val[order[j]!]!;
    let scored = 0;
    for (const r of candidates) {
      this.mark[r] = 0;
      if (this.partial[r]! + bound < t - SLACK) continue;
      if (accept && !accept(r)) continue;
      let s = this.partial[r]!;
      if (first > 0) {
        const v = this.rows[r]!;
        for (let j = 0; j < v.idx.length; j += 1) s += v.val[j]! * this.dense[v.idx[j]!]!;
      }
      scored += 1;
      visit(r, s);
    }
    for (let j = 0; j < first; j += 1) this.dense[q.idx[order[j]!]!] = 0;
    return scored;
  }
}
