/**
 * Trains model v2: a neighbour memory of the training tickets (exact sparse cosine over word
 * 1-2-grams, memory-build.ts), linear heads over the hashed features (linear-search.ts: loss, L2,
 * class weights and epochs chosen per head), a per-head blend of the two and a calibration
 * (blend-fit.ts), all chosen on a validation split held out of the training data (a seeded random
 * share, or the newest tickets with a time split).
 */
import type { HeadBlend, HeadCalibration } from '@shared/classifier/blend';
import { featurize, FEATURE_SPEC } from '@shared/classifier/features';
import { ticketFingerprint } from '@shared/classifier/fingerprint';
import type { HeadSpec } from '@shared/classifier/manifest';
import { NeighbourMemory } from '@shared/classifier/memory';
import type { TicketTerms } from '@shared/classifier/terms';
import { prepareTicket } from '@shared/classifier/text';
import type { HeadMetrics } from '../evaluate/metrics';
import { calibrate, fitBlends, type HeadCalibrationReport } from './blend-fit';
import type { Row } from './dataset';
import { FeatureStore } from './feature-store';
import { assemble, type EpochReport, type LinearRunOptions } from './linear-fit';
import { refitHeads } from './linear-refit';
import type { LinearModel } from './linear-model';
import { DEFAULT_SEARCH, type LinearSearchOptions, type LinearSearchResult, searchLinear } from './linear-search';
import { buildMemory, type BuiltMemory, memoryCandidates } from './memory-build';
import { memoryStudy, type MemoryStudyRow } from './memory-study';
import { NEW_TICKET_MAX_COSINE, nearestCosine } from './novelty';
import type { ProgressCallback } from './progress';
import { headsOf, splitRows } from './train-split';
import { scoreValidation, termsOf, validationFigures } from './validation-scoring';

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
  /**
   * Once everything is chosen and measured, train the linear heads once more on the training and
   * the validation rows together, each head for its chosen epochs (linear-fit.ts `refitHeads`); the
   * figures, the blend and the calibration stay those of the held-out run. @default true
   */
  refit?: boolean;
  /** @default 4 */
  maxEpochs?: number;
  /** Epochs without a better validation score before a trial stops. @default 1 */
  patience?: number;
  /** AdaGrad step size. @default 1 */
  learningRate?: number;
  /**
   * Exactly these L2 strengths, logistic loss, no class weights: a quick fixed run (tests). Without
   * it the full search of linear-search.ts runs (`search` overrides its parts).
   */
  l2Grid?: number[];
  search?: Partial<Omit<LinearSearchOptions, keyof LinearRunOptions>>;
  /** Target precision of applied predictions per head. @default queue/priority 0.95, type 0.97, others 0.95 */
  targetPrecision?: Record<string, number>;
  onEpoch?: (e: EpochReport) => void;
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
  /** The search; `refitRows`: the rows the shipped heads were refitted on (absent: no refit). */
  linear: Omit<LinearSearchResult, 'model'> & { refitRows?: number };
  /** No head blends the memory in and the calibration ignores it: classification skips the memory. */
  memoryFree: boolean;
  metrics: Record<string, HeadMetrics>;
  /** The same figures on the validation tickets without a close paraphrase in the training part. */
  newTickets: { rows: number; accuracy: Record<string, number> };
  byLanguage: Record<
    string,
    Record<string, { accuracy: number; rows: number; newAccuracy?: number; newRows?: number }>
  >;
  /** Sorted fingerprints of every row given to training (training and validation part). */
  fingerprints: Uint32Array;
  trainRows: number;
  validationRows: number;
}

/** The memory's default bound: about 16 MB of postings for tickets of this set's length, within the 25 MB model budget. */
const DEFAULT_MEMORY_MAX = 40_000;

const DEFAULT_TARGETS: Record<string, number> = { queue: 0.95, priority: 0.95, type: 0.97 };

