/**
 * The bound on what training holds: at most `max` rows, chosen while the files stream by, so a
 * history of any length is read in bounded memory. With a time split the newest `max` rows are
 * kept (a help desk's recent tickets say most about the next ones; a min-heap on the timestamp);
 * otherwise a seeded uniform sample (reservoir sampling). Every later stage is then bounded too.
 */
import { prng } from '@shared/random';
import type { Row } from './dataset';

/** About 1.2 GB of packed features and text for tickets of 1-2 kB: inside the 2 GB budget with the memory build. */
export const MAX_TRAINING_ROWS = 200_000;

export class RowSample {
  private readonly kept: Row[] = [];
  private readonly times: number[] = [];
  private readonly rand: () => number;
  seen = 0;

  constructor(
    readonly max: number,
    readonly newest: boolean,
    seed: number,
  ) {
    this.rand = prng(seed);
  }

  add(row: Row): void {
    this.seen += 1;
    if (!this.newest) {
      if (this.kept.length < this.max) this.kept.push(row);
      else {
        const j = Math.floor(this.rand() * this.seen);
        if (j < this.max) this.kept[j] = row;
      }
      return;
    }
    const t = row.time === undefined ? Number.NaN : Date.parse(row.time);
    if (Number.isNaN(t))
      throw new Error(
        `row ${this.seen} has no usable timestamp (${JSON.stringify(row.time)}); --split time needs a created_at, updated_at or created column`,
      );
    if (this.kept.length < this.max) this.push(row, t);
    else if (t > this.times[0]!) {
      // Newer than the oldest kept row: it takes that row's place.
      this.kept[0] = row;
      this.times[0] = t;
      this.down(0);
    }
  }

  rows(): Row[] {
    return this.kept;
  }

  private push(row: Row, t: number): void {
    this.kept.push(row);
    this.times.push(t);
    let i = this.kept.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.times[p]! <= this.times[i]!) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    const n = this.kept.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.times[l]! < this.times[m]!) m = l;
      if (r < n && this.times[r]! < this.times[m]!) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(a: number, b: number): void {
    [this.kept[a], this.kept[b]] = [this.kept[b]!, this.kept[a]!];
    [this.times[a], this.times[b]] = [this.times[b]!, this.times[a]!];
  }
}
