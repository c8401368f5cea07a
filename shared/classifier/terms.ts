/**
 * What the neighbour memory reads of a ticket: lowercased word unigrams and bigrams, subject and
 * body apart (a subject term is another term than the same word in the body), each as a 32-bit
 * FNV-1a hash (no strings are stored in the model). `MEMORY_SPEC` goes into the manifest with its
 * hash, so a model built by other term code fails loudly on load, like `FEATURE_SPEC`.
 */
import { createHash } from 'node:crypto';
import { tokenize } from './features';
import type { TicketText } from './text';

export const MEMORY_SPEC = {
  version: 1,
  hash: 'fnv1a32',
  wordNgrams: [1, 2],
  tf: '1+ln',
  idf: 'ln((1+N)/(1+df))+1',
  subjectWeight: 0.5,
  bodyWeight: 1,
  /** Terms in more than this share of the training tickets say nothing about a ticket: dropped. */
  maxDocShare: 0.1,
  /** Terms seen in fewer training tickets are unknown (they still count in the ticket's norm). */
  minDocs: 2,
} as const;

export function memorySpecHash(spec: unknown = MEMORY_SPEC): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 16);
}

function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const SUBJECT_SEED = fnv1a('s|');
const BODY_SEED = fnv1a('b|');
const DIGITS = /^\p{N}+$/u;

export interface TicketTerms {
  /** Term hash -> count, per part. */
  subject: Map<number, number>;
  body: Map<number, number>;
  /** Unigram hashes of the ticket's words that are not numbers (for the known-vocabulary share). */
  words: number[];
}

function partTerms(tokens: string[], seed: number, into: Map<number, number>, words: number[] | undefined): void {
  for (let i = 0; i < tokens.length; i += 1) {
    const w = tokens[i]!;
    const h = fnv1a(w, seed);
    into.set(h, (into.get(h) ?? 0) + 1);
    if (words && !DIGITS.test(w)) words.push(h);
    if (i + 1 < tokens.length) {
      const b = fnv1a(tokens[i + 1]!, fnv1a(' ', h));
      into.set(b, (into.get(b) ?? 0) + 1);
    }
  }
}

export function ticketTerms(t: TicketText): TicketTerms {
  const out: TicketTerms = { subject: new Map(), body: new Map(), words: [] };
  partTerms(tokenize(t.subject), SUBJECT_SEED, out.subject, undefined);
  partTerms(tokenize(t.body), BODY_SEED, out.body, out.words);
  // The known-vocabulary share is measured on the body's words (subject words too when the body is empty).
  if (out.words.length === 0)
    for (const w of tokenize(t.subject)) if (!DIGITS.test(w)) out.words.push(fnv1a(w, BODY_SEED));
  return out;
}
