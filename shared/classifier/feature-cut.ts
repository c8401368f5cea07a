/**
 * The last steps of featurize without a sort: keep the `max` heaviest features and sum their
 * squared weights exactly as "stable sort by weight, descending; keep the first `max`; add v² in
 * that order" does (the string-based reference), then list the kept indices in ascending order.
 *
 * Why no sort: typed-array sorts cost 10-75 µs per ticket in V8, more than all the hashing. A
 * ticket's weights take few distinct values (1 + ln tf per part), so the weights are counted per
 * distinct value, and only those few values are sorted. Equal weights add equal terms, so the sum
 * does not depend on their order; the cut keeps every feature above the threshold weight and the
 * first-seen ones at it, as a stable sort would. Indices come out ascending from a radix sort.
 */
const SLOTS = 1024;
/** More distinct weights than this (a pathological text) takes the plain sort instead. */
const MAX_DISTINCT = 768;

const slotWeight = new Float64Array(SLOTS);
const slotCount = new Int32Array(SLOTS);
const slotUsed = new Uint8Array(SLOTS);
const distinct = new Float64Array(SLOTS);
/** The slots in use, to free them after the call (freeing by lookup would break probe chains). */
const usedSlots = new Int32Array(SLOTS);
const bitsOf = new Float64Array(1);
const bitWords = new Int32Array(bitsOf.buffer);

function slotOf(v: number): number {
  bitsOf[0] = v;
  let s = Math.imul((bitWords[0] as number) ^ (bitWords[1] as number), 0x9e3779b1) >>> 22;
  while (slotUsed[s] === 1 && slotWeight[s] !== v) s = (s + 1) & (SLOTS - 1);
  return s;
}

export interface Cut {
  kept: number;
  sumSquares: number;
}

/**
 * Writes the kept feature indices (in first-seen order) to `out`. `touched` lists the ticket's
 * `m` features in first-seen order, `weight[idx]` their weights.
 */
export function cutHeaviest(touched: Int32Array, m: number, weight: Float64Array, max: number, out: Int32Array): Cut {
  let sumSquares = 0;
  if (m <= max) {
    for (let i = 0; i < m; i += 1) {
      const idx = touched[i] as number;
      out[i] = idx;
      const v = weight[idx] as number;
      sumSquares += v * v;
    }
    return { kept: m, sumSquares };
  }
  let d = 0;
  for (let i = 0; i < m && d <= MAX_DISTINCT; i += 1) {
    const v = weight[touched[i] as number] as number;
    const s = slotOf(v);
    if (slotUsed[s] === 0) {
      slotUsed[s] = 1;
      slotWeight[s] = v;
      slotCount[s] = 0;
      usedSlots[d] = s;
      distinct[d++] = v;
    }
    slotCount[s] = (slotCount[s] as number) + 1;
  }
  let threshold: number;
  let atThreshold: number;
  if (d > MAX_DISTINCT) {
    ({ threshold, atThreshold, sumSquares } = bySort(touched, m, weight, max));
  } else {
    // Few values: insertion sort, descending.
    for (let i = 1; i < d; i += 1) {
      const v = distinct[i] as number;
      let j = i - 1;
      for (; j >= 0 && (distinct[j] as number) < v; j -= 1) distinct[j + 1] = distinct[j] as number;
      distinct[j + 1] = v;
    }
    let left = max;
    threshold = Infinity;
    atThreshold = 0;
    for (let i = 0; i < d && left > 0; i += 1) {
      const v = distinct[i] as number;
      const take = Math.min(slotCount[slotOf(v)] as number, left);
      for (let j = 0; j < take; j += 1) sumSquares += v * v;
      left -= take;
      threshold = v;
      atThreshold = take;
    }
  }
  for (let i = 0; i < d; i += 1) slotUsed[usedSlots[i] as number] = 0;
  let n = 0;
  for (let i = 0; i < m && n < max; i += 1) {
    const idx = touched[i] as number;
    const v = weight[idx] as number;
    if (v > threshold || (v === threshold && atThreshold-- > 0)) out[n++] = idx;
  }
  return { kept: max, sumSquares };
}

function bySort(
  touched: Int32Array,
  m: number,
  weight: Float64Array,
  max: number,
): { threshold: number; atThreshold: number; sumSquares: number } {
  const sorted = Float64Array.from(touched.subarray(0, m), (idx) => weight[idx] as number)
    .sort()
    .reverse();
  let sumSquares = 0;
  for (let i = 0; i < max; i += 1) sumSquares += (sorted[i] as number) * (sorted[i] as number);
  const threshold = sorted[max - 1] as number;
  let atThreshold = 0;
  for (let i = 0; i < max; i += 1) if (sorted[i] === threshold) atThreshold += 1;
  return { threshold, atThreshold, sumSquares };
}

const lowCounts = new Int32Array(257);
const highCounts = new Int32Array(257);
let between = new Int32Array(1024);

/**
 * `indices` (values below 65,536) in ascending order, as a new array: a two-pass radix sort on
 * the low and the high byte, with no data-dependent branch (a bitmap scan or a typed-array sort
 * costs several times more on real tickets).
 */
export function ascending(indices: Int32Array, n: number): Int32Array {
  const out = new Int32Array(n);
  if (between.length < n) between = new Int32Array(2 * n);
  const tmp = between;
  lowCounts.fill(0);
  highCounts.fill(0);
  for (let i = 0; i < n; i += 1) {
    const v = indices[i] as number;
    lowCounts[(v & 255) + 1] = (lowCounts[(v & 255) + 1] as number) + 1;
    highCounts[(v >>> 8) + 1] = (highCounts[(v >>> 8) + 1] as number) + 1;
  }
  for (let b = 1; b <= 256; b += 1) {
    lowCounts[b] = (lowCounts[b] as number) + (lowCounts[b - 1] as number);
    highCounts[b] = (highCounts[b] as number) + (highCounts[b - 1] as number);
  }
  for (let i = 0; i < n; i += 1) {
    const v = indices[i] as number;
    const at = lowCounts[v & 255] as number;
    lowCounts[v & 255] = at + 1;
    tmp[at] = v;
  }
  for (let i = 0; i < n; i += 1) {
    const v = tmp[i] as number;
    const at = highCounts[v >>> 8] as number;
    highCounts[v >>> 8] = at + 1;
    out[at] = v;
  }
  return out;
}
