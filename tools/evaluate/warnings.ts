/**
 * Warnings that keep an evaluation honest: rows the model was trained on (their figures say
 * nothing about new tickets), and a label column that shares no value with the model's labels
 * (a model of other queues: every prediction counts as wrong).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Classifier } from '@shared/classifier';
import { FINGERPRINTS_FILE, hasFingerprint, ticketFingerprint } from '@shared/classifier/fingerprint';
import type { Row } from '../train/dataset';

export function overlapWarning(modelDir: string, rows: Row[]): string | undefined {
  let fp: Uint32Array;
  try {
    const b = readFileSync(join(modelDir, FINGERPRINTS_FILE));
    fp = new Uint32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  } catch {
    return undefined; // a model without fingerprints: nothing to compare with
  }
  const seen = rows.filter((r) => hasFingerprint(fp, ticketFingerprint(r.text.subject, r.text.body))).length;
  if (seen === 0) return undefined;
  return `${seen} of ${rows.length} rows (${((100 * seen) / rows.length).toFixed(1)}%) are tickets the model was trained or validated on: their figures are far higher than on new tickets. Evaluate on tickets it has not seen.`;
}

export function labelWarnings(classifier: Classifier, rows: Row[], heads: string[]): string[] {
  const out: string[] = [];
  for (const h of heads) {
    const known = new Set(classifier.heads.find((x) => x.name === h)?.labels ?? []);
    const values = new Set(rows.map((r) => r.labels[h]).filter((v): v is string => Boolean(v)));
    const shared = [...values].filter((v) => known.has(v));
    if (values.size > 0 && shared.length === 0)
      out.push(
        `column "${h}" shares no label with the model (data: ${[...values].slice(0, 5).join(', ')}${values.size > 5 ? ', …' : ''}; model: ${[...known].slice(0, 5).join(', ')}${known.size > 5 ? ', …' : ''}): every prediction counts as wrong. Is this the right model for this data?`,
      );
    else if (shared.length < values.size)
      out.push(
        `column "${h}" has ${values.size - shared.length} label(s) the model does not know (${[...values]
          .filter((v) => !known.has(v))
          .slice(0, 5)
          .join(', ')}): those rows can never be right`,
      );
  }
  return out;
}
