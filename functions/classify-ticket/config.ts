/** classify-ticket's settings: where the model is, and the signing secret. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, signingSettings, type Env, type SigningSettings } from '@shared/config';
import { DEFAULT_MODEL_DIR } from '@shared/classifier';

export interface ClassifyConfig {
  modelDir: string;
  signing: SigningSettings;
}

export function loadConfig(env: Env): ClassifyConfig {
  // In the image the model is copied under function/ (configuration.copy); in the repo it is at the root.
  const candidates = env.MODEL_DIR ? [env.MODEL_DIR] : [DEFAULT_MODEL_DIR, `function/${DEFAULT_MODEL_DIR}`];
  const modelDir = candidates.map((c) => resolve(c)).find((c) => existsSync(resolve(c, 'manifest.json')));
  if (!modelDir)
    throw new ConfigError(`MODEL_DIR: no model found at ${candidates.join(' or ')} (manifest.json missing)`);
  return { modelDir, signing: signingSettings(env) };
}
