/**
 * Writes the trained model as one ONNX graph (onnx-proto): an embedding bag over the hashed
 * features followed by one output per head.
 *   indices int64 [N,K], values float [N,K]
 *   Gather(W, indices) [N,K,C] * Unsqueeze(values) -> ReduceSum over K -> + b -> logits [N,C]
 *   per head: Slice(logits) -> Softmax (single-label) or Sigmoid (tags)
 * Padding uses index 0 with value 0, which adds nothing.
 */
// onnx-proto is CommonJS: its namespace comes through the default export under ESM.
import onnxProto, { type onnx } from 'onnx-proto';

const { onnx: proto } = onnxProto;
import type { HeadSpec } from '@shared/classifier/manifest';

const { DataType } = proto.TensorProto;

function floatTensor(name: string, dims: number[], data: Float32Array): onnx.ITensorProto {
  return { name, dims, dataType: DataType.FLOAT, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
function int64Tensor(name: string, values: number[]): onnx.ITensorProto {
  const buf = new BigInt64Array(values.map((v) => BigInt(v)));
  return { name, dims: [values.length], dataType: DataType.INT64, rawData: new Uint8Array(buf.buffer) };
}
function valueInfo(name: string, elemType: number, dims: (number | string)[]): onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
  };
}
const node = (opType: string, input: string[], output: string[], attribute: onnx.IAttributeProto[] = []): onnx.INodeProto => ({ opType, input, output, attribute, name: output[0] ?? opType });

export function buildOnnxModel(dim: number, heads: HeadSpec[], w: Float32Array, b: Float32Array, name: string): Uint8Array {
  const C = b.length;
  const nodes: onnx.INodeProto[] = [
    node('Gather', ['W', 'indices'], ['gathered'], [{ name: 'axis', type: proto.AttributeProto.AttributeType.INT, i: 0 }]),
    node('Unsqueeze', ['values', 'axis2'], ['values3']),
    node('Mul', ['gathered', 'values3'], ['weighted']),
    node('ReduceSum', ['weighted', 'axis1'], ['summed'], [{ name: 'keepdims', type: proto.AttributeProto.AttributeType.INT, i: 0 }]),
    node('Add', ['summed', 'b'], ['logits']),
  ];
  const initializer = [floatTensor('W', [dim, C], w), floatTensor('b', [C], b), int64Tensor('axis1', [1]), int64Tensor('axis2', [2])];
  const outputs: onnx.IValueInfoProto[] = [];
  for (const h of heads) {
    initializer.push(int64Tensor(`${h.name}_start`, [h.offset]), int64Tensor(`${h.name}_end`, [h.offset + h.labels.length]));
    nodes.push(node('Slice', ['logits', `${h.name}_start`, `${h.name}_end`, 'axis1'], [`${h.name}_logits`]));
    nodes.push(
      h.kind === 'multi'
        ? node('Sigmoid', [`${h.name}_logits`], [h.name])
        : node('Softmax', [`${h.name}_logits`], [h.name], [{ name: 'axis', type: proto.AttributeProto.AttributeType.INT, i: -1 }]),
    );
    outputs.push(valueInfo(h.name, DataType.FLOAT, ['N', h.labels.length]));
  }
  const model: onnx.IModelProto = {
    irVersion: 8,
    producerName: 'freshdesk-triage',
    producerVersion: '1',
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name,
      node: nodes,
      initializer,
      input: [valueInfo('indices', DataType.INT64, ['N', 'K']), valueInfo('values', DataType.FLOAT, ['N', 'K'])],
      output: outputs,
    },
  };
  return proto.ModelProto.encode(proto.ModelProto.create(model)).finish();
}

