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
import { KNN, type KnnMemory } from './knn';

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

export function buildOnnxModel(dim: number, heads: HeadSpec[], w: Float32Array, b: Float32Array, name: string, memory?: KnnMemory): Uint8Array {
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
  if (memory) nodes.push(...knnNodes(memory, initializer));
  for (const h of heads) {
    initializer.push(int64Tensor(`${h.name}_start`, [h.offset]), int64Tensor(`${h.name}_end`, [h.offset + h.labels.length]));
    nodes.push(node('Slice', ['logits', `${h.name}_start`, `${h.name}_end`, 'axis1'], [`${h.name}_logits`]));
    if (h.kind === 'multi') nodes.push(node('Sigmoid', [`${h.name}_logits`], [h.name]));
    else if (!memory) nodes.push(node('Softmax', [`${h.name}_logits`], [h.name], [{ name: 'axis', type: proto.AttributeProto.AttributeType.INT, i: -1 }]));
    else {
      // (1 - beta) * softmax + beta * neighbour vote, renormalised (see knn.ts).
      const n = h.name;
      nodes.push(
        node('Softmax', [`${n}_logits`], [`${n}_linear`], [{ name: 'axis', type: proto.AttributeProto.AttributeType.INT, i: -1 }]),
        node('Slice', ['vote', `${n}_start`, `${n}_end`, 'axis1'], [`${n}_vote`]),
        node('ReduceSum', [`${n}_vote`, 'axis1'], [`${n}_vote_sum`], [{ name: 'keepdims', type: proto.AttributeProto.AttributeType.INT, i: 1 }]),
        node('Add', [`${n}_vote_sum`, 'eps'], [`${n}_vote_den`]),
        node('Div', [`${n}_vote`, `${n}_vote_den`], [`${n}_knn`]),
        node('Mul', [`${n}_linear`, 'one_minus_gate'], [`${n}_a`]),
        node('Mul', [`${n}_knn`, 'gate'], [`${n}_b`]),
        node('Add', [`${n}_a`, `${n}_b`], [`${n}_mix`]),
        node('ReduceSum', [`${n}_mix`, 'axis1'], [`${n}_mix_sum`], [{ name: 'keepdims', type: proto.AttributeProto.AttributeType.INT, i: 1 }]),
        node('Div', [`${n}_mix`, `${n}_mix_sum`], [n]),
      );
    }
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


/** Embedding by the ±1 projection, cosine against the memory, TopK, similarity-weighted label vote. */
function knnNodes(m: KnnMemory, initializer: onnx.ITensorProto[]): onnx.INodeProto[] {
  const k = Math.min(KNN.k, m.rows);
  initializer.push(
    { name: 'R', dims: [KNN.projectionBuckets, KNN.dims], dataType: DataType.INT8, rawData: new Uint8Array(m.r.buffer, m.r.byteOffset, m.r.byteLength) },
    { name: 'MT', dims: [KNN.dims, m.rows], dataType: DataType.FLOAT16, rawData: new Uint8Array(m.memoryT.buffer, m.memoryT.byteOffset, m.memoryT.byteLength) },
    floatTensor('L', [m.rows, m.singleColumns], m.labels),
    int64Tensor('buckets', [KNN.projectionBuckets]),
    int64Tensor('k', [k]),
    floatTensor('power', [1], new Float32Array([KNN.power])),
    floatTensor('beta', [1], new Float32Array([KNN.beta])),
    floatTensor('one', [1], new Float32Array([1])),
    floatTensor('min_similarity', [1], new Float32Array([KNN.minSimilarity])),
    int64Tensor('zero', [0]),
    int64Tensor('one_i', [1]),
    floatTensor('eps', [1], new Float32Array([1e-9])),
    floatTensor('tiny', [1], new Float32Array([1e-12])),
  );
  const INT = proto.AttributeProto.AttributeType.INT;
  return [
    node('Mod', ['indices', 'buckets'], ['folded']),
    node('Cast', ['R'], ['Rf'], [{ name: 'to', type: INT, i: DataType.FLOAT }]),
    node('Gather', ['Rf', 'folded'], ['projected'], [{ name: 'axis', type: INT, i: 0 }]),
    node('Mul', ['projected', 'values3'], ['projected_w']),
    node('ReduceSum', ['projected_w', 'axis1'], ['emb'], [{ name: 'keepdims', type: INT, i: 0 }]),
    node('ReduceL2', ['emb'], ['emb_norm'], [{ name: 'axes', type: proto.AttributeProto.AttributeType.INTS, ints: [1] }, { name: 'keepdims', type: INT, i: 1 }]),
    node('Max', ['emb_norm', 'tiny'], ['emb_den']),
    node('Div', ['emb', 'emb_den'], ['emb_unit']),
    node('Cast', ['MT'], ['MTf'], [{ name: 'to', type: INT, i: DataType.FLOAT }]),
    node('MatMul', ['emb_unit', 'MTf'], ['sims']),
    node('TopK', ['sims', 'k'], ['top_sims', 'top_rows'], [{ name: 'axis', type: INT, i: -1 }]),
    node('Relu', ['top_sims'], ['top_pos']),
    node('Pow', ['top_pos', 'power'], ['top_w']),
    node('Gather', ['L', 'top_rows'], ['top_labels'], [{ name: 'axis', type: INT, i: 0 }]),
    node('Unsqueeze', ['top_w', 'axis2'], ['top_w3']),
    node('Mul', ['top_labels', 'top_w3'], ['weighted_labels']),
    node('ReduceSum', ['weighted_labels', 'axis1'], ['vote'], [{ name: 'keepdims', type: INT, i: 0 }]),
    // gate [N,1] = beta when the nearest ticket is closer than min_similarity, else 0.
    node('Slice', ['top_sims', 'zero', 'one_i', 'axis1'], ['nearest']),
    node('Greater', ['nearest', 'min_similarity'], ['is_recurring']),
    node('Cast', ['is_recurring'], ['recurring'], [{ name: 'to', type: INT, i: DataType.FLOAT }]),
    node('Mul', ['recurring', 'beta'], ['gate']),
    node('Sub', ['one', 'gate'], ['one_minus_gate']),
  ];
}
