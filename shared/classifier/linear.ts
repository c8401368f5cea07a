/**
 * The linear heads in TypeScript: logits = b + x·W for a sparse x, over the same weights the ONNX
 * graph holds (read back by weights.ts). For one ticket this is ~500 rows of W times 57 columns,
 * a few tens of microseconds, less than the onnxruntime call costs by itself (tensor creation,
 * BigInt indices, the native hop and the promise). The ONNX graph stays the model's definition:
 * tests/classifier/model.test.ts checks that both give the same logits (and
 * tests/classifier/fast-path.unit.test.ts the TypeScript heads against a plain dot product).
 */
import type { SparseFeatures } from './features';

export interface LinearWeights {
  /** [dim x columns], row-major. */
  w: Float32Array;
  b: Float32Array;
  columns: number;
}

/**
 * Writes the logits of `f` into `out` (length `columns`). Four rows of W per pass over the
 * accumulators (float64, like a dot product should): a quarter of the loads and stores of one
 * row at a time, measured 2x faster in V8.
 */
export function linearLogits(
  m: LinearWeights,
  f: Pick<SparseFeatures, 'indices' | 'values'>,
  out: Float32Array,
): Float32Array {
  const { w, b, columns } = m;
  if (scratch.length < columns) scratch = new Float64Array(columns);
  const acc = scratch;
  for (let c = 0; c < columns; c += 1) acc[c] = 0;
  const { indices, values } = f;
  const n = indices.length;
  let j = 0;
  for (; j + 3 < n; j += 4) {
    const v0 = values[j] as number;
    const v1 = values[j + 1] as number;
    const v2 = values[j + 2] as number;
    const v3 = values[j + 3] as number;
    const r0 = (indices[j] as number) * columns;
    const r1 = (indices[j + 1] as number) * columns;
    const r2 = (indices[j + 2] as number) * columns;
    const r3 = (indices[j + 3] as number) * columns;
    for (let c = 0; c < columns; c += 1)
      acc[c] =
        (acc[c] as number) +
        v0 * (w[r0 + c] as number) +
        v1 * (w[r1 + c] as number) +
        v2 * (w[r2 + c] as number) +
        v3 * (w[r3 + c] as number);
  }
  for (; j < n; j += 1) {
    const v = values[j] as number;
    const r = (indices[j] as number) * columns;
    for (let c = 0; c < columns; c += 1) acc[c] = (acc[c] as number) + v * (w[r + c] as number);
  }
  for (let c = 0; c < columns; c += 1) out[c] = (acc[c] as number) + (b[c] as number);
  return out;
}

let scratch = new Float64Array(64);
