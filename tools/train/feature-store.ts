/**
 * The linear heads' training data, packed: every ticket's hashed features and targets live in a
 * few growing typed arrays (2 bytes per feature index, 4 per value, no object per ticket), so the
 * epochs walk flat memory and a large history costs about 6 bytes per kept feature instead of
 * two typed arrays, an object and its header per ticket. `example(i)` hands out a view for one
 * step; nothing per row outlives it.
 */
import type { HeadSpec } from '@shared/classifier/manifest';
import type { Example } from './linear-model';

function grow<T extends Uint16Array | Float32Array | Uint32Array | Int16Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(need, Math.ceil(a.length * 1.5)));
  next.set(a);
  return next;
}

export class FeatureStore {
  private indices = new Uint16Array(1 << 16);
  private values = new Float32Array(1 << 16);
  /** Row r's features are [offsets[r], offsets[r + 1]). */
  private offsets = new Uint32Array(1024);
  /** Single heads: [rows x singles] label index or -1. */
  private singles = new Int16Array(1024);
  /** Multi heads (the tag head): flat label list with its own offsets. */
  private multi = new Int16Array(1024);
  private multiOffsets = new Uint32Array(1024);
  private singleCount: number;
  rows = 0;

  constructor(
    readonly dim: number,
    readonly heads: HeadSpec[],
  ) {
    if (dim > 65536) throw new Error(`the feature store packs indices in 16 bits; dim ${dim} needs 32`);
    this.singleCount = heads.filter((h) => h.kind === 'single').length;
  }

  /** Appends one ticket: its sparse features and, per head, its label index (single) or indices (multi). */
  add(indices: ArrayLike<number>, values: ArrayLike<number>, targets: (number | number[])[]): void {
    const r = this.rows;
    const start = this.offsets[r]!;
    const end = start + indices.length;
    this.indices = grow(this.indices, end);
    this.values = grow(this.values, end);
    this.indices.set(indices, start);
    this.values.set(values, start);
    this.offsets = grow(this.offsets, r + 2);
    this.offsets[r + 1] = end;
    this.singles = grow(this.singles, (r + 1) * this.singleCount);
    const tags = targets.find((t): t is number[] => Array.isArray(t)) ?? [];
    const mStart = this.multiOffsets[r]!;
    this.multi = grow(this.multi, mStart + tags.length);
    this.multi.set(tags, mStart);
    this.multiOffsets = grow(this.multiOffsets, r + 2);
    this.multiOffsets[r + 1] = mStart + tags.length;
    let s = 0;
    this.heads.forEach((h, hi) => {
      if (h.kind === 'single') this.singles[r * this.singleCount + s++] = targets[hi] as number;
    });
    this.rows = r + 1;
  }

  /** A view of row r for one step (valid until the store grows). */
  example(r: number): Example {
    const a = this.offsets[r]!;
    const b = this.offsets[r + 1]!;
    let s = 0;
    const targets = this.heads.map((h) =>
      h.kind === 'multi'
        ? Array.from(this.multi.subarray(this.multiOffsets[r]!, this.multiOffsets[r + 1]!))
        : this.singles[r * this.singleCount + s++]!,
    );
    return { indices: this.indices.subarray(a, b), values: this.values.subarray(a, b), targets };
  }

  /** Appends every row of `other` (same heads), e.g. the validation rows for the refit. */
  append(other: FeatureStore): void {
    for (let r = 0; r < other.rows; r += 1) {
      const e = other.example(r);
      this.add(e.indices, e.values, e.targets);
    }
  }

  /** Per single head: how many rows carry each label (for class weights). */
  labelCounts(): number[][] {
    const singles = this.heads.filter((h) => h.kind === 'single');
    const counts = singles.map((h) => new Array<number>(h.labels.length).fill(0));
    for (let r = 0; r < this.rows; r += 1)
      for (let s = 0; s < singles.length; s += 1) {
        const t = this.singles[r * this.singleCount + s]!;
        if (t >= 0) counts[s]![t] = counts[s]![t]! + 1;
      }
    return counts;
  }

  /** Bytes held (for the progress log and the scaling figures). */
  get bytes(): number {
    return (
      this.indices.byteLength +
      this.values.byteLength +
      this.offsets.byteLength +
      this.singles.byteLength +
      this.multi.byteLength +
      this.multiOffsets.byteLength
    );
  }
}
