/**
 * Trains model v2: a neighbour memory of the training tickets (exact sparse cosine over word
 * 1-2-grams, memory-build.ts), linear heads over the hashed features (linear-fit.ts, L2 chosen
 * for new tickets), a per-head blend of the two and a calibration (blend-fit.ts), all chosen on a
 * seeded validation split held out of the training data.
 */
import { blendHead, type HeadBlend, type HeadCalibration } from '@shared/classifier/blend';
import { featurize, FEATURE_SPEC } from '@shared/classifier/features';
import { ticketFingerprint } from '@shared/classifier/fingerprint';
import type { HeadSpec } from '@shared/classifier/manifest';
import { NeighbourMemory } from '@shared/classifier/memory';
import { ticketTerms, type TicketTerms } from '@shared/classifier/terms';
import { prepareTicket } from '@shared/classifier/text';
import { prng, shuffle } from '@shared/random';
import { headMetrics, type HeadMetrics } from '../evaluate/metrics';
import { fitBlends, fitCalibration, type HeadCalibrationReport, type ScoredRow } from './blend-fit';
import type { Row } from './dataset';
import { fitLinear, type LinearFit, type LinearFitOptions } from './linear-fit';
import type { Example, LinearModel } from './linear-model';
import { buildMemory, type BuiltMemory } from './memory-build';
import { memoryStudy, type MemoryStudyRow } from './memory-study';
import { NEW_TICKET_MAX_COSINE, nearestCosine } from './novelty';
import type { ProgressCallback } from './progress';

export interface TrainOptions {
  labels: string[];
  tags?: string;
  seed: number;
  /** @default 0.15 */
  validationShare?: number;
  /**
   * At most this many validation rows (a random split; the rest trains): every one is scored
   * against the memory three times (full, subject, first sentence), so beyond it a larger history
   * only costs training time that grows linearly. @default 10000
   */
  validationMax?: number;
  /** Fixed validation rows (e.g. a time split) instead of a random share. */
  split?: { train: Row[]; validation: Row[] };
  /** Most frequent tags kept as outputs. @default 40 */
  maxTags?: number;
  /** At most this many tickets in the memory (above it, paraphrase families are remembered once, then a seeded sample). @default 40000 */
  memoryMax?: number;
  /**
   * After everything is chosen and measured, the shipped memory also remembers the validation
   * tickets (more recurring tickets recalled). The figures stay those measured without them. @default true
   */
  rememberValidation?: boolean;
  /** Also measure the validation figures with the memory bounded to these sizes (memory-study.ts). */
  memoryStudy?: number[];
  /** @default 4 */
  maxEpochs?: number;
  /** @default 2 */
  patience?: number;
  /** AdaGrad step size. @default 1 */
  learningRate?: number;
  /** L2 strengths tried for the linear heads (no L2 measured worse on new tickets of the public set). @default [1e-3, 3e-3] */
  l2Grid?: number[];
  /** Target precision of applied predictions per head. @default queue/priority 0.95, type 0.97, others 0.95 */
  targetPrecision?: Record<string, number>;
  onEpoch?: LinearFitOptions['onEpoch'];
  /** Called during long phases with the units done (the CLI draws a bar with ETA). */
  onProgress?: ProgressCallback;
  onStage?: (stage: string) => void;
}

export interface Trained {
  model: LinearModel;
  memory: BuiltMemory;
  memoryMax: number;
  memoryStudy: MemoryStudyRow[];
  /** The memory the figures were measured with (the training part only). */
  measuredMemory: { kept: number; offered: number; duplicates: number };
  heads: HeadSpec[];
  blends: Record<string, HeadBlend>;
  calibrations: Record<string, HeadCalibration>;
  calibration: Record<string, HeadCalibrationReport>;
  linear: Pick<LinearFit, 'l2' | 'epoch' | 'grid'>;
  metrics: Record<string, HeadMetrics>;
  /** The same figures on the validation tickets without a close paraphrase in the training part. */
  newTickets: { rows: number; accuracy: Record<string, number> };
  byLanguage: Record<
    string,
    Record<string, { accuracy: number; rows: number; newAccuracy?: number; newRows?: number }>
  >;
  epochs: number;
  /** Sorted fingerprints of every row given to training (training and validation part). */
  fingerprints: Uint32Array;
  trainRows: number;
  validationRows: number;
}

/** The memory's default bound: about 16 MB of postings for tickets of this set's length, within the 25 MB model budget. */
const DEFAULT_MEMORY_MAX = 40_000;

/** Enough validation tickets for figures to 0.01 and a calibration; the default model (17k rows) has 2.6k. */
const DEFAULT_VALIDATION_MAX = 10_000;

const DEFAULT_TARGETS: Record<string, number> = { queue: 0.95, priority: 0.95, type: 0.97 };

function byFrequency(values: string[]): string[] {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([v]) => v);
}

