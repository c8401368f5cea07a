/**
 * Builds the neighbour memory (shared/classifier/memory.ts) from training tickets: the vocabulary
 * and IDF from all of them, an inverted index over the remembered ones. The memory can be bounded:
 * close paraphrases with the same labels are remembered once (cosine >= `DUPLICATE_COSINE`), and
 * above `maxTickets` a seeded random sample is kept, so size and per-ticket cost stop growing.
 */
import { floatsToHalves } from '@shared/classifier/half';
import { vectorize, type MemoryArrays } from '@shared/classifier/memory';
import { MEMORY_SPEC, type TicketTerms } from '@shared/classifier/terms';
import { prng, shuffle } from '@shared/random';
import { NearSearch } from './near-search';

const DUPLICATE_COSINE = 0.9;

export interface MemoryInput {
  terms: TicketTerms[];
  /** Per ticket, per single head: label index or 255. */
  labels: Uint8Array[];
}

/** Vocabulary and IDF (float16 bits) of the training tickets. */
function vocabulary(terms: TicketTerms[]): { vocab: Uint32Array; idf: Uint16Array } {
  const df = new Map<number, number>();
  for (const t of terms) {
    for (const h of t.subject.keys()) df.set(h, (df.get(h) ?? 0) + 1);
    for (const h of t.body.keys()) df.set(h, (df.get(h) ?? 0) + 1);
  }
  const N = terms.length;
  const vocab = Uint32Array.from([...df].filter(([, n]) => n >= MEMORY_SPEC.minDocs).map(([h]) => h)).sort();
  const idf = new Float32Array(vocab.length);
  vocab.forEach((h, i) => {
    const n = df.get(h)!;
    idf[i] = n > MEMORY_SPEC.maxDocShare * N ? 0 : Math.log((1 + N) / (1 + n)) + 1;
  });
  return { vocab, idf: floatsToHalves(idf) };
}

/** The inverted index over the given tickets (ids in `keep` order). */
function indexTickets(v: { vocab: Uint32Array; idf: Uint16Array }, input: MemoryInput, keep: number[]): MemoryArrays {
  const vectors = keep.map((i) => vectorize(v, input.terms[i]!));
  const counts = new Uint32Array(v.vocab.length + 1);
  for (const x of vectors) for (const vi of x.idx) counts[vi + 1] = counts[vi + 1]! + 1;
  const offsets = new Uint32Array(v.vocab.length + 1);
  for (let i = 1; i <= v.vocab.length; i += 1) offsets[i] = offsets[i - 1]! + counts[i]!;
  const nnz = offsets[v.vocab.length]!;
  const rows = keep.length <= 65536 ? new Uint16Array(nnz) : new Uint32Array(nnz);
  const values = new Float32Array(nnz);
  const fill = offsets.slice(0, v.vocab.length);
  vectors.forEach((x, r) => {
    for (let j = 0; j < x.idx.length; j += 1) {
      const vi = x.idx[j]!;
      const at = fill[vi]!;
      rows[at] = r;
      values[at] = x.val[j]!;
      fill[vi] = at + 1;
    }
  });
  const H = input.labels[0]?.length ?? 0;
  const labels = new Uint8Array(keep.length * H);
  for (const [r, i] of keep.entries()) labels.set(input.labels[i]!, r * H);
  return { vocab: v.vocab, idf: v.idf, offsets, rows, values: floatsToHalves(values), labels };
}

export interface BuiltMemory {
  arrays: MemoryArrays;
  /** Training tickets offered, duplicates dropped, and kept. */
  offered: number;
  duplicates: number;
  kept: number;
}

/** The memory over all training tickets, or a bounded one (see the file comment). */
export function buildMemory(
  input: MemoryInput,
  o: { maxTickets?: number; dedupe?: boolean; seed: number },
): BuiltMemory {
  const v = vocabulary(input.terms);
  const all = input.terms.map((_, i) => i);
  const max = o.maxTickets ?? Infinity;
  if (!o.dedupe && all.length <= max)
    return { arrays: indexTickets(v, input, all), offered: all.length, duplicates: 0, kept: all.length };
  let keep = all;
  let duplicates = 0;
  if (o.dedupe) {
    // Only pairs at or above DUPLICATE_COSINE matter, so the search walks the postings of each
    // ticket's rarer terms only (near-search.ts) instead of every ticket sharing a word.
    const vectors = all.map((i) => vectorize(v, input.terms[i]!));
    const search = new NearSearch(v.vocab.length, vectors);
    const dropped = new Uint8Array(all.length);
    const H = input.labels[0]?.length ?? 0;
    for (const i of all) {
      // A ticket is a duplicate of an earlier kept ticket with the same labels that is this close.
      let duplicate = false;
      const sameLabels = (j: number) => {
        if (duplicate || j >= i || dropped[j]) return false;
        for (let h = 0; h < H; h += 1) if (input.labels[i]![h] !== input.labels[j]![h]) return false;
        return true;
      };
      search.near(
        vectors[i]!,
        DUPLICATE_COSINE,
        (_, s) => {
          if (s >= DUPLICATE_COSINE) duplicate = true;
        },
        sameLabels,
      );
      if (duplicate) {
        dropped[i] = 1;
        duplicates += 1;
      }
    }
    keep = all.filter((i) => !dropped[i]);
  }
  if (keep.length > max)
    keep = shuffle(keep, prng(o.seed))
      .slice(0, max)
      .sort((a, b) => a - b);
  return { arrays: indexTickets(v, input, keep), offered: all.length, duplicates, kept: keep.length };
}

/** The memory's paraphrase merge and sample look at most this many times `memoryMax` tickets (a seeded sample above it). */
const MEMORY_CANDIDATE_FACTOR = 3;

export function memoryCandidates<T>(rows: T[], memoryMax: number, seed: number): T[] {
  const max = memoryMax * MEMORY_CANDIDATE_FACTOR;
  return rows.length <= max ? rows : shuffle(rows, prng(seed)).slice(0, max);
}
