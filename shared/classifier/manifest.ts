/**
 * The model manifest: what a model directory holds and how its inputs are made. Loading checks
 * that the feature spec and the memory's term spec the model was built with are the ones this
 * code computes, so a model and the code that feeds it cannot drift apart silently.
 */
import { z } from 'zod';
import { HeadBlend, HeadCalibration } from './blend';
import { FEATURE_SPEC, featureSpecHash } from './features';
import { MemorySection } from './memory-file';
import { MEMORY_SPEC, memorySpecHash } from './terms';

export const MODEL_FORMAT = 2;

export const HeadSpec = z.strictObject({
  name: z.string(),
  kind: z.enum(['single', 'multi']),
  labels: z.array(z.string()).min(1),
  /** Column offset of the head in the graph's logits. */
  offset: z.number().int().nonnegative(),
});
export type HeadSpec = z.infer<typeof HeadSpec>;

const MemorySpec = z.looseObject({
  file: z.string(),
  specHash: z.string(),
  spec: z.unknown(),
  tickets: z.number().int().nonnegative(),
  sections: z.array(MemorySection),
  vote: z.strictObject({ k: z.number().int().positive(), sharpness: z.number().positive() }),
});

export const Manifest = z.looseObject({
  name: z.string(),
  version: z.string(),
  format: z.number().int(),
  created: z.string(),
  heads: z.array(HeadSpec).min(1),
  features: z.looseObject({ specHash: z.string(), spec: z.unknown() }),
  memory: MemorySpec,
  /** Per single-label head: how the memory and the linear head are blended, and the calibration. */
  blends: z.record(z.string(), HeadBlend),
  calibrations: z.record(z.string(), HeadCalibration),
  /** Per single-label head: the apply threshold derived from the calibration (null: never apply). */
  thresholds: z
    .record(z.string(), z.strictObject({ threshold: z.number().nullable(), targetPrecision: z.number() }))
    .optional(),
  training: z
    .looseObject({ data: z.array(z.string()), rows: z.number(), licence: z.string(), seed: z.number() })
    .optional(),
  metrics: z.record(z.string(), z.unknown()).optional(),
});
export type Manifest = z.infer<typeof Manifest>;

/** @internal exported for tests and benches, not used by the product */
export class ModelMismatchError extends Error {
  constructor(
    readonly modelDir: string,
    readonly part: string,
    readonly modelHash: string,
    readonly codeHash: string,
  ) {
    super(
      `model ${modelDir} was built with ${part} spec ${modelHash}, but this code computes ${codeHash}: retrain the model (npm run train) or use the code version it was built with`,
    );
    this.name = 'ModelMismatchError';
  }
}

export function checkManifest(modelDir: string, raw: unknown): Manifest {
  const format = (raw as { format?: unknown } | null)?.format;
  if (format !== MODEL_FORMAT)
    throw new Error(
      `${modelDir} is a model of format ${String(format ?? 1)}, this code reads format ${MODEL_FORMAT}: retrain it with npm run train`,
    );
  const parsed = Manifest.safeParse(raw);
  if (!parsed.success)
    throw new Error(`${modelDir}/manifest.json is not a model manifest:\n${z.prettifyError(parsed.error)}`);
  const m = parsed.data;
  const codeHash = featureSpecHash(FEATURE_SPEC);
  if (m.features.specHash !== codeHash)
    throw new ModelMismatchError(modelDir, 'feature', m.features.specHash, codeHash);
  const memoryHash = memorySpecHash(MEMORY_SPEC);
  if (m.memory.specHash !== memoryHash)
    throw new ModelMismatchError(modelDir, 'memory term', m.memory.specHash, memoryHash);
  for (const h of m.heads) {
    if (h.kind !== 'single') continue;
    if (!m.blends[h.name] || !m.calibrations[h.name])
      throw new Error(`${modelDir}/manifest.json has no blend or calibration for head "${h.name}"`);
  }
  return m;
}