/** The first sentence of a text (up to 200 characters): what a short ticket often is. */
function firstSentence(text: string): string {
  const m = /^(.{8,200}?[.!?])(\s|$)/su.exec(text.trim());
  return (m?.[1] ?? text.trim().slice(0, 200)).trim();
}

export function train(rows: Row[], o: TrainOptions): Trained {
  if (rows.length < 10) throw new Error(`need at least 10 labelled rows to train, got ${rows.length}`);
  const stage = o.onStage ?? (() => {});
  let trainRows: Row[];
  let validRows: Row[];
  if (o.split) ({ train: trainRows, validation: validRows } = o.split);
  else {
    const shuffled = shuffle(rows, prng(o.seed));
    const nValid = Math.max(
      2,
      Math.min(o.validationMax ?? DEFAULT_VALIDATION_MAX, Math.round(shuffled.length * (o.validationShare ?? 0.15))),
    );
    validRows = shuffled.slice(0, nValid);
    trainRows = shuffled.slice(nValid);
  }
  const heads: HeadSpec[] = [];
  let offset = 0;
  for (const name of o.labels) {
    const labels = byFrequency(trainRows.map((r) => r.labels[name] ?? ''));
    if (labels.length < 2)
      throw new Error(`label column "${name}" has fewer than 2 distinct values in the training rows`);
    if (labels.length > 255)
      throw new Error(`label column "${name}" has ${labels.length} distinct values; at most 255 are supported`);
    heads.push({ name, kind: 'single', labels, offset });
    offset += labels.length;
  }
  if (o.tags) {
    const labels = byFrequency(trainRows.flatMap((r) => r.tags)).slice(0, o.maxTags ?? 40);
    if (labels.length > 0) heads.push({ name: 'tags', kind: 'multi', labels, offset });
  }
  const singles = heads.filter((h) => h.kind === 'single');
  const targetsOf = (r: Row): number[] => singles.map((h) => h.labels.indexOf(r.labels[h.name] ?? ''));
  const toExample = (subject: string, body: string, r: Row): Example => {
    const f = featurize(prepareTicket(subject, body));
    const targets = heads.map((h) =>
      h.kind === 'multi'
        ? r.tags.map((t) => h.labels.indexOf(t)).filter((i) => i >= 0)
        : h.labels.indexOf(r.labels[h.name] ?? ''),
    );
    // Every training ticket's features are held through the epochs: indices in 16 bits when they fit.
    return { indices: FEATURE_SPEC.dim <= 65536 ? Uint16Array.from(f.indices) : f.indices, values: f.values, targets };
  };
  const termsOf = (subject: string, body: string): TicketTerms => ticketTerms(prepareTicket(subject, body));

  stage('reading the tickets');
  const trainEx = trainRows.map((r) => toExample(r.text.subject, r.text.body, r));
  const validEx = validRows.map((r) => toExample(r.text.subject, r.text.body, r));
  stage('finding the new tickets of the validation split');
  const isNew = nearestCosine(trainRows, validRows).map((c) => c < NEW_TICKET_MAX_COSINE);

  stage('building the neighbour memory');
  const trainTerms = trainRows.map((r) => termsOf(r.text.subject, r.text.body));
  const memoryInput = (rs: Row[], terms?: TicketTerms[]) => ({
    terms: terms ?? rs.map((r) => termsOf(r.text.subject, r.text.body)),
    labels: rs.map((r) => Uint8Array.from(targetsOf(r), (t) => (t < 0 ? 255 : t))),
  });
  const memory = buildMemory(memoryInput(trainRows, trainTerms), {
    seed: o.seed,
    maxTickets: o.memoryMax ?? DEFAULT_MEMORY_MAX,
    dedupe: trainRows.length > (o.memoryMax ?? DEFAULT_MEMORY_MAX),
  });

  const fit = fitLinear(trainEx, validEx, isNew, {
    dim: FEATURE_SPEC.dim,
    heads,
    seed: o.seed,
    l2Grid: o.l2Grid ?? [1e-3, 3e-3],
    maxEpochs: o.maxEpochs ?? 4,
    patience: o.patience ?? 2,
    learningRate: o.learningRate ?? 1,
    ...(o.onEpoch ? { onEpoch: o.onEpoch } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });

  stage('fitting the blend and the calibration');
  const mem = new NeighbourMemory(memory.arrays, singles, { k: VOTE.k, sharpness: VOTE.sharpness });
  const scratch = new Float32Array(fit.model.columns);
  const score = (
    subject: string,
    body: string,
    r: Row,
    parent: number,
    variant: ScoredRow['variant'],
    ex?: Example,
  ): ScoredRow => {
    const e = ex ?? toExample(subject, body, r);
    const z = fit.model.logits(e.indices, e.values, scratch);
    return {
      logits: singles.map((h) => z.slice(h.offset, h.offset + h.labels.length)),
      query: mem.query(termsOf(subject, body)),
      targets: targetsOf(r),
      isNew: isNew[parent]!,
      language: r.language ?? 'unknown',
      parent,
      variant,
    };
  };
  const scored: ScoredRow[] = [];
  const scoredTerms: TicketTerms[] = [];
  const add = (subject: string, body: string, r: Row, i: number, variant: ScoredRow['variant'], ex?: Example) => {
    scored.push(score(subject, body, r, i, variant, ex));
    if (o.memoryStudy?.length) scoredTerms.push(termsOf(subject, body));
  };
  validRows.forEach((r, i) => {
    add(r.text.subject, r.text.body, r, i, 'full', validEx[i]);
    if (r.text.subject.trim()) add('', r.text.subject, r, i, 'subject');
    const first = firstSentence(prepareTicket('', r.text.body).body);
    if (first) add('', first, r, i, 'sentence');
  });
  const blendList = fitBlends(scored, singles.length);
  const targets = singles.map((h) => o.targetPrecision?.[h.name] ?? DEFAULT_TARGETS[h.name] ?? 0.95);
  const { calibrations, reports } = fitCalibration(scored, blendList, targets);

  // Validation figures of the final blended model (labels by the blend; the calibration does not change them).
  const pairs: Record<string, { actual: string; predicted: string; language: string; isNew: boolean }[]> = {};
  for (const r of scored) {
    if (r.variant !== 'full') continue;
    singles.forEach((h, hi) => {
      const t = r.targets[hi]!;
      if (t < 0) return;
      const p = blendHead(r.logits[hi]!, r.query.votes[hi], r.query.nearest, blendList[hi]!);
      let b = 0;
      for (let c = 1; c < p.length; c += 1) if (p[c]! > p[b]!) b = c;
      (pairs[h.name] ??= []).push({
        actual: h.labels[t]!,
        predicted: h.labels[b]!,
        language: r.language,
        isNew: r.isNew,
      });
    });
  }
  const metrics: Record<string, HeadMetrics> = {};
  const byLanguage: Trained['byLanguage'] = {};
  const newAcc: Record<string, number> = {};
  for (const h of singles) {
    const ps = pairs[h.name] ?? [];
    metrics[h.name] = headMetrics(ps, h.labels);
    const fresh = ps.filter((p) => p.isNew);
    newAcc[h.name] = headMetrics(fresh, h.labels).accuracy;
    for (const lang of [...new Set(ps.map((p) => p.language))].sort()) {
      const sub = ps.filter((p) => p.language === lang);
      const subNew = sub.filter((p) => p.isNew);
      (byLanguage[lang] ??= {})[h.name] = {
        accuracy: headMetrics(sub, h.labels).accuracy,
        rows: sub.length,
        newAccuracy: headMetrics(subNew, h.labels).accuracy,
        newRows: subNew.length,
      };
    }
  }
  const byHead = <T>(xs: T[]): Record<string, T> => Object.fromEntries(singles.map((h, i) => [h.name, xs[i]!]));
  let study: MemoryStudyRow[] = [];
  if (o.memoryStudy?.length) {
    stage(`measuring bounded memories (${o.memoryStudy.join(', ')} tickets)`);
    study = memoryStudy(
      memoryInput(trainRows, trainTerms),
      scored,
      scoredTerms,
      singles,
      VOTE,
      o.memoryStudy,
      targets,
      o.seed,
    );
  }
  if (o.rememberValidation !== false) stage('remembering the validation tickets too');
  const all = [...trainRows, ...validRows];
  const max = o.memoryMax ?? DEFAULT_MEMORY_MAX;
  const shipped =
    o.rememberValidation === false
      ? memory
      : buildMemory(memoryInput(all), { seed: o.seed, maxTickets: max, dedupe: all.length > max });
  return {
    model: fit.model,
    memory: shipped,
    memoryMax: o.memoryMax ?? DEFAULT_MEMORY_MAX,
    memoryStudy: study,
    measuredMemory: { kept: memory.kept, offered: memory.offered, duplicates: memory.duplicates },
    heads,
    blends: byHead(blendList),
    calibrations: byHead(calibrations),
    calibration: byHead(reports),
    linear: { l2: fit.l2, epoch: fit.epoch, grid: fit.grid },
    metrics,
    newTickets: { rows: isNew.filter(Boolean).length, accuracy: newAcc },
    byLanguage,
    epochs: fit.epoch,
    fingerprints: Uint32Array.from(
      new Set(
        rows
          .concat(o.split ? [...o.split.train, ...o.split.validation] : [])
          .map((r) => ticketFingerprint(r.text.subject, r.text.body)),
      ),
    ).sort(),
    trainRows: trainRows.length,
    validationRows: validRows.length,
  };
}

/** How the memory votes (measured on the public set: k 40 and sharpness 10-15 were best for new tickets). */
export const VOTE = { k: 40, sharpness: 12 } as const;