export function train(rows: Row[], o: TrainOptions): Trained {
  if (rows.length < 10) throw new Error(`need at least 10 labelled rows to train, got ${rows.length}`);
  const stage = o.onStage ?? (() => {});
  const { trainRows, validRows } = splitRows(rows, o);
  const heads = headsOf(trainRows, o.labels, o.tags, o.maxTags);
  const singles = heads.filter((h) => h.kind === 'single');
  const targetsOf = (r: Row): number[] => singles.map((h) => h.labels.indexOf(r.labels[h.name] ?? ''));
  const features = (subject: string, body: string) => featurize(prepareTicket(subject, body));
  const pack = (rs: Row[]): FeatureStore => {
    const store = new FeatureStore(FEATURE_SPEC.dim, heads);
    for (const r of rs) {
      const f = features(r.text.subject, r.text.body);
      const targets = heads.map((h) =>
        h.kind === 'multi'
          ? r.tags.map((t) => h.labels.indexOf(t)).filter((i) => i >= 0)
          : h.labels.indexOf(r.labels[h.name] ?? ''),
      );
      store.add(f.indices, f.values, targets);
    }
    return store;
  };

  stage('reading the tickets');
  const trainStore = pack(trainRows);
  const validStore = pack(validRows);
  stage(`finding the new tickets of the validation split (features: ${(trainStore.bytes / 1e6).toFixed(0)} MB packed)`);
  // Bounded: "new" is judged against at most NOVELTY_MAX training tickets (the newest of a time split).
  const isNew = nearestCosine(trainRows.slice(-NOVELTY_MAX), validRows).map((c) => c < NEW_TICKET_MAX_COSINE);

  stage('building the neighbour memory');
  const memoryMax = o.memoryMax ?? DEFAULT_MEMORY_MAX;
  const memoryInput = (rs: Row[], terms?: TicketTerms[]) => ({
    terms: terms ?? rs.map((r) => termsOf(r.text.subject, r.text.body)),
    labels: rs.map((r) => Uint8Array.from(targetsOf(r), (t) => (t < 0 ? 255 : t))),
  });
  const candidates = memoryCandidates(trainRows, memoryMax, o.seed);
  const trainTerms = candidates.map((r) => termsOf(r.text.subject, r.text.body));
  const memory = buildMemory(memoryInput(candidates, trainTerms), {
    seed: o.seed,
    maxTickets: memoryMax,
    dedupe: candidates.length > memoryMax,
  });

  stage('training the linear heads');
  const runOptions: LinearRunOptions = {
    seed: o.seed,
    maxEpochs: o.maxEpochs ?? 4,
    patience: o.patience ?? 1,
    learningRate: o.learningRate ?? 1,
    ...(o.onEpoch ? { onEpoch: o.onEpoch } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  };
  const fit = searchLinear(trainStore, validStore, isNew, {
    ...DEFAULT_SEARCH,
    ...(o.l2Grid ? { l2: o.l2Grid, losses: ['logistic'], classWeights: ['none'], widen: false } : {}),
    ...o.search,
    ...runOptions,
    refitFollows: o.refit !== false,
  });

  stage('fitting the blend and the calibration');
  const mem = new NeighbourMemory(memory.arrays, singles, { k: VOTE.k, sharpness: VOTE.sharpness });
  const { scored, terms: scoredTerms } = scoreValidation({
    validRows,
    isNew,
    singles,
    targetsOf,
    features,
    model: fit.model,
    memory: mem,
    keepTerms: Boolean(o.memoryStudy?.length),
  });
  const blendList = fitBlends(scored, singles.length);
  const targets = singles.map((h) => o.targetPrecision?.[h.name] ?? DEFAULT_TARGETS[h.name] ?? 0.95);
  const { calibrations, reports, memoryFree } = calibrate(scored, blendList, targets);
  if (memoryFree)
    stage('no head blends the memory in and the calibration does as well without it: the memory is skipped');
  const figures = validationFigures(scored, singles, blendList);
  const byHead = <T>(xs: T[]): Record<string, T> => Object.fromEntries(singles.map((h, i) => [h.name, xs[i]!]));
  let study: MemoryStudyRow[] = [];
  if (o.memoryStudy?.length) {
    stage(`measuring bounded memories (${o.memoryStudy.join(', ')} tickets)`);
    study = memoryStudy(
      memoryInput(candidates, trainTerms),
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
  const all = memoryCandidates([...trainRows, ...validRows], memoryMax, o.seed);
  const shipped =
    o.rememberValidation === false
      ? memory
      : buildMemory(memoryInput(all), { seed: o.seed, maxTickets: memoryMax, dedupe: all.length > memoryMax });
  let { model, ...linear }: { model: LinearModel } & Trained['linear'] = fit;
  if (o.refit !== false) {
    stage('refitting the linear heads on the training and validation rows, at the chosen settings and epochs');
    trainStore.append(validStore);
    const all = Uint32Array.from({ length: trainStore.rows }, (_, i) => i);
    model = assemble(trainStore.dim, heads, refitHeads(trainStore, all, fit.chosen, runOptions));
    linear = { ...linear, refitRows: trainStore.rows };
  }
  return {
    model,
    memory: shipped,
    memoryMax,
    memoryStudy: study,
    measuredMemory: { kept: memory.kept, offered: memory.offered, duplicates: memory.duplicates },
    heads,
    blends: byHead(blendList),
    calibrations: byHead(calibrations),
    calibration: byHead(reports),
    linear,
    memoryFree,
    metrics: figures.metrics,
    newTickets: { rows: isNew.filter(Boolean).length, accuracy: figures.newAccuracy },
    byLanguage: figures.byLanguage,
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

/** "New" validation tickets are judged against at most this many training tickets (the search is near-linear, but not free). */
const NOVELTY_MAX = 100_000;

/** How the memory votes (measured on the public set: k 40 and sharpness 10-15 were best for new tickets). */
export const VOTE = { k: 40, sharpness: 12 } as const;
