/**
 * The first step of training: which rows validate (a given split, e.g. by time, or a seeded random
 * share) and the heads the rows define (labels ordered by frequency in the training part).
 */
import type { HeadSpec } from '@shared/classifier/manifest';
import { prng, shuffle } from '@shared/random';
import type { Row } from './dataset';

/** Enough validation tickets for figures to 0.01 and a calibration; the default model (17k rows) has 2.6k. */
const DEFAULT_VALIDATION_MAX = 10_000;

export interface SplitOptions {
  seed: number;
  /** @default 0.15 */
  validationShare?: number;
  /** @default 10000 */
  validationMax?: number;
  split?: { train: Row[]; validation: Row[] };
}

export function splitRows(rows: Row[], o: SplitOptions): { trainRows: Row[]; validRows: Row[] } {
  if (o.split) return { trainRows: o.split.train, validRows: o.split.validation };
  const shuffled = shuffle(rows, prng(o.seed));
  const nValid = Math.max(
    2,
    Math.min(o.validationMax ?? DEFAULT_VALIDATION_MAX, Math.round(shuffled.length * (o.validationShare ?? 0.15))),
  );
  return { validRows: shuffled.slice(0, nValid), trainRows: shuffled.slice(nValid) };
}

function byFrequency(values: Iterable<string>): string[] {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([v]) => v);
}

export function headsOf(trainRows: Row[], labels: string[], tags: string | undefined, maxTags = 40): HeadSpec[] {
  const heads: HeadSpec[] = [];
  let offset = 0;
  for (const name of labels) {
    const values = byFrequency(trainRows.map((r) => r.labels[name] ?? ''));
    if (values.length < 2)
      throw new Error(`label column "${name}" has fewer than 2 distinct values in the training rows`);
    if (values.length > 255)
      throw new Error(`label column "${name}" has ${values.length} distinct values; at most 255 are supported`);
    heads.push({ name, kind: 'single', labels: values, offset });
    offset += values.length;
  }
  if (tags) {
    const values = byFrequency(trainRows.flatMap((r) => r.tags)).slice(0, maxTags);
    if (values.length > 0) heads.push({ name: 'tags', kind: 'multi', labels: values, offset });
  }
  return heads;
}
