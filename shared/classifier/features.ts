/**
 * Language-agnostic hashed features: lowercased word unigrams and bigrams, and character 3- to
 * 5-grams inside each word (so German compounds and inflections share features, and umlauts are
 * kept as they are). Subject features live in their own hash namespace because a subject says
 * more per word than a body. Weights are 1 + ln(tf), scaled per part, then L2-normalised.
 *
 * `FEATURE_SPEC` is written into every model's manifest with its hash: a model trained with other
 * feature code cannot be loaded by this code (see `manifest.ts`).
 *
 * How it is computed (the spec above says what): FNV-1a runs over the char codes of the lowercased
 * text, continuing from the precomputed state of each key prefix ("s|w:", "b|c:", ...), so no
 * substring or n-gram string is ever built. A word's 3-, 4- and 5-grams starting at one position
 * share their first three hash steps. Counts live in typed arrays indexed by feature, reused
 * across calls (featurize is synchronous, so one set per thread suffices), and only the touched
 * entries are read and reset. The result is bit-identical to the string-based implementation it
 * replaced (bench/reference/features.ts; tests/classifier/features-fast.test.ts compares them), including the order of the floating-point
 * sums and the tie order of the top-`maxFeatures` cut.
 */
import { createHash } from 'node:crypto';
import type { TicketText } from './text';
import { ascending, cutHeaviest } from './feature-cut';
import { TokenBounds } from './word-chars';

export const FEATURE_SPEC = {
  version: 1,
  hash: 'fnv1a32',
  dim: 1 << 16,
  wordNgrams: [1, 2],
  charNgrams: [3, 5],
  subjectWeight: 1.5,
  bodyWeight: 1,
  tokenPattern: '[\\p{L}\\p{N}]+',
  maxFeatures: 1024,
} as const;

export function featureSpecHash(spec: unknown = FEATURE_SPEC): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 16);
}

const TOKEN = new RegExp(FEATURE_SPEC.tokenPattern, 'gu');

