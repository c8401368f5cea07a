/** The model card (README.md of a model directory): what the model is, how good, how sure, and what it is not. */
import { basename } from 'node:path';
import { FEATURE_SPEC } from '@shared/classifier/features';
import type { Manifest } from '@shared/classifier/manifest';
import { MEMORY_SPEC } from '@shared/classifier/terms';
import { BODY_CAP_CHARS } from '@shared/classifier/text';
import { linearChoice, linearTried } from './linear-card';
import type { Trained } from './train';
import type { ModelInfo } from './write-model';

const f3 = (x: number) => x.toFixed(3);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function modelCard(m: Manifest, t: Trained, info: ModelInfo, bytes: { onnx: number; memory: number }): string {
  const singles = t.heads.filter((h) => h.kind === 'single');
  const demo = info.licence.includes('NC');
  const accRows = singles.map(
    (h) =>
      `| ${h.name} | ${h.labels.length} | ${f3(t.metrics[h.name]!.accuracy)} | ${f3(t.metrics[h.name]!.macroF1)} | ${t.newTickets.rows ? f3(t.newTickets.accuracy[h.name] ?? 0) : '–'} | ${t.metrics[h.name]!.rows} |`,
  );
  const langs = Object.entries(t.byLanguage).map(
    ([l, hs]) =>
      `| ${l} | ${singles.map((h) => (hs[h.name] ? `${f3(hs[h.name]!.accuracy)} / ${hs[h.name]!.newRows ? f3(hs[h.name]!.newAccuracy ?? 0) : '–'}` : '–')).join(' | ')} | ${hs[singles[0]!.name]?.rows ?? 0} / ${hs[singles[0]!.name]?.newRows ?? 0} |`,
  );
  const cal = singles.map((h) => {
    const c = t.calibration[h.name]!;
    return `| ${h.name} | ${f3(c.ece)} | ${c.threshold ?? 'never'} | ${c.targetPrecision} | ${c.atThreshold.precision === null ? '–' : f3(c.atThreshold.precision)} | ${pct(c.atThreshold.coverage)} | ${pct(c.shortCopies.coverage)} | ${pct(c.shortCopies.wrongApplied)} |`;
  });
  const thresholds = t.calibration[singles[0]!.name]!.precisionCoverage.map((p) => p.threshold);
  const pc = singles.map(
    (h) =>
      `| ${h.name} | ${t.calibration[h.name]!.precisionCoverage.map((p) => `${p.precision === null ? '–' : f3(p.precision)} / ${p.coverage.toFixed(2)}`).join(' | ')} |`,
  );
  const rel = singles.map(
    (h) =>
      `| ${h.name} | ${t.calibration[h.name]!.reliability.map((b) => `${b.from.toFixed(1)}-${b.to.toFixed(1)}: ${b.meanConfidence.toFixed(2)} → ${b.accuracy.toFixed(2)} (${b.rows})`).join('<br>')} |`,
  );
  const blends = singles
    .map(
      (h) =>
        `${h.name} a = ${m.blends[h.name]!.a}, T = ${m.blends[h.name]!.temperature}, vote when nearest ≥ ${m.blends[h.name]!.minNearest}`,
    )
    .join('; ');
  return `# Model card: ${m.name} ${m.version}

${
  demo
    ? `> **A demonstration model.** It is trained on a synthetic, non-commercial data set (CC BY-NC 4.0) whose queue
> names do not always mean what they say: its "Human Resources" tickets include HDMI cables and logins to accounting
> software, and tickets about prices, quotes and discounts are labelled "Billing and Payments" far more often than
> "Sales and Pre-Sales". A model trained on it cannot be right by everyday meaning; it can only be honest about what it
> does not know. **On the path to production, training on your own ticket history comes first**
> (\`npm run export\`, then \`npm run train\`, then \`npm run evaluate -- --from-freshdesk\`).

`
    : ''
}## What it is
Two parts, blended per head and calibrated:
- **Neighbour memory** (TypeScript, \`memory.bin\`, ${(bytes.memory / 1e6).toFixed(1)} MB): exact sparse cosine similarity over word 1-2-gram
  TF-IDF vectors (subject weight ${MEMORY_SPEC.subjectWeight}, terms in more than ${MEMORY_SPEC.maxDocShare * 100}% of tickets dropped, terms in fewer than
  ${MEMORY_SPEC.minDocs} unknown) through an inverted index; the ${m.memory.vote.k} nearest of **${t.memory.kept} remembered training tickets**
  vote with weight exp(${m.memory.vote.sharpness} · (s − s_max)). The figures below were measured with a memory of the
  ${t.measuredMemory.kept} tickets of the training part; the shipped memory also remembers the validation tickets
  (${t.memory.kept} in all). Bounded: at most ${t.memoryMax} tickets (\`--memory-max N\`); above it, close paraphrases
  (cosine ≥ 0.9, same labels) are remembered once, then a seeded sample is kept${t.memory.kept < t.memory.offered ? ` (here ${t.memory.offered} offered, ${t.memory.duplicates} paraphrases merged, ${t.memory.kept} kept)` : ' (here every ticket fits)'}.
${
  t.memoryStudy.length
    ? `  What a bound costs here (validation, blends and calibration refitted): ${t.memoryStudy
        .map(
          (r) =>
            `at most ${r.maxTickets} tickets (${r.duplicates} paraphrases merged, ${r.kept} kept): ${Object.entries(
              r.accuracy,
            )
              .map(
                ([h, a]) =>
                  `${h} ${f3(a)}${r.newAccuracy[h] === undefined ? '' : ` / new ${f3(r.newAccuracy[h]!)}`}, applied ${pct(r.applied[h] ?? 0)}`,
              )
              .join('; ')}`,
        )
        .join(' — ')}.
`
    : ''
}- **Linear heads** (ONNX, \`model.onnx\`, ${(bytes.onnx / 1e6).toFixed(1)} MB, float16 weights): hashed word 1-2-grams and character 3-5-grams
  (${FEATURE_SPEC.dim} buckets, body capped at ${BODY_CAP_CHARS} characters); per head ${linearChoice(t)} (see "What was tried").
- **Blend**, chosen per head on the validation split: ${blends}.
- **Calibration**: per head, a logistic regression on the blended top probability, the top-2 margin, the nearest
  memory similarity, the share of known words and the amount of text, fitted on held-out validation tickets and
  short copies of them (subject alone, first sentence alone), so tickets with little usable text get low confidence.

Heads: ${t.heads.map((h) => `${h.name} (${h.labels.length})`).join(', ')}.

${linearTried(t)}
## Data and licence
Trained on ${info.data.map((d) => `\`${basename(d)}\``).join(', ')} (${t.trainRows + t.validationRows} rows). Licence of the data: **${info.licence}**.
${
  demo
    ? `This is Tobias Bueck's synthetic "Multilingual Customer Support Tickets" data set (Open Ticket AI, Kaggle /
Hugging Face), licensed CC BY-NC 4.0: the model is for evaluation and non-commercial use. No ticket text is stored in
the model folder: the memory holds hashed terms, weights and labels; \`fingerprints.bin\` holds 32-bit hashes of the
training tickets so \`npm run evaluate\` can warn about overlap.\n`
    : ''
}
## Validation
${info.split === 'time' ? `The newest ${t.validationRows} rows held out (\`--split time\`): the model is measured on tickets newer than all it learned from.` : `${t.validationRows} rows held out at random (seed ${info.seed}).`} "New" tickets are the ${t.newTickets.rows} validation tickets whose nearest
training ticket has a word TF-IDF cosine below 0.5: no close paraphrase was seen (– where there were none).${demo ? ' A random split of this synthetic\nset holds many paraphrases, so the new-ticket column is the honest one for tickets unlike the history.' : ''}

