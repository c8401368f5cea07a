/**
 * Writes a model directory: `model.onnx`, `manifest.json` and a model card `README.md`. Files are
 * written to temporary names and renamed, so an interrupted run never leaves a half model.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { FEATURE_SPEC, featureSpecHash } from '@shared/classifier/features';
import type { Manifest } from '@shared/classifier/manifest';
import { BODY_CAP_CHARS } from '@shared/classifier/text';
import { KNN } from './knn';
import { buildOnnxModel } from './onnx-export';
import type { Trained } from './train';

export interface ModelInfo {
  out: string;
  version: string;
  data: string[];
  licence: string;
  seed: number;
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
  const bytes = buildOnnxModel(FEATURE_SPEC.dim, t.heads, t.model.w, t.model.b, name, t.memory);
  const manifest: Manifest = {
    name,
    version: info.version,
    created: new Date().toISOString(),
    heads: t.heads,
    features: { specHash: featureSpecHash(FEATURE_SPEC), spec: FEATURE_SPEC, bodyCapChars: BODY_CAP_CHARS },
    ...(t.memory ? { memory: { ...KNN, rows: t.memory.rows } } : {}),
    training: { data: info.data.map((d) => basename(d)), rows: t.trainRows + t.validationRows, licence: info.licence, seed: info.seed, epochs: t.epochs, seconds: Math.round(info.seconds), command: info.command },
    metrics: { split: `random ${t.validationRows} validation rows held out of ${t.trainRows + t.validationRows}`, heads: t.metrics, byLanguage: t.byLanguage, newTickets: t.newTickets },
  };
  writeAtomic(join(info.out, 'model.onnx'), bytes);
  writeAtomic(join(info.out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeAtomic(join(info.out, 'README.md'), modelCard(manifest, t, info, bytes.byteLength));
  return manifest;
}

function modelCard(m: Manifest, t: Trained, info: ModelInfo, bytes: number): string {
  const rows = Object.entries(t.metrics).map(([h, x]) => `| ${h} | ${t.heads.find((s) => s.name === h)?.labels.length ?? 0} | ${x.accuracy.toFixed(3)} | ${x.macroF1.toFixed(3)} | ${x.rows} |`);
  const langs = Object.entries(t.byLanguage).map(([l, hs]) => `| ${l} | ${Object.entries(hs).map(([h, v]) => `${h} ${v.accuracy.toFixed(3)} (${v.rows})`).join(', ')} |`);
  return `# Model card: ${m.name} ${m.version}

Hashed word and character n-gram features (subject and body apart, ${FEATURE_SPEC.dim} buckets,
body capped at ${BODY_CAP_CHARS} characters) and one linear layer per head, trained jointly in
TypeScript${t.memory ? `, blended with a nearest-neighbour memory of the ${t.memory.rows} training tickets
(${KNN.dims}-dimensional random projection, the ${KNN.k} most similar vote, weight ${KNN.beta})` : ''}; one ONNX
graph (${(bytes / 1e6).toFixed(1)} MB). Heads: ${t.heads.map((h) => `${h.name} (${h.labels.length})`).join(', ')}.

## Data and licence
Trained on ${info.data.map((d) => `\`${basename(d)}\``).join(', ')} (${t.trainRows + t.validationRows} rows). Licence of the data: **${info.licence}**.
${info.licence.includes('NC') ? `This is Tobias Bueck's synthetic "Multilingual Customer Support Tickets" data set (Open Ticket AI,
Kaggle / Hugging Face), licensed CC BY-NC 4.0: the model is for evaluation and non-commercial use.
For commercial use, train on your own tickets (\`npm run export\`, then \`npm run train\`).\n` : ''}
## Validation (honest, one random split)
${t.validationRows} rows held out of the training data at random (seed ${info.seed}); the weights
of the best epoch (${t.epochs}) are kept. A random split of this synthetic set contains close
paraphrases of training tickets, so these figures are higher than on genuinely new tickets.

| head | classes | accuracy | macro-F1 | rows |
|---|---|---|---|---|
${rows.join('\n')}

On the ${t.newTickets.rows} validation tickets whose nearest training ticket has a TF-IDF cosine below
0.5 (genuinely new tickets, not paraphrases): ${Object.entries(t.newTickets.accuracy).map(([h, a]) => `${h} ${a.toFixed(3)}`).join(', ')}.

| language | accuracy per head (rows) |
|---|---|
${langs.join('\n')}

## Rebuild
\`\`\`sh
${info.command}
\`\`\`
Training took ${Math.round(info.seconds)} s on the machine that built it. Deterministic for a seed.
`;
}