export function tokenize(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

export interface SparseFeatures {
  indices: Int32Array;
  values: Float32Array;
  /** For explanations: which feature indices each word of the ticket produced (computed when first read). */
  words: Map<string, number[]>;
}

const DIM = FEATURE_SPEC.dim;
// dim is a power of two: `(h >>> 0) % dim` is the low bits of h.
const MASK = DIM - 1;
const FNV_PRIME = 0x01000193;
const [MIN_N, MAX_N] = FEATURE_SPEC.charNgrams;
if (MIN_N !== 3 || MAX_N !== 5 || DIM !== 1 << 16)
  throw new Error('features.ts computes char 3- to 5-grams over 2^16 features; change the code with the spec');
/** Words listed per word for explanations. */
const WORD_INDICES = 16;

function fnvState(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}

interface PartKeys {
  weight: number;
  word: number;
  bigram: number;
  chars: number;
}
const partKeys = (ns: string, weight: number): PartKeys => ({
  weight,
  word: fnvState(`${ns}w:`),
  bigram: fnvState(`${ns}b:`),
  chars: fnvState(`${ns}c:`),
});
const SUBJECT = partKeys('s|', FEATURE_SPEC.subjectWeight);
const BODY = partKeys('b|', FEATURE_SPEC.bodyWeight);

/** Scratch state of one thread, reused by every call. */
const tf = new Uint32Array(DIM);
const partTouched = new Int32Array(DIM);
let partCount = 0;
const total = new Float64Array(DIM);
const seen = new Uint8Array(DIM);
const touched = new Int32Array(DIM);
let touchedCount = 0;
const order = new Int32Array(DIM);
/** ln(tf) for the usual small counts, the same doubles Math.log gives. */
const LOG = Float64Array.from({ length: 256 }, (_, i) => Math.log(i));
let padded = new Uint16Array(256);
/** The feature indices of one part in emission order, and where each token's emissions start. */
/** Per part: its tokens, their feature indices in emission order and where each token's start; kept until the next scan of that part. */
class PartScan {
  readonly bounds = new TokenBounds();
  emitted = new Int32Array(1 << 14);
  tokenEmits = new Int32Array(1024);
  /** The lowercased text scanned last, so that the explanation and the memory terms can reuse the scan. */
  text: string | undefined;
  /** The text before lowercasing, when featurize did the scan. */
  source: string | undefined;
}
const SCANS = { subject: new PartScan(), body: new PartScan() };

/**
 * Writes the feature indices of one part into `emitted`, in the order of the string-based
 * reference: per word its unigram, its bigram with the next word, then its char 3-, 4- and
 * 5-grams. Returns how many there are.
 */
function scanPart(s: string, k: PartKeys, sc: PartScan): number {
  sc.bounds.scan(s);
  const { starts, ends, count } = sc.bounds;
  // At most 3 char n-grams per code unit of a word plus 2 word features per word.
  if (sc.emitted.length < 3 * s.length + 2 * count + 8) sc.emitted = new Int32Array(2 * (3 * s.length + 2 * count + 8));
  if (sc.tokenEmits.length < count + 1) sc.tokenEmits = new Int32Array(2 * (count + 1));
  const out = sc.emitted;
  const tokenEmits = sc.tokenEmits;
  sc.text = s;
  sc.source = undefined;
  let e = 0;
  for (let t = 0; t < count; t += 1) {
    tokenEmits[t] = e;
    const a = starts[t] as number;
    const len = (ends[t] as number) - a;
    if (len + 2 > padded.length) padded = new Uint16Array(2 * (len + 2));
    const pad = padded;
    let hw = k.word;
    let hb = k.bigram;
    for (let j = 0; j < len; j += 1) {
      const c = s.charCodeAt(a + j);
      pad[j + 1] = c;
      hw = Math.imul(hw ^ c, FNV_PRIME);
      hb = Math.imul(hb ^ c, FNV_PRIME);
    }
    out[e++] = hw & MASK;
    if (t + 1 < count) {
      hb = Math.imul(hb ^ 0x20, FNV_PRIME);
      for (let j = starts[t + 1] as number, end = ends[t + 1] as number; j < end; j += 1)
        hb = Math.imul(hb ^ s.charCodeAt(j), FNV_PRIME);
      out[e++] = hb & MASK;
    }
    if (len > 3) {
      // The padded word "<word>" has p - 2 3-grams, p - 3 4-grams and p - 4 5-grams.
      const p = len + 2;
      pad[0] = 0x3c; // '<'
      pad[p - 1] = 0x3e; // '>'
      const at4 = e + p - 2;
      const at5 = at4 + p - 3;
      for (let st = 0; st + 3 <= p; st += 1) {
        let h = Math.imul(k.chars ^ (pad[st] as number), FNV_PRIME);
        h = Math.imul(h ^ (pad[st + 1] as number), FNV_PRIME);
        h = Math.imul(h ^ (pad[st + 2] as number), FNV_PRIME);
        out[e + st] = h & MASK;
        if (st + 4 > p) continue;
        h = Math.imul(h ^ (pad[st + 3] as number), FNV_PRIME);
        out[at4 + st] = h & MASK;
        if (st + 5 > p) continue;
        h = Math.imul(h ^ (pad[st + 4] as number), FNV_PRIME);
        out[at5 + st] = h & MASK;
      }
      e = at5 + p - 4;
    }
  }
  tokenEmits[count] = e;
  return e;
}

/** Term frequencies of one part, and its features in the order they first appeared. */
function countPart(n: number, out: Int32Array): void {
  for (let j = 0; j < n; j += 1) {
    const idx = out[j] as number;
    const c = tf[idx] as number;
    tf[idx] = c + 1;
    if (c === 0) partTouched[partCount++] = idx;
  }
}

/** Adds a part's 1 + ln(tf) weights to the ticket's totals, in the order its features first appeared. */
function flushPart(weight: number): void {
  for (let j = 0; j < partCount; j += 1) {
    const idx = partTouched[j] as number;
    const c = tf[idx] as number;
    const v = weight * (1 + (c < 256 ? (LOG[c] as number) : Math.log(c)));
    tf[idx] = 0;
    if (seen[idx] === 0) {
      seen[idx] = 1;
      touched[touchedCount++] = idx;
      total[idx] = v;
    } else total[idx] = (total[idx] as number) + v;
  }
  partCount = 0;
}

export function featurize(t: TicketText): SparseFeatures {
  countPart(scanPart(t.subject.toLowerCase(), SUBJECT, SCANS.subject), SCANS.subject.emitted);
  SCANS.subject.source = t.subject;
  flushPart(SUBJECT.weight);
  countPart(scanPart(t.body.toLowerCase(), BODY, SCANS.body), SCANS.body.emitted);
  SCANS.body.source = t.body;
  flushPart(BODY.weight);
  const m = touchedCount;
  const { kept, sumSquares } = cutHeaviest(touched, m, total, FEATURE_SPEC.maxFeatures, order);
  const norm = Math.sqrt(sumSquares) || 1;
  for (let i = 0; i < m; i += 1) seen[touched[i] as number] = 0;
  touchedCount = 0;
  shrinkScratch();
  const indices = ascending(order, kept);
  const values = new Float32Array(kept);
  for (let i = 0; i < kept; i += 1) values[i] = (total[indices[i] as number] as number) / norm;
  return new Features(indices, values, t);
}

/**
 * The tokens of one part and the feature indices each emits, for the explanation (evidence.ts) and
 * the memory terms (query-terms.ts): token `t` spans `starts[t]..ends[t]` of the lowercased `s`
 * and emitted `emitted[tokenEmits[t]..tokenEmits[t + 1]]`. Reuses the scan of the last featurize
 * call when it read the same text. The buffers are scratch, valid until the next call into this module.
 */
export function partEmissions(
  s: string,
  part: 'subject' | 'body',
): { emitted: Int32Array; tokenEmits: Int32Array; starts: Int32Array; ends: Int32Array; count: number } {
  const sc = SCANS[part];
  if (sc.text !== s) scanPart(s, part === 'subject' ? SUBJECT : BODY, sc);
  return {
    emitted: sc.emitted,
    tokenEmits: sc.tokenEmits,
    starts: sc.bounds.starts,
    ends: sc.bounds.ends,
    count: sc.bounds.count,
  };
}

/** `text.toLowerCase()`, without a new string when the last featurize call read this text. */
export function lowered(text: string, part: 'subject' | 'body'): string {
  const sc = SCANS[part];
  return sc.source === text && sc.text !== undefined ? sc.text : text.toLowerCase();
}

/** A huge text grows the scratch buffers; do not keep megabytes for the next, normal ticket. */
export function shrinkScratch(): void {
  for (const sc of [SCANS.subject, SCANS.body]) {
    if (sc.emitted.length <= 1 << 18 && sc.tokenEmits.length <= 1 << 16 && sc.bounds.starts.length <= 1 << 16) continue;
    sc.emitted = new Int32Array(1 << 14);
    sc.tokenEmits = new Int32Array(1024);
    sc.bounds.shrink();
    sc.text = sc.source = undefined;
  }
  if (padded.length > 1 << 12) padded = new Uint16Array(256);
}

class Features implements SparseFeatures {
  #words: Map<string, number[]> | undefined;
  readonly #text: TicketText;
  constructor(
    readonly indices: Int32Array,
    readonly values: Float32Array,
    text: TicketText,
  ) {
    this.#text = text;
  }
  get words(): Map<string, number[]> {
    return (this.#words ??= wordIndices(this.#text));
  }
}

/** Up to 16 feature indices per word, in emission order (repeats included), subject first. */
function wordIndices(t: TicketText): Map<string, number[]> {
  const words = new Map<string, number[]>();
  for (const [text, part] of [
    [t.subject, 'subject'],
    [t.body, 'body'],
  ] as const) {
    const s = lowered(text, part);
    const { emitted, tokenEmits, starts, ends, count } = partEmissions(s, part);
    for (let tok = 0; tok < count; tok += 1) {
      const word = s.slice(starts[tok], ends[tok]);
      let list = words.get(word);
      if (!list) words.set(word, (list = []));
      for (
        let j = tokenEmits[tok] as number, end = tokenEmits[tok + 1] as number;
        j < end && list.length < WORD_INDICES;
        j += 1
      )
        list.push(emitted[j] as number);
    }
  }
  shrinkScratch();
  return words;
}
