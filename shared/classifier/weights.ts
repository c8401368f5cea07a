/**
 * Reads the weight matrix back from a model file, for explanations: the evidence words are the
 * ones whose features add most to the winning label, which needs W in memory, and reading it from
 * the ONNX file keeps a single copy of the weights on disk. W is stored as float16.
 */
// onnx-proto is CommonJS: its namespace comes through the default export under ESM.
import onnxProto from 'onnx-proto';
import { halvesToFloats } from './half';

const { onnx: proto } = onnxProto;

export function readWeights(bytes: Uint8Array): { w: Float32Array; b: Float32Array; dims: number[] } {
  const model = proto.ModelProto.decode(bytes);
  const get = (n: string) => {
    const t = model.graph?.initializer?.find((i) => i.name === n);
    if (!t?.rawData) throw new Error(`the model has no initializer ${n}`);
    const copy = new Uint8Array(t.rawData.byteLength);
    copy.set(t.rawData);
    const data =
      t.dataType === proto.TensorProto.DataType.FLOAT16
        ? halvesToFloats(new Uint16Array(copy.buffer))
        : new Float32Array(copy.buffer);
    return { data, dims: (t.dims ?? []).map(Number) };
  };
  const W = get('W');
  return { w: W.data, b: get('b').data, dims: W.dims };
}
