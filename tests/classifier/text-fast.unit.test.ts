/**
 * The single-pass cleanText (shared/classifier/text.ts) gives the same strings as the chain of
 * regular expressions it replaced (bench/reference/text.ts), on generated texts full of
 * every kind of whitespace, control character, surrogate and literal backslash sequence, at caps
 * that cut inside runs of spaces and inside words.
 */
import { describe, expect, it } from 'vitest';
import { cleanText } from '@shared/classifier/text';
import { prng } from '@shared/random';
import { referenceCleanText } from '../../bench/reference/text';

const PIECES = [
  'a',
  'b',
  'Z',
  '9',
  'ä',
  'ß',
  '€',
  'word',
  'Druckerpatrone',
  '😀',
  '𝐀',
  '日本',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '\v',
  '\f',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u200a',
  '\u200b',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
  '\u180e',
  '\u0085',
  '\u0000',
  '\u0007',
  '\u001f',
  '\u007f',
  '\u009f',
  '\u00a1',
  '\ud800',
  '\udfff',
  '\ufffd',
  '\ufffe',
  '\\n',
  '\\r',
  '\\t',
  '\\',
  '\\\\n',
  '\\x',
  'n',
  'r',
  't',
];

describe('cleanText matches the regular-expression reference', () => {
  it.each([
    ['', 10],
    ['   ', 10],
    ['a', 0],
    ['  leading and trailing  ', 100],
    ['Hello\\nWorld\\r\\n\\tTabbed', 100],
    ['ab cd', 3],
    ['ab  cd', 3],
    ['😀😀 x', 4],
    ['x'.repeat(9000), 4000],
    [`${' \\n'.repeat(5000)}tail`, 4000],
  ])('on %j with cap %i', (text, cap) => {
    expect(cleanText(text, cap)).toBe(referenceCleanText(text, cap));
  });

  it('on 3,000 generated texts at caps from 1 to 4,000', () => {
    const rand = prng(99);
    for (let i = 0; i < 3000; i += 1) {
      let s = '';
      const len = Math.floor(rand() ** 2 * 3000);
      while (s.length < len) s += PIECES[Math.floor(rand() * PIECES.length)]!;
      const cap = [1, 2, 5, 17, 300, 4000][i % 6]!;
      expect(cleanText(s, cap)).toBe(referenceCleanText(s, cap));
    }
  });
});
