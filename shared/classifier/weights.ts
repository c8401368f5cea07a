/**
 * Reads the weight matrix back from a model file, for explanations: the evidence words are the
 * ones whose features add most to the winning label, which needs W in memory, and reading it from
 * the ONNX file keeps a single copy of the weights on disk.
 */
// onnx-proto is CommonJS: its namespace comes through the default export under ESM.
import onnxProto, { type onnx } from 'onnx-proto';

const { onnx: proto } = onnxProto;

/** Reads W and b back from a model file (for explanations): no second copy of the weights on disk. */
export function readWeights(bytes: Uint8Array): { w: Float32Array; b: Float32Array; dims: number[] } {
  const model = proto.ModelProto.decode(bytes);
  const get = (n: string) => {
    const t = model.graph?.initializer?.find((i) => i.name === n);
    if (!t?.rawData) throw new Error(`the model has no initializer ${n}`);
    const raw = t.rawData;
    const copy = new Uint8Array(raw.byteLength);
    copy.set(raw);
    return { data: new Float32Array(copy.buffer), dims: (t.dims ?? []).map(Number) };
  };
  const W = get('W');
  return { w: W.data, b: get('b').data, dims: W.dims };
}
