/**
 * The classifier's trainable part: one hashed-feature weight matrix W [dim x columns] shared by
 * every head (each head owns a block of columns), trained jointly with AdaGrad on sparse rows.
 * Single-label heads use softmax cross-entropy (logistic) or a one-vs-rest squared hinge (the loss
 * of a linear SVM, as scikit-learn's LinearSVC), the multi-label tag head sigmoid cross-entropy.
 * Each head has its own loss, L2 strength and class weights: a head's gradient only touches its
 * own columns, so one pass trains every head under its own settings.
 */
import type { HeadSpec } from '@shared/classifier/manifest';

/** Errors |p - y| below this do not update a column (see `step`). */
const MIN_ERROR = 2e-3;

export interface Example {
  /** Feature indices; Uint16 when the feature space fits (a quarter less memory per training ticket). */
  indices: Int32Array | Uint16Array;
  values: Float32Array;
  /** Per head: the label index (single) or the label indices (multi); -1 / [] when missing. */
  targets: (number | number[])[];
}

export type LinearLoss = 'logistic' | 'hinge';

/** How one head is trained. */
export interface HeadTraining {
  loss: LinearLoss;
  l2: number;
  /** Per label: the weight of a ticket with that label (undefined: all 1). */
  classWeights?: Float32Array;
  /** Not trained in this run (the search's trials leave the tag head for the final run: most of the columns). */
  frozen?: boolean;
}

export class LinearModel {
  readonly columns: number;
  readonly w: Float32Array;
  readonly b: Float32Array;
  /** AdaGrad's sums of squared gradients, made by the first step: a model that only scores (an averaged snapshot) needs none. */
  private gw?: Float32Array;
  private gb?: Float32Array;
  /** Scratch of `step`: the gradient per column and the columns it updates. */
  private readonly grad: Float64Array;
  private readonly active: Int32Array;
  /** Steps taken so far. */
  private t = 0;
  /** The running sum of the weights over the steps since `startAveraging` (see `averaged`). */
  private avg?: { t0: number; sw: Float32Array; lw: Int32Array; sb: Float64Array; lb: Int32Array };

  constructor(
    readonly dim: number,
    readonly heads: HeadSpec[],
    init?: { w: Float32Array; b: Float32Array },
  ) {
    this.columns = heads.reduce((n, h) => n + h.labels.length, 0);
    this.w = init?.w ?? new Float32Array(dim * this.columns);
    this.b = init?.b ?? new Float32Array(this.columns);
    this.grad = new Float64Array(this.columns);
    this.active = new Int32Array(this.columns);
  }

  /** The logits of columns [0, `end`) (default all): a step with the tag head frozen reads only the first columns of each row. */
  logits(
    indices: Int32Array | Uint16Array,
    values: Float32Array,
    scratch?: Float32Array,
    end = this.columns,
  ): Float32Array {
    const C = this.columns;
    const w = this.w;
    const out = scratch ?? new Float32Array(C);
    out.set(this.b);
    for (let k = 0; k < indices.length; k += 1) {
      const row = (indices[k] as number) * C;
      const v = values[k] as number;
      for (let c = 0; c < end; c += 1) out[c] = (out[c] as number) + v * (w[row + c] as number);
    }
    return out;
  }

  /** Probabilities per head: softmax over a single head's block, sigmoid for multi-label. */
  probabilities(z: Float32Array): Float32Array {
    const p = new Float32Array(z.length);
    for (const h of this.heads) {
      const end = h.offset + h.labels.length;
      if (h.kind === 'multi') {
        for (let c = h.offset; c < end; c += 1) p[c] = 1 / (1 + Math.exp(-(z[c] as number)));
        continue;
      }
      let max = -Infinity;
      for (let c = h.offset; c < end; c += 1) max = Math.max(max, z[c] as number);
      let sum = 0;
      for (let c = h.offset; c < end; c += 1) sum += p[c] = Math.exp((z[c] as number) - max);
      for (let c = h.offset; c < end; c += 1) p[c] = (p[c] as number) / sum;
    }
    return p;
  }

