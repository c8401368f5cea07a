/**
 * Writes a model directory: `model.onnx` (linear heads), `memory.bin` (the neighbour memory),
 * `fingerprints.bin` (hashes of the training tickets, for evaluate's overlap warning),
 * `manifest.json` and a model card `README.md`. Files are written to temporary names and renamed,
 * so an interrupted run never leaves a half model.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { FEATURE_SPEC, featureSpecHash } from '@shared/classifier/features';
import { FINGERPRINTS_FILE } from '@shared/classifier/fingerprint';
import { MODEL_FORMAT, type Manifest } from '@shared/classifier/manifest';
import { encodeMemory } from '@shared/classifier/memory-file';
import { MEMORY_SPEC, memorySpecHash } from '@shared/classifier/terms';
import { BODY_CAP_CHARS } from '@shared/classifier/text';
import { modelCard } from './model-card';
import { buildOnnxModel } from './onnx-export';
import { VOTE, type Trained } from './train';

export interface ModelInfo {
  out: string;
  version: string;
  data: string[];
  licence: string;
  seed: number;
  /** How the validation rows were chosen: the newest (`--split time`) or a seeded random share. */
  split?: 'random' | 'time';
  command: string;
  seconds: number;
}

function writeAtomic(path: string, data: string | Uint8Array): void {
  writeFileSync(`${path}.tmp`, data);
  renameSync(`${path}.tmp`, path);
}

export function writeModel(t: Trained, info: ModelInfo): Manifest {
  mkdirSync(info.out, { recursive: true });
  const name = basename(info.out);
  const onnx = buildOnnxModel(FEATURE_SPEC.dim, t.model.w, t.model.b, name);
  const memory = encodeMemory(t.memory.arrays);
  const fingerprints = new Uint8Array(t.fingerprints.buffer, t.fingerprints.byteOffset, t.fingerprints.byteLength);
  const manifest: Manifest = {
    name,
    version: info.version,
    format: MODEL_FORMAT,
    created: new Date().toISOString(),
    heads: t.heads,
    features: { specHash: featureSpecHash(FEATURE_SPEC), spec: FEATURE_SPEC, bodyCapChars: BODY_CAP_CHARS },
    memory: {
      file: 'memory.bin',
      specHash: memorySpecHash(MEMORY_SPEC),
      spec: MEMORY_SPEC,
      tickets: t.memory.kept,
      offered: t.memory.offered,
      duplicatesDropped: t.memory.duplicates,
      sections: memory.sections,
      vote: { ...VOTE },
    },
    blends: t.blends,
    calibrations: t.calibrations,
    thresholds: Object.fromEntries(
      Object.entries(t.calibration).map(([h, c]) => [
        h,
        { threshold: c.threshold, targetPrecision: c.targetPrecision },
      ]),
    ),
    training: {
      data: info.data.map((d) => basename(d)),
      rows: t.trainRows + t.validationRows,
      licence: info.licence,
      seed: info.seed,
      linear: t.linear.chosen,
      memoryFree: t.memoryFree,
      linearTrials: t.linear.trials,
      linearSample: { trials: t.linear.sampleRows, final: t.linear.trainRows, refit: t.linear.refitRows ?? null },
      seconds: Math.round(info.seconds),
      command: info.command,
      fingerprints: FINGERPRINTS_FILE,
    },
    metrics: {
      split: `${info.split === 'time' ? 'the newest' : 'random'} ${t.validationRows} validation rows held out of ${t.trainRows + t.validationRows}`,
      heads: t.metrics,
      newTickets: t.newTickets,
      byLanguage: t.byLanguage,
      calibration: t.calibration,
      ...(t.memoryStudy.length ? { memoryStudy: t.memoryStudy } : {}),
      measuredWithMemory: t.measuredMemory,
    },
  };
  writeAtomic(join(info.out, 'model.onnx'), onnx);
  writeAtomic(join(info.out, 'memory.bin'), memory.bytes);
  writeAtomic(join(info.out, FINGERPRINTS_FILE), fingerprints);
  writeAtomic(join(info.out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeAtomic(
    join(info.out, 'README.md'),
    modelCard(manifest, t, info, { onnx: onnx.byteLength, memory: memory.bytes.byteLength }),
  );
  return manifest;
}
