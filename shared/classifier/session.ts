/**
 * Inference, all in TypeScript over typed arrays: features, the linear heads (linear.ts, over the
 * weights of the ONNX graph), the neighbour memory and the blend; opt-in threaded batches
 * (batch-threads.ts). No onnxruntime here: the ONNX file is the model's portable format, checked
 * against onnxruntime by tools/onnx-check (docs/architecture.md says why and with what figures).
 * One classifier per model directory and process, created lazily on first use and reused. A
 * failed load is not cached, so a fixed model directory works on the next call.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { BatchPool } from './batch-pool';
import { BATCH_MIN_TICKETS, batchThreads, lazy } from './batch-threads';
import { memoryNeeded } from './blend';
import { featurize } from './features';
import { linearLogits } from './linear';
import { checkManifest, type HeadSpec, type Manifest } from './manifest';
import { NeighbourMemory } from './memory';
import { decodeMemory } from './memory-file';
import { toPrediction, type ClassifierInput, type Prediction } from './predict';
import { QueryTerms } from './query-terms';
import { prepareTicket } from './text';
import { readWeights } from './weights';

export interface Classifier {
  /** `thresholds`: the manifest's calibrated apply threshold per head (null: never). */
  model: { name: string; version: string; thresholds?: Record<string, number | null> };
  heads: HeadSpec[];
  manifest: Manifest;
  classify(input: ClassifierInput): Promise<Prediction>;
  classifyBatch(inputs: ClassifierInput[]): Promise<Prediction[]>;
}

const sessions = new Map<string, Promise<Classifier>>();

export interface LoadOptions {
  /** Threads for batches (batch-threads.ts). @default CLASSIFIER_BATCH_THREADS, else 1 */
  batchThreads?: number;
}

export function loadClassifier(modelDir: string, options: LoadOptions = {}): Promise<Classifier> {
  const dir = resolve(modelDir);
  const key = options.batchThreads === undefined ? dir : `${dir}\0${options.batchThreads}`;
  let pending = sessions.get(key);
  if (!pending) {
    pending = open(dir, batchThreads(options.batchThreads));
    sessions.set(key, pending);
    pending.catch(() => sessions.delete(key));
  }
  return pending;
}

async function open(dir: string, threads: number): Promise<Classifier> {
  let manifestText: string;
  try {
    manifestText = await readFile(join(dir, 'manifest.json'), 'utf8');
  } catch {
    throw new Error(`no model at ${dir}: manifest.json is missing (set MODEL_DIR, or train one with npm run train)`);
  }
  const manifest = checkManifest(dir, JSON.parse(manifestText));
  const [bytes, memoryBytes] = await Promise.all([
    readFile(join(dir, 'model.onnx')),
    readFile(join(dir, manifest.memory.file)),
  ]);
  const pool = threads > 1 ? lazy(async () => new BatchPool(dir, threads)) : undefined;
  const weights = readWeights(bytes);
  const columns = weights.b.length;
  const linear = { w: weights.w, b: weights.b, columns };
  const singles = manifest.heads.filter((h) => h.kind === 'single');
  const memory = new NeighbourMemory(
    decodeMemory(memoryBytes, manifest.memory.sections, join(dir, manifest.memory.file)),
    singles,
    manifest.memory.vote,
  );
  const queryTerms = new QueryTerms(memory.a);
  // A model whose blends and calibrations never read the memory skips its postings walk (blend.ts).
  const useMemory = memoryNeeded(manifest.blends, manifest.calibrations);
  const parts = {
    heads: manifest.heads,
    blends: manifest.blends,
    calibrations: manifest.calibrations,
    w: weights.w,
    columns,
  };

  /** One ticket, synchronously: every step is TypeScript over typed arrays (linear.ts and docs/architecture.md say why not onnxruntime). */
  function classifyOne(input: ClassifierInput): Prediction {
    const text = prepareTicket(input.subject, input.body);
    const features = featurize(text);
    const z = linearLogits(linear, features, new Float32Array(columns));
    const v = queryTerms.vector(text);
    const q = useMemory
      ? memory.queryVector(v, v.knownShare, v.words)
      : { votes: [], nearest: 0, knownShare: v.knownShare, words: v.words };
    return toPrediction(parts, z, q, features, text);
  }

  async function classifyBatch(inputs: ClassifierInput[]): Promise<Prediction[]> {
    if (!pool || inputs.length < BATCH_MIN_TICKETS) return inputs.map(classifyOne);
    // Opt-in (batch-threads.ts): shares of the batch on worker threads, the first share here.
    return (await pool()).run(inputs, (share) => share.map(classifyOne));
  }

  return {
    model: {
      name: manifest.name,
      version: manifest.version,
      ...(manifest.thresholds
        ? {
            thresholds: Object.fromEntries(Object.entries(manifest.thresholds).map(([h, t]) => [h, t.threshold])),
          }
        : {}),
    },
    heads: manifest.heads,
    manifest,
    classifyBatch,
    classify: async (input) => classifyOne(input),
  };
}
