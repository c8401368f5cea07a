/**
 * The model manifest: what a model directory holds and how its inputs are made. Loading checks
 * that the feature spec the model was trained with is the one this code computes, so a model and
 * the code that feeds it cannot drift apart silently.
 */
import { z } from 'zod';
import { FEATURE_SPEC, featureSpecHash } from './features';

export const HeadSpec = z.strictObject({
  name: z.string(),
  kind: z.enum(['single', 'multi']),
  labels: z.array(z.string()).min(1),
  /** Column offset of the head in the graph's logits. */
  offset: z.number().int().nonnegative(),
});
export type HeadSpec = z.infer<typeof HeadSpec>;

export const Manifest = z.looseObject({
  name: z.string(),
  version: z.string(),
  created: z.string(),
  heads: z.array(HeadSpec).min(1),
  features: z.looseObject({ specHash: z.string(), spec: z.unknown() }),
  training: z.looseObject({ data: z.array(z.string()), rows: z.number(), licence: z.string(), seed: z.number() }).optional(),
  metrics: z.record(z.string(), z.unknown()).optional(),
});
export type Manifest = z.infer<typeof Manifest>;

export class ModelMismatchError extends Error {
  constructor(readonly modelDir: string, readonly modelHash: string, readonly codeHash: string) {
    super(`model ${modelDir} was trained with feature spec ${modelHash}, but this code computes ${codeHash}: retrain the model (npm run train) or use the code version it was built with`);
    this.name = 'ModelMismatchError';
  }
}

export function checkManifest(modelDir: string, raw: unknown): Manifest {
  const parsed = Manifest.safeParse(raw);
  if (!parsed.success) throw new Error(`${modelDir}/manifest.json is not a model manifest:\n${z.prettifyError(parsed.error)}`);
  const codeHash = featureSpecHash(FEATURE_SPEC);
  if (parsed.data.features.specHash !== codeHash) throw new ModelMismatchError(modelDir, parsed.data.features.specHash, codeHash);
  return parsed.data;
}
