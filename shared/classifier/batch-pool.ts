/**
 * Batches on more cores: `threads - 1` worker threads, each with its own copy of the model, take
 * an equal share of a batch while the calling thread classifies the first share itself. Every
 * step of a prediction is synchronous TypeScript, so a second core needs a second thread (and
 * onnxruntime's intra-op threads would only speed up the linear heads, a tenth of the work).
 * The workers do not keep the process alive while idle.
 */
import { Worker } from 'node:worker_threads';
import type { ClassifierInput, Prediction } from './predict';

interface Pending {
  resolve: (p: Prediction[]) => void;
  reject: (e: Error) => void;
}

export class BatchPool {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private busy = 0;

  constructor(modelDir: string, threads: number) {
    // From the TypeScript sources (under tsx) the worker starts through batch-worker-dev.mjs,
    // which registers tsx's loader: in Node 20 a worker does not inherit its parent's hooks.
    const url = workerEntry();
    if (!url)
      throw new Error(
        'batch workers need the classifier as files (a bundled function has none): set CLASSIFIER_BATCH_THREADS=1',
      );
    this.workers = Array.from({ length: Math.max(0, threads - 1) }, () => {
      const w = new Worker(url, { workerData: { modelDir } });
      w.on('message', (m: { id: number; predictions?: Prediction[]; error?: string }) => this.settle(m));
      w.on('error', (e) => this.failAll(e));
      w.unref();
      return w;
    });
  }

  get size(): number {
    return this.workers.length + 1;
  }

  /** Classifies `inputs` in `size` shares, the first one with `local` on this thread; answers in input order. */
  async run(inputs: ClassifierInput[], local: (inputs: ClassifierInput[]) => Prediction[]): Promise<Prediction[]> {
    const share = Math.ceil(inputs.length / this.size);
    const remote = this.workers.map((w, i) => this.send(w, inputs.slice((i + 1) * share, (i + 2) * share)));
    const mine = local(inputs.slice(0, share));
    return mine.concat(...(await Promise.all(remote)));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private send(w: Worker, inputs: ClassifierInput[]): Promise<Prediction[]> {
    if (inputs.length === 0) return Promise.resolve([]);
    const id = this.nextId++;
    // Keep the process alive while a worker holds part of a batch.
    if (this.busy++ === 0) for (const x of this.workers) x.ref();
    return new Promise<Prediction[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ id, inputs });
    }).finally(() => {
      if (--this.busy === 0) for (const x of this.workers) x.unref();
    });
  }

  private settle(m: { id: number; predictions?: Prediction[]; error?: string }): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.predictions) p.resolve(m.predictions);
    else p.reject(new Error(`batch worker: ${m.error ?? 'no answer'}`));
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}

/** The worker's entry file next to this module, or undefined where this module is part of a bundle. */
function workerEntry(): URL | undefined {
  const here = (import.meta as { url?: string }).url;
  if (!here || !/batch-pool\.[cm]?[jt]s$/.test(here)) return undefined;
  return new URL(here.endsWith('.ts') ? './batch-worker-dev.mjs' : './batch-worker.js', here);
}