| head | classes | accuracy | macro-F1 | accuracy, new tickets | rows |
|---|---|---|---|---|---|
${accRows.join('\n')}

| language | ${singles.map((h) => `${h.name} all / new`).join(' | ')} | rows all / new |
|---|${singles.map(() => '---|').join('')}---|
${langs.join('\n')}

## Calibration and thresholds
Confidences below are out of fold: each validation ticket's confidence comes from a calibration fitted without it.
The threshold is the lowest at which applied predictions are right at least the target share of the time (and stay
so at every higher threshold); it is the default \`THRESHOLD_<HEAD>\` of update-ticket. "Short copies" are the
validation tickets cut to their subject or their first sentence: how many of them would be applied, and how many
applied wrongly.

| head | ECE (10 bins) | threshold | target precision | precision at threshold | applied | short copies applied | short copies applied wrongly |
|---|---|---|---|---|---|---|---|
${cal.join('\n')}

Precision / coverage per confidence threshold (validation, out of fold):

| head | ${thresholds.map((x) => `≥ ${x}`).join(' | ')} |
|---|${thresholds.map(() => '---|').join('')}
${pc.join('\n')}

Reliability (bin: mean confidence → share right (rows)):

| head | bins |
|---|---|
${rel.join('\n')}

## Rebuild
\`\`\`sh
${info.command}
\`\`\`
Training took ${Math.round(info.seconds)} s on the machine that built it. Deterministic for a seed.
`;
}