  /**
   * One AdaGrad step on one example; mutates the weights. A head's L2 pulls the weights of the
   * features this example touches towards zero (lazy L2: frequent features are regularised more
   * often). `training` is per head (default: logistic, no L2).
   */
  step(ex: Example, lr: number, scratch: Float32Array, training?: HeadTraining[]): void {
    // Frozen heads at the end (the tag head is last) need no logits: only the columns before them are read.
    let end = this.columns;
    for (let hi = this.heads.length - 1; hi >= 0 && training?.[hi]?.frozen; hi -= 1) end = this.heads[hi]!.offset;
    const z = this.logits(ex.indices, ex.values, scratch, end);
    const p = this.probabilities(z);
    const C = this.columns;
    const g = this.grad;
    const l2 = this.l2Columns(training);
    this.heads.forEach((h, hi) => {
      for (let c = h.offset; c < h.offset + h.labels.length; c += 1) g[c] = 0;
      const t = ex.targets[hi];
      if (t === undefined || t === -1) return; // label missing for this row: the head learns nothing from it
      const ht = training?.[hi];
      if (ht?.frozen) return;
      const weight = typeof t === 'number' && ht?.classWeights ? (ht.classWeights[t] as number) : 1;
      const hinge = h.kind === 'single' && ht?.loss === 'hinge';
      for (let c = 0; c < h.labels.length; c += 1) {
        const at = h.offset + c;
        if (hinge) {
          // Squared hinge, one label against the rest: d/dz max(0, 1 - y z)^2 = -2 y max(0, 1 - y z).
          const y = t === c ? 1 : -1;
          const slack = 1 - y * (z[at] as number);
          g[at] = slack > 0 ? -2 * y * slack * weight : 0;
          continue;
        }
        const y = Array.isArray(t) ? (t.includes(c) ? 1 : 0) : t === c ? 1 : 0;
        g[at] = ((p[at] as number) - y) * weight;
      }
    });
    // Columns whose error is already tiny are skipped (their step would be near zero): later
    // epochs touch a fraction of the columns, which makes training several times faster.
    const active = this.active;
    let nActive = 0;
    const avg = this.avg;
    const t = this.t;
    this.t = t + 1;
    const b = this.b;
    const gb = (this.gb ??= new Float32Array(this.b.length));
    for (let c = 0; c < C; c += 1) {
      const gc = g[c] as number;
      if (Math.abs(gc) < MIN_ERROR) continue;
      active[nActive++] = c;
      if (avg) {
        avg.sb[c] = (avg.sb[c] as number) + (b[c] as number) * (t - (avg.lb[c] as number));
        avg.lb[c] = t;
      }
      gb[c] = (gb[c] as number) + gc * gc;
      b[c] = (b[c] as number) - (lr * gc) / (Math.sqrt(gb[c] as number) + 1e-8);
    }
    if (nActive === 0) return;
    // The hot loop: locals only (no property loads per weight).
    const w = this.w;
    const gw = (this.gw ??= new Float32Array(this.w.length));
    const sw = avg?.sw;
    const lw = avg?.lw;
    const { indices, values } = ex;
    const n = indices.length;
    for (let k = 0; k < n; k += 1) {
      const row = (indices[k] as number) * C;
      const v = values[k] as number;
      for (let j = 0; j < nActive; j += 1) {
        const c = active[j] as number;
        const at = row + c;
        const wv = w[at] as number;
        if (sw && lw) {
          // A weight only changes when a step touches it: its sum grows by its value times the steps it held it.
          sw[at] = (sw[at] as number) + wv * (t - (lw[at] as number));
          lw[at] = t;
        }
        const grad = (g[c] as number) * v + (l2[c] as number) * wv;
        const acc = (gw[at] as number) + grad * grad;
        gw[at] = acc;
        w[at] = wv - (lr * grad) / (Math.sqrt(acc) + 1e-8);
      }
    }
  }

  private l2Of?: { from: HeadTraining[] | undefined; columns: Float32Array };
  /** The L2 strength of every column (cached per training set-up). */
  private l2Columns(training: HeadTraining[] | undefined): Float32Array {
    if (this.l2Of && this.l2Of.from === training) return this.l2Of.columns;
    const columns = new Float32Array(this.columns);
    this.heads.forEach((h, hi) => {
      columns.fill(training?.[hi]?.l2 ?? 0, h.offset, h.offset + h.labels.length);
    });
    this.l2Of = { from: training, columns };
    return columns;
  }

  snapshot(): { w: Float32Array; b: Float32Array } {
    return { w: this.w.slice(), b: this.b.slice() };
  }

  /**
   * From the next step on, also keep the average of the weights over all steps (averaged SGD:
   * the mean of the noisy last iterates is often a better model than the last one). Costs two
   * arrays of the weights' size and two more reads and writes per updated weight.
   */
  startAveraging(): void {
    const n = this.w.length;
    this.avg = {
      t0: this.t,
      // float32 like the weights: a sum gains one term per touch of its weight, not per step.
      sw: new Float32Array(n),
      lw: new Int32Array(n).fill(this.t),
      sb: new Float64Array(this.columns),
      lb: new Int32Array(this.columns).fill(this.t),
    };
  }

  /** The weights averaged over the steps since `startAveraging` (the current ones before any step). */
  averaged(): { w: Float32Array; b: Float32Array } {
    const a = this.avg;
    const steps = a ? this.t - a.t0 : 0;
    if (!a || steps === 0) return this.snapshot();
    const t = this.t;
    const mean = (sum: Float32Array | Float64Array, last: Int32Array, cur: Float32Array) => {
      const out = new Float32Array(cur.length);
      for (let i = 0; i < cur.length; i += 1)
        out[i] = ((sum[i] as number) + (cur[i] as number) * (t - (last[i] as number))) / steps;
      return out;
    };
    return { w: mean(a.sw, a.lw, this.w), b: mean(a.sb, a.lb, this.b) };
  }
}
