/**
 * A nearest-neighbour memory of the training tickets, blended with the linear heads. The synthetic
 * data set holds many paraphrases: recognising a recurring ticket by its nearest past tickets adds
 * what a linear model misses. Tickets are embedded by a fixed random ±1 projection of their hashed
 * features (folded into `PROJECTION_BUCKETS`), L2-normalised; the `K` most similar training
 * tickets vote with weight similarity^`POWER`; when the nearest one is at least `minSimilarity`
 * close, each single-label head's output is (1 - BETA) * linear + BETA * vote, renormalised. The ONNX graph computes exactly this.
 */
import type { HeadSpec } from '@shared/classifier/manifest';
import { prng } from '@shared/random';

/** `minSimilarity`: the vote counts only when the nearest ticket is at least this close (a recurring ticket). */
export const KNN = { projectionBuckets: 1 << 14, dims: 128, k: 5, power: 4, beta: 0.7, minSimilarity: 0.6, seed: 7 } as const;

/** Float32 -> IEEE half bits (round to nearest even), and back: the memory is stored as float16. */
export function toHalf(x: number): number {
  const f = new Float32Array([x]);
  const u = new Uint32Array(f.buffer)[0]!;
  const sign = (u >>> 16) & 0x8000;
  const exp = ((u >>> 23) & 0xff) - 127 + 15;
  const mant = u & 0x7fffff;
  if (exp <= 0) {
    if (exp < -10) return sign;
    const m = (mant | 0x800000) >> (1 - exp);
    return sign | ((m + 0x1000 + ((m >> 13) & 1) - 1) >> 13);
  }
  if (exp >= 31) return sign | 0x7c00;
  let h = sign | (exp << 10) | (mant >> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (h & 1))) h += 1;
  return h;
}

export function fromHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (mant / 1024);
  if (exp === 31) return mant ? Number.NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + mant / 1024);
}

export function projection(): Int8Array {
  const rand = prng(KNN.seed);
  return Int8Array.from({ length: KNN.projectionBuckets * KNN.dims }, () => (rand() < 0.5 ? -1 : 1));
}

export function embed(r: Int8Array, indices: Int32Array, values: Float32Array): Float32Array {
  const D = KNN.dims;
  const e = new Float32Array(D);
  for (let j = 0; j < indices.length; j += 1) {
    const row = ((indices[j] as number) % KNN.projectionBuckets) * D;
    const v = values[j] as number;
    for (let d = 0; d < D; d += 1) e[d] = (e[d] as number) + v * (r[row + d] as number);
  }
  let n = 0;
  for (let d = 0; d < D; d += 1) n += (e[d] as number) ** 2;
  n = Math.max(Math.sqrt(n), 1e-12);
  for (let d = 0; d < D; d += 1) e[d] = (e[d] as number) / n;
  return e;
}

export interface KnnMemory {
  r: Int8Array;
  /** Transposed memory [dims x rows], float16 bits. */
  memoryT: Uint16Array;
  rows: number;
  /** One-hot labels [rows x singleColumns]. */
  labels: Float32Array;
  singleColumns: number;
}

export function buildMemory(heads: HeadSpec[], examples: { indices: Int32Array; values: Float32Array; targets: (number | number[])[] }[]): KnnMemory {
  const r = projection();
  const singles = heads.filter((h) => h.kind === 'single');
  const singleColumns = singles.reduce((n, h) => Math.max(n, h.offset + h.labels.length), 0);
  const T = examples.length;
  const memoryT = new Uint16Array(KNN.dims * T);
  const labels = new Float32Array(T * singleColumns);
  examples.forEach((ex, t) => {
    const e = embed(r, ex.indices, ex.values);
    for (let d = 0; d < KNN.dims; d += 1) memoryT[d * T + t] = toHalf(e[d] as number);
    heads.forEach((h, hi) => {
      const target = ex.targets[hi];
      if (h.kind === 'single' && typeof target === 'number' && target >= 0) labels[t * singleColumns + h.offset + target] = 1;
    });
  });
  return { r, memoryT, rows: T, labels, singleColumns };
}

/** The blended probabilities for the single-label heads, in place over `p` (the linear model's). */
export function blend(mem: KnnMemory, heads: HeadSpec[], indices: Int32Array, values: Float32Array, p: Float32Array, memoryF32 = memoryFloats(mem)): Float32Array {
  const e = embed(mem.r, indices, values);
  const T = mem.rows;
  const sims = new Float32Array(T);
  for (let d = 0; d < KNN.dims; d += 1) {
    const ed = e[d] as number;
    const base = d * T;
    for (let t = 0; t < T; t += 1) sims[t] = (sims[t] as number) + ed * (memoryF32[base + t] as number);
  }
  const top: number[] = [];
  for (let t = 0; t < T; t += 1) {
    if (top.length < KNN.k || (sims[t] as number) > (sims[top[top.length - 1]!] as number)) {
      top.push(t);
      top.sort((a, b) => (sims[b] as number) - (sims[a] as number) || a - b);
      if (top.length > KNN.k) top.pop();
    }
  }
  const vote = new Float32Array(mem.singleColumns);
  for (const t of top) {
    const w = Math.max(0, sims[t] as number) ** KNN.power;
    for (let c = 0; c < mem.singleColumns; c += 1) vote[c] = (vote[c] as number) + w * (mem.labels[t * mem.singleColumns + c] as number);
  }
  const out = p.slice();
  const beta = top.length > 0 && (sims[top[0]!] as number) > KNN.minSimilarity ? KNN.beta : 0;
  for (const h of heads) {
    if (h.kind !== 'single') continue;
    const end = h.offset + h.labels.length;
    let vs = 0;
    for (let c = h.offset; c < end; c += 1) vs += vote[c] as number;
    let total = 0;
    for (let c = h.offset; c < end; c += 1) total += out[c] = (1 - beta) * (p[c] as number) + beta * ((vote[c] as number) / (vs + 1e-9));
    for (let c = h.offset; c < end; c += 1) out[c] = (out[c] as number) / total;
  }
  return out;
}

export function memoryFloats(mem: KnnMemory): Float32Array {
  return Float32Array.from(mem.memoryT, fromHalf);
}
