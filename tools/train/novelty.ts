/**
 * Which validation tickets are genuinely new: those whose nearest training ticket has a TF-IDF
 * cosine (word unigrams, subject + body) below 0.5. The public data set holds many paraphrases,
 * so a random split mixes recurring tickets (a near copy is in the training part) with new ones;
 * the model card reports both, as the figures differ a lot.
 */
import { tokenize } from '@shared/classifier/features';
import { prepareTicket } from '@shared/classifier/text';
import type { Row } from './dataset';

export const NEW_TICKET_MAX_COSINE = 0.5;

function tfidf(rows: Row[], idf: Map<string, number>): Map<string, number>[] {
  return rows.map((r) => {
    const t = prepareTicket(r.text.subject, r.text.body);
    const tf = new Map<string, number>();
    for (const w of tokenize(`${t.subject} ${t.body}`)) tf.set(w, (tf.get(w) ?? 0) + 1);
    const v = new Map<string, number>();
    let norm = 0;
    for (const [w, n] of tf) {
      const x = (1 + Math.log(n)) * (idf.get(w) ?? 0);
      if (x > 0) {
        v.set(w, x);
        norm += x * x;
      }
    }
    norm = Math.sqrt(norm) || 1;
    for (const [w, x] of v) v.set(w, x / norm);
    return v;
  });
}

/** For each validation row, the cosine to its nearest training row. */
export function nearestCosine(train: Row[], validation: Row[]): number[] {
  const df = new Map<string, number>();
  for (const r of train) for (const w of new Set(tokenize(`${r.text.subject} ${r.text.body}`))) df.set(w, (df.get(w) ?? 0) + 1);
  const idf = new Map([...df].map(([w, n]) => [w, Math.log((1 + train.length) / (1 + n)) + 1]));
  const tv = tfidf(train, idf);
  const postings = new Map<string, { row: number; x: number }[]>();
  tv.forEach((v, row) => {
    for (const [w, x] of v) {
      let p = postings.get(w);
      if (!p) postings.set(w, (p = []));
      p.push({ row, x });
    }
  });
  const scores = new Float64Array(train.length);
  return tfidf(validation, idf).map((v) => {
    scores.fill(0);
    for (const [w, x] of v) for (const p of postings.get(w) ?? []) scores[p.row]! += x * p.x;
    let best = 0;
    for (const s of scores) if (s > best) best = s;
    return best;
  });
}
