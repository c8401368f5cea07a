/**
 * The apply threshold each head will really use, said at start-up: the model's own (from the
 * manifest of the model classify-ticket loads), update-ticket's APPLY_THRESHOLD floor and any
 * THRESHOLD_<HEAD> override, with every difference from the model's calibration named.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeThresholds, type ModelThresholds } from '@shared/triage';
import { loadConfig } from '../../functions/update-ticket/config';
import type { Env } from './settings';

/** The manifest's thresholds per head (null: never); undefined when the manifest has none or cannot be read. */
function manifestThresholds(modelDir: string): { version: string; thresholds?: ModelThresholds } | undefined {
  try {
    const m = JSON.parse(readFileSync(join(modelDir, 'manifest.json'), 'utf8')) as {
      version?: string;
      thresholds?: Record<string, { threshold: number | null }>;
    };
    return {
      version: String(m.version ?? '?'),
      ...(m.thresholds
        ? { thresholds: Object.fromEntries(Object.entries(m.thresholds).map(([h, t]) => [h, t.threshold])) }
        : {}),
    };
  } catch {
    return undefined;
  }
}

export function thresholdLines(root: string, envs: Map<string, Env>): string[] {
  const dir = resolve(root, envs.get('classify-ticket')?.MODEL_DIR ?? 'models/ticket-triage');
  const model = manifestThresholds(dir);
  const policy = loadConfig(envs.get('update-ticket') ?? {}).policy;
  const heads = Object.keys(model?.thresholds ?? { queue: 0, priority: 0, type: 0 });
  return [
    `apply thresholds (model ${model?.version ?? 'unknown'} at ${dir}):`,
    ...describeThresholds(policy, model?.thresholds, heads),
  ];
}
