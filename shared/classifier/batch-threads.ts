/**
 * Batches use every core: onnxruntime runs a batch of at least `BATCH_MIN_TICKETS` on a second
 * session with one intra-op thread per core, created on the first such batch (a single ticket
 * keeps its one-thread session: for one row, waking a thread pool costs more than it saves).
 * onnxruntime-node runs a session on the calling thread, so threads inside onnxruntime are the
 * way to put the second core to work without a worker per model copy.
 * `CLASSIFIER_BATCH_THREADS` overrides the thread count (1 turns the batch session off).
 */
import { availableParallelism } from 'node:os';

export const BATCH_MIN_TICKETS = 32;

export function batchThreads(requested?: number): number {
  const env = Number(process.env.CLASSIFIER_BATCH_THREADS);
  const n = requested ?? (Number.isInteger(env) && env > 0 ? env : availableParallelism());
  return Math.max(1, Math.min(n, 16));
}

/** A lazily created value, created once; a failed creation is retried on the next call. */
export function lazy<T>(create: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    if (!pending) {
      pending = create();
      pending.catch(() => (pending = undefined));
    }
    return pending;
  };
}
