/** The threshold search of training (novelty check, paraphrase dedupe) against a brute-force scan of every pair. */
import { describe, expect, it } from 'vitest';
import { prng } from '@shared/random';
import { NearSearch, type SparseVector } from '../../tools/train/near-search';

/** Seeded sparse unit vectors over `dim` terms with a skewed (Zipf-like) term frequency and near copies. */
function vectors(n: number, dim: number, seed: number): SparseVector[] {
  const rand = prng(seed);
  const out: SparseVector[] = [];
  for (let i = 0; i < n; i += 1) {
    const m = new Map<number, number>();
    if (i > 0 && rand() < 0.3) {
      const src = out[Math.floor(rand() * i)]!;
      for (const [j, w] of src.idx.entries()) m.set(w, src.val[j]! * (0.8 + 0.4 * rand()));
    }
    const terms = 3 + Math.floor(rand() * 12);
    for (let k = 0; k < terms; k += 1) m.set(Math.floor(dim * rand() ** 3), rand() + 0.1);
    const norm = Math.sqrt([...m.values()].reduce((s, x) => s + x * x, 0));
    out.push({ idx: Int32Array.from(m.keys()), val: Float64Array.from(m.values(), (x) => x / norm) });
  }
  return out;
}

function cosine(a: SparseVector, b: SparseVector): number {
  let s = 0;
  a.idx.forEach((w, j) => {
    const k = b.idx.indexOf(w);
    if (k >= 0) s += a.val[j]! * b.val[k]!;
  });
  return s;
}

describe('near search (prefix filtering)', () => {
  it.each([0.5, 0.9])('finds every row at or above cosine %s, with its exact cosine', (t) => {
    const rows = vectors(400, 300, 7);
    const queries = vectors(120, 300, 8).concat(rows.slice(0, 30));
    const search = new NearSearch(300, rows);
    let found = 0;
    let scored = 0;
    for (const q of queries) {
      const got = new Map<number, number>();
      scored += search.near(q, t, (r, s) => got.set(r, s));
      rows.forEach((r, id) => {
        const c = cosine(q, r);
        if (c >= t) {
          found += 1;
          expect(got.get(id)).toBeCloseTo(c, 9);
        }
      });
    }
    expect(found).toBeGreaterThanOrEqual(30); // at least the 30 rows queried themselves
    // The point of it: far fewer rows scored than a scan of every pair.
    expect(scored).toBeLessThan(queries.length * rows.length * 0.5);
  });

  it('lets the caller filter rows before they are scored', () => {
    const rows = vectors(50, 40, 3);
    const search = new NearSearch(40, rows);
    const seen: number[] = [];
    search.near(
      rows[10]!,
      0.9,
      (r) => seen.push(r),
      (r) => r !== 10,
    );
    expect(seen).not.toContain(10);
    search.near(rows[10]!, 0.9, (r) => seen.push(r));
    expect(seen).toContain(10);
  });
});
