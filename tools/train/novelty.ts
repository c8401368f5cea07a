/**
 * Which validation tickets are genuinely new: those whose nearest training ticket has a TF-IDF
 * cosine (word unigrams, subject + body) below 0.5. The public data set holds many paraphrases,
 * so a random split mixes recurring tickets (a near copy is in the training part) with new ones;
 * the model card reports both, as the figures differ a lot. The search (near-search.ts) only
 * scores training tickets that can reach 0.5, so it grows with the rows, not rows x rows.
 */
import { tokenize } from '@shared/classifier/features';
import { prepareTicket } from '@shared/classifier/text';
import type { Row } from './dataset';
import { NearSearch, type SparseVector } from './near-search';

export const NEW_TICKET_MAX_COSINE = 0.5;

/** Word counts of a prepared ticket over the training vocabulary (words unknown to training have no weight: left out). */
function counts(r: Row, ids: Map<string, number>): Map<number, number> {
  const t = prepareTicket(r.text.subject, r.text.body);
  const tf = new Map<number, number>();
  for (const w of tokenize(`${t.subject} ${t.body}`)) {
    const id = ids.get(w);
    if (id !== undefined) tf.set(id, (tf.get(id) ?? 0) + 1);
  }
  return tf;
}

function tfidf(tf: Map<number, number>, idf: Float64Array): SparseVector {
  const idx: number[] = [];
  const val: number[] = [];
  let norm = 0;
  for (const [w, n] of tf) {
    const x = (1 + Math.log(n)) * idf[w]!;
    if (x > 0) {
      idx.push(w);
      val.push(x);
      norm += x * x;
    }
  }
  norm = Math.sqrt(norm) || 1;
  return { idx: Int32Array.from(idx), val: Float64Array.from(val, (x) => x / norm) };
}

/**
 * For each validation row, the cosine to its nearest training row when that is at least
 * `NEW_TICKET_MAX_COSINE`; otherwise a value below it (0 when no training row can reach it).
 */
export function nearestCosine(train: Row[], validation: Row[], atLeast = NEW_TICKET_MAX_COSINE): number[] {
  // Document frequencies over the raw texts (as before; the vectors themselves use the prepared texts).
  const ids = new Map<string, number>();
  const dfs: number[] = [];
  for (const r of train) {
    for (const w of new Set(tokenize(`${r.text.subject} ${r.text.body}`))) {
      let id = ids.get(w);
      if (id === undefined) ids.set(w, (id = ids.size));
      dfs[id] = (dfs[id] ?? 0) + 1;
    }
  }
  const df = Uint32Array.from(dfs);
  const idf = Float64Array.from(df, (n) => Math.log((1 + train.length) / (1 + n)) + 1);
  const search = new NearSearch(
    ids.size,
    train.map((r) => tfidf(counts(r, ids), idf)),
  );
  return validation.map((r) => {
    let best = 0;
    search.near(tfidf(counts(r, ids), idf), atLeast, (_, s) => {
      if (s > best) best = s;
    });
    return best;
  });
}
