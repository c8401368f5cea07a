/**
 * The model file run by onnxruntime itself, to check that the ONNX graph (the model's portable
 * format, the file another runtime or language would load) and the TypeScript heads that
 * classify-ticket runs (shared/classifier/linear.ts) give the same logits. Production never
 * imports this: onnxruntime-node is a dev dependency, used here, by the model test and by
 * `npx tsx bench/onnxruntime.ts` (docs/architecture.md, "Why classify-ticket runs no onnxruntime").
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SparseFeatures } from '@shared/classifier/features';
import * as ort from 'onnxruntime-node';

export interface OnnxModel {
  /** The graph's logits ([tickets x columns], row-major) for these featurized tickets. */
  logits(features: Pick<SparseFeatures, 'indices' | 'values'>[]): Promise<Float32Array>;
}

/** Opens `<modelDir>/model.onnx` in an onnxruntime session (one thread, like the function's one core). */
export async function openOnnxModel(modelDir: string): Promise<OnnxModel> {
  const bytes = await readFile(join(modelDir, 'model.onnx'));
  const session = await ort.InferenceSession.create(bytes, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  return {
    async logits(features) {
      const n = features.length;
      // The graph takes a dense [n x k] pair of (index, value); short rows are padded with
      // index 0 and value 0, which adds nothing.
      const k = Math.max(1, ...features.map((f) => f.indices.length));
      const idx = new BigInt64Array(n * k);
      const val = new Float32Array(n * k);
      features.forEach((f, r) => {
        for (let j = 0; j < f.indices.length; j += 1) {
          idx[r * k + j] = BigInt(f.indices[j] as number);
          val[r * k + j] = f.values[j] as number;
        }
      });
      const out = await session.run({
        indices: new ort.Tensor('int64', idx, [n, k]),
        values: new ort.Tensor('float32', val, [n, k]),
      });
      return out.logits?.data as Float32Array;
    },
  };
}
