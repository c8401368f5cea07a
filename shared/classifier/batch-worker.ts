/**
 * A worker of the batch pool (batch-pool.ts): loads the same model folder once and classifies the
 * share of a batch it is sent, on its own core.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ClassifierInput } from './predict';
import { loadClassifier } from './session';

const { modelDir } = workerData as { modelDir: string };
const classifier = loadClassifier(modelDir, { batchThreads: 1 });
// A failed load is answered per request below; do not crash the worker on the unobserved promise.
classifier.catch(() => undefined);

parentPort?.on('message', async ({ id, inputs }: { id: number; inputs: ClassifierInput[] }) => {
  try {
    parentPort?.postMessage({ id, predictions: await (await classifier).classifyBatch(inputs) });
  } catch (err) {
    parentPort?.postMessage({ id, error: (err as Error).message });
  }
});
