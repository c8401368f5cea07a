/** The neighbour memory's k nearest tickets (memory.ts): a heap over ticket ids, and one over dense arrays. */
/**
 * The k touched tickets with the highest scores, best first (ties: lower id first, deterministic).
 * A min-heap of the k best so far; most tickets lose against its worst and cost one comparison.
 * @internal exported for its unit tests
 */
export function topK(touched: ArrayLike<number>, scores: Float32Array, k: number, count = touched.length): number[] {
  const better = (a: number, b: number) => scores[a]! > scores[b]! || (scores[a] === scores[b] && a < b);
  const heap: number[] = []; // min-heap by `better`: heap[0] is the worst kept
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && better(heap[m]!, heap[l]!)) m = l;
      if (r < heap.length && better(heap[m]!, heap[r]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  let worst = -1;
  let worstScore = -Infinity;
  for (let j = 0; j < count; j += 1) {
    const t = touched[j] as number;
    if (heap.length < k) {
      heap.push(t);
      for (let i = heap.length - 1; i > 0; ) {
        const p = (i - 1) >> 1;
        if (!better(heap[p]!, heap[i]!)) break;
        [heap[i], heap[p]] = [heap[p]!, heap[i]!];
        i = p;
      }
      if (heap.length === k) [worst, worstScore] = [heap[0]!, scores[heap[0]!]!];
      continue;
    }
    const s = scores[t] as number;
    if (s < worstScore || (s === worstScore && t > worst)) continue;
    heap[0] = t;
    down(0);
    worst = heap[0]!;
    worstScore = scores[worst]!;
  }
  return heap.sort((a, b) => (better(a, b) ? -1 : 1));
}

let heapBuf = new Int32Array(64);

/**
 * `topK` over dense arrays: positions 0..count-1 with ids `ids[i]` and scores `s[i]`; returns the
 * positions of the k best, best first (ties: lower id first). Most positions lose against the
 * heap's worst, read in sequence, with one comparison.
 */
export function topKDense(ids: Int32Array, s: Float32Array, k: number, count: number): number[] {
  if (heapBuf.length < k) heapBuf = new Int32Array(k);
  const heap = heapBuf;
  // a is better than b (both positions).
  const better = (a: number, b: number) =>
    (s[a] as number) > (s[b] as number) || (s[a] === s[b] && (ids[a] as number) < (ids[b] as number));
  let n = 0;
  let i = 0;
  for (; i < count && n < k; i += 1) {
    let c = n++;
    while (c > 0) {
      const p = (c - 1) >> 1;
      if (!better(heap[p] as number, i)) break;
      heap[c] = heap[p] as number;
      c = p;
    }
    heap[c] = i;
  }
  // The heap's worst in locals: the common case (worse than it) reads one score in sequence.
  let worstScore = n > 0 ? (s[heap[0] as number] as number) : 0;
  let worstId = n > 0 ? (ids[heap[0] as number] as number) : 0;
  for (; i < count; i += 1) {
    const si = s[i] as number;
    if (si < worstScore || (si === worstScore && (ids[i] as number) > worstId)) continue;
    let c = 0;
    for (;;) {
      const l = 2 * c + 1;
      if (l >= n) break;
      const r = l + 1;
      const m = r < n && better(heap[l] as number, heap[r] as number) ? r : l;
      if (!better(i, heap[m] as number)) break;
      heap[c] = heap[m] as number;
      c = m;
    }
    heap[c] = i;
    worstScore = s[heap[0] as number] as number;
    worstId = ids[heap[0] as number] as number;
  }
  return Array.from(heap.subarray(0, n)).sort((a, b) => (better(a, b) ? -1 : 1));
}
