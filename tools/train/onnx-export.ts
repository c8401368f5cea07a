/**
 * Writes the linear heads as one ONNX graph (onnx-proto): an embedding bag over the hashed
 * features, weights stored as float16 (half the file) and widened after the lookup:
 *   indices int64 [N,K], values float [N,K]
 *   Gather(W16, indices) -> Cast float [N,K,C] * Unsqueeze(values) -> ReduceSum over K -> + b -> logits [N,C]
 * Padding uses index 0 with value 0, which adds nothing. The memory and the blend run in
 * TypeScript (shared/classifier/memory.ts, blend.ts): a sparse inverted index has no ONNX form.
 */
// onnx-proto is CommonJS: its namespace comes through the default export under ESM.
import onnxProto, { type onnx } from 'onnx-proto';
import { floatsToHalves } from '@shared/classifier/half';

const { onnx: proto } = onnxProto;
const { DataType } = proto.TensorProto;
const INT = proto.AttributeProto.AttributeType.INT;

function valueInfo(name: string, elemType: number, dims: (number | string)[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}
const node = (
  opType: string,
  input: string[],
  output: string[],
  attribute: onnx.IAttributeProto[] = [],
): onnx.INodeProto => ({ opType, input, output, attribute, name: output[0] ?? opType });
const bytesOf = (a: Float32Array | Uint16Array | BigInt64Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

export function buildOnnxModel(dim: number, w: Float32Array, b: Float32Array, name: string): Uint8Array {
  const C = b.length;
  const nodes = [
    node('Gather', ['W', 'indices'], ['gathered16'], [{ name: 'axis', type: INT, i: 0 }]),
    node('Cast', ['gathered16'], ['gathered'], [{ name: 'to', type: INT, i: DataType.FLOAT }]),
    node('Unsqueeze', ['values', 'axis2'], ['values3']),
    node('Mul', ['gathered', 'values3'], ['weighted']),
    node('ReduceSum', ['weighted', 'axis1'], ['summed'], [{ name: 'keepdims', type: INT, i: 0 }]),
    node('Add', ['summed', 'b'], ['logits']),
  ];
  const initializer: onnx.ITensorProto[] = [
    { name: 'W', dims: [dim, C], dataType: DataType.FLOAT16, rawData: bytesOf(floatsToHalves(w)) },
    { name: 'b', dims: [C], dataType: DataType.FLOAT, rawData: bytesOf(b) },
    { name: 'axis1', dims: [1], dataType: DataType.INT64, rawData: bytesOf(new BigInt64Array([1n])) },
    { name: 'axis2', dims: [1], dataType: DataType.INT64, rawData: bytesOf(new BigInt64Array([2n])) },
  ];
  const model: onnx.IModelProto = {
    irVersion: 8,
    producerName: 'freshdesk-triage',
    producerVersion: '2',
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name,
      node: nodes,
      initializer,
      input: [valueInfo('indices', DataType.INT64, ['N', 'K']), valueInfo('values', DataType.FLOAT, ['N', 'K'])],
      output: [valueInfo('logits', DataType.FLOAT, ['N', C])],
    },
  };
  return proto.ModelProto.encode(proto.ModelProto.create(model)).finish();
}
