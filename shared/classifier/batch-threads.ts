/**
 * Batches can use more cores: with `CLASSIFIER_BATCH_THREADS=N` (or `loadClassifier(dir,
 * { batchThreads: N })`), onnxruntime runs a batch of at least `BATCH_MIN_TICKETS` on a second
 * session with N intra-op threads (not spinning while idle), created on the first such batch. A
 * single ticket always keeps its one-thread session: for one row, waking a thread pool costs more
 * than it saves. onnxruntime-node runs a session on the calling thread, so threads inside
 * onnxruntime are the way to put a second core to work without a worker per model copy.
 *
 * Off (1) by default, as measured (bench/batch.ts on the shared 2-core build machine): the work
 * splits well (the same CPU time per ticket on 2 threads as on 1), so 2 threads were faster
 * while the cores were otherwise idle, but slower while other processes kept them busy (the
 * threads wait for each other); and os.availableParallelism() counts the host's cores, not a
 * container's CPU quota. Turn it on where the classifier has its cores to itself.
 */
import { availableParallelism } from 'node:os';

/** One intra-op thread per core, for callers that know they have the machine to themselves. */
export const ALL_CORES = Math.min(availableParallelism(), 16);
export const BATCH_MIN_TICKETS = 32;

export function batchThreads(requested?: number): number {
  const env = Number(process.env.CLASSIFIER_BATCH_THREADS);
  const n = requested ?? (Number.isInteger(env) && env > 0 ? env : 1);
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
