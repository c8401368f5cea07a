/**
 * Batches can use more cores: with `CLASSIFIER_BATCH_THREADS=N` (or `loadClassifier(dir,
 * { batchThreads: N })`), a batch of at least `BATCH_MIN_TICKETS` is split over N threads: N - 1
 * worker threads with their own copy of the model (batch-pool.ts, started on the first such
 * batch) and the calling thread. A single ticket always stays on the calling thread.
 *
 * Off (1) by default, as measured (npx tsx bench/batch.ts on the shared 2-core build machine,
 * load average 5-11 from other processes): 2 threads gave 0.75-1.05x the tickets/s of one, since
 * there was no idle core to win and each ticket pays for copying its text and prediction between
 * threads. Turn it on where the classifier has its cores to itself, and only where it runs from
 * files (npm run evaluate, a server of your own): a bundled function has no worker file.
 * onnxruntime's intra-op threads are no longer the way: the linear heads are a tenth of a
 * ticket's work (linear.ts).
 */
import { availableParallelism } from 'node:os';

/**
 * One intra-op thread per core, for callers that know they have the machine to themselves.
 * @internal exported for tests and benches, not used by the product
 */
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
