/**
 * The char-code featurizer (shared/classifier/features.ts) gives exactly what the string-based
 * reference it replaced gives (bench/reference/features.ts): same indices, same float
 * values bit for bit, same words for explanations, same spec hash, so every model trained before
 * keeps loading and scoring the same. Texts are generated here from a seeded PRNG (no data-set rows).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FEATURE_SPEC, featureSpecHash, featurize, prepareTicket, type TicketText } from '@shared/classifier';
import { cutHeaviest } from '@shared/classifier/feature-cut';
import { prng } from '@shared/random';
import { REFERENCE_FEATURE_SPEC, referenceFeaturize, referenceSpecHash } from '../../bench/reference/features';

const PIECES = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  ...'äöüßÄÖÜẞéèêçñøåÆŒ', // German and other Latin letters; ẞ lowercases to ß
  'İ',
  'Σ',
  'ς',
  'ﬁ', // lowercasing changes length (İ → i̇) or depends on context (Σ)
  ...'Привет мир Ωμέγα עברית العربية ٣٤٥ 日本語のテキスト 한국어',
  '😀',
  '👍🏽',
  '🇩🇪',
  '𝐀𝐁𝐂',
  '𠀀',
  '\u0301',
  '\u200d', // emoji, astral letters, combining mark, ZWJ
  '\ud800',
  '\udc00', // lone surrogates
  ' ',
  ' ',
  ' ',
  ' ',
  '  ',
  '\n',
  '\t',
  '-',
  '.',
  ',',
  '!',
  '?',
  '/',
  '@',
  '_',
  "'",
  '"',
  '<',
  '>',
  '&',
  '|',
  '\\n',
];
const WORDS = [
  'drucker',
  'Druckerpatrone',
  'Rücksendung',
  'Überweisung',
  'invoice',
  'VPN',
  'password',
  'reset',
  'the',
  'a',
  'of',
  'straße',
  'STRASSE',
  'naïve',
  'café',
  'e-mail',
  'Rechnung',
  '2fa',
  'x',
];

function text(rand: () => number, length: number): string {
  let s = '';
  while (s.length < length) {
    s +=
      rand() < 0.5
        ? (PIECES[Math.floor(rand() * PIECES.length)] as string)
        : `${WORDS[Math.floor(rand() * WORDS.length)]} `;
  }
  return s;
}

function expectSame(t: TicketText): void {
  const fast = featurize(t);
  const ref = referenceFeaturize(t);
  expect([...fast.indices]).toEqual([...ref.indices]);
  // Bit-identical floats, not close ones.
  expect(
    Buffer.from(fast.values.buffer, fast.values.byteOffset, fast.values.byteLength).equals(
      Buffer.from(ref.values.buffer, ref.values.byteOffset, ref.values.byteLength),
    ),
  ).toBe(true);
}

describe('the char-code featurizer matches the string-based reference', () => {
  it('has the same spec and spec hash, and the shipped model was built with it', () => {
    expect(FEATURE_SPEC).toEqual(REFERENCE_FEATURE_SPEC);
    expect(featureSpecHash()).toBe(referenceSpecHash());
    const manifest = JSON.parse(readFileSync('models/ticket-triage/manifest.json', 'utf8')) as {
      features: { specHash: string };
    };
    expect(featureSpecHash()).toBe(manifest.features.specHash);
  });

  it.each([
    ['empty', { subject: '', body: '' }],
    ['only punctuation', { subject: '!!!', body: '... --- ,,, 😀😀' }],
    ['one short word', { subject: 'x', body: '' }],
    [
      'German umlauts and compounds',
      {
        subject: 'Rücksendung der Überweisung',
        body: 'Die Druckerpatrone ist leer. Straße, STRASSE, Grüße aus Köln; Lieferung überfällig!',
      },
    ],
    ['Turkish dotted I and Greek final sigma', { subject: 'İstanbul İİİ', body: 'ΟΔΥΣΣΕΥΣ ΣΟΦΟΣ σοφός' }],
    ['emoji, flags and astral letters', { subject: '👍🏽 works', body: 'VPN 😀 down 🇩🇪🇩🇪 𝐀𝐁𝐂𝐃 𠀀𠀁𠀂𠀃 end' }],
    [
      'lone surrogates and control characters',
      { subject: '\ud800abc\udc00', body: 'a\u0000b\u0007c\ud83dxyzw\ude00 \u0301accent' },
    ],
    [
      'CJK and right-to-left scripts',
      { subject: '請求書が二重に請求されました', body: 'Пожалуйста, верните деньги. العربية ٣٤٥ עברית' },
    ],
  ])('on %s', (_name, t) => {
    expectSame(t);
    expectSame(prepareTicket(t.subject, t.body));
  });

  it('on 400 generated texts of 0 to 12,000 characters, raw and prepared, in one sequence (state is reset between calls)', () => {
    const rand = prng(20261130);
    for (let i = 0; i < 400; i += 1) {
      const t = { subject: text(rand, Math.floor(rand() * 80)), body: text(rand, Math.floor(rand() ** 3 * 12_000)) };
      expectSame(t);
      expectSame(prepareTicket(t.subject, t.body));
    }
  });

  it('on a very long text past the feature cap, with ties at the cut', () => {
    const rand = prng(7);
    const body = text(rand, 200_000);
    expect(featurize({ subject: '', body }).indices.length).toBe(FEATURE_SPEC.maxFeatures);
    expectSame({ subject: 'Drucker kaputt', body });
    expectSame(prepareTicket('Drucker kaputt', body));
  });

  it('on a text with more distinct weights than the fast cut handles (its sort fallback)', () => {
    // Word k appears (k % 29) + 1 times in the subject and (k / 29 | 0) + 1 times in the body.
    const words = Array.from({ length: 900 }, (_, k) => `w${k.toString(36)}q`);
    const subject = words.flatMap((w, k) => Array<string>((k % 29) + 1).fill(w)).join(' ');
    const body = words.flatMap((w, k) => Array<string>(Math.floor(k / 29) + 1).fill(w)).join(' ');
    expectSame({ subject, body });
  });

  it('lists the same words and indices for explanations', () => {
    const rand = prng(3);
    const texts = [
      { subject: 'Rücksendung', body: 'Druckerpatrone leer leer leer, Drucker Drucker' },
      ...Array.from({ length: 40 }, () => ({ subject: text(rand, 60), body: text(rand, 3000) })),
    ];
    for (const t of texts) {
      const fast = featurize(t);
      featurize({ subject: 'other', body: 'text in between' }); // words are computed later, after other calls
      expect([...fast.words.entries()]).toEqual([...referenceFeaturize(t).words.entries()]);
    }
  });
});

describe('cutHeaviest', () => {
  it('keeps what a stable sort by weight keeps past the cap, with the same sum of squares, over 600 calls in a row', () => {
    const rand = prng(1);
    const common = [1, 1.5, 1 + Math.log(2), 2.5, 1.5 * (1 + Math.log(3)), 0.7];
    for (let trial = 0; trial < 600; trial += 1) {
      const m = 900 + Math.floor(rand() * 1200);
      const spread = trial % 3 === 0 ? 2000 : 40; // every third call has more distinct weights than the fast path takes
      const weight = new Float64Array(1 << 16);
      const touched = Int32Array.from({ length: m }, (_, i) => (i * 37) % (1 << 16));
      for (const idx of touched)
        weight[idx] =
          (common[Math.floor(rand() * common.length)] as number) + (rand() < 0.3 ? Math.floor(rand() * spread) / 7 : 0);
      const out = new Int32Array(m);
      const cut = cutHeaviest(touched, m, weight, 1024, out);
      // As the reference does it: sorted and cut only past the cap, then summed in that order.
      let ref = [...touched].map((idx) => ({ idx, v: weight[idx] as number }));
      if (m > 1024) ref = ref.sort((a, b) => b.v - a.v).slice(0, 1024);
      expect([...out.subarray(0, cut.kept)].sort((a, b) => a - b)).toEqual(ref.map((e) => e.idx).sort((a, b) => a - b));
      expect(cut.sumSquares).toBe(ref.reduce((s, e) => s + e.v * e.v, 0));
    }
  });
});
