/**
 * Word boundaries over char codes, without a regular expression per ticket: a code point is a
 * word character when it matches `[\p{L}\p{N}]` (FEATURE_SPEC.tokenPattern). The answer for each
 * code point is asked of that regular expression once and remembered (a byte per BMP code point,
 * a small map for the rare astral ones), so the featurizer agrees with the pattern by construction.
 */
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
/** 0 = not asked yet, 1 = word character, 2 = not. */
const bmp = new Uint8Array(0x10000);
const astral = new Map<number, boolean>();

function askBmp(code: number): boolean {
  // A lone surrogate is never a letter or a digit (the `u` pattern sees it as a code point of its own).
  const yes = code < 0xd800 || code > 0xdfff ? WORD_CHAR.test(String.fromCharCode(code)) : false;
  bmp[code] = yes ? 1 : 2;
  return yes;
}

function isWordCodePoint(cp: number): boolean {
  if (cp < 0x10000) {
    const known = bmp[cp] as number;
    return known === 0 ? askBmp(cp) : known === 1;
  }
  let yes = astral.get(cp);
  if (yes === undefined) astral.set(cp, (yes = WORD_CHAR.test(String.fromCodePoint(cp))));
  return yes;
}

/** Token start/end offsets (UTF-16 code units) of one text, in buffers reused across calls. */
export class TokenBounds {
  starts = new Int32Array(1024);
  ends = new Int32Array(1024);
  count = 0;

  /** Finds the maximal runs of word code points in `s`, as `s.match(/[\p{L}\p{N}]+/gu)` would. */
  scan(s: string): void {
    this.count = 0;
    const n = s.length;
    let start = -1;
    let i = 0;
    while (i < n) {
      const c = s.charCodeAt(i);
      let cp = c;
      let width = 1;
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
          width = 2;
        }
      }
      const word =
        cp < 0x80
          ? (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a)
          : isWordCodePoint(cp);
      if (word) {
        if (start < 0) start = i;
      } else if (start >= 0) {
        this.push(start, i);
        start = -1;
      }
      i += width;
    }
    if (start >= 0) this.push(start, n);
  }

  /** Back to the initial size after a huge text. */
  shrink(): void {
    if (this.starts.length > 1 << 16) {
      this.starts = new Int32Array(1024);
      this.ends = new Int32Array(1024);
    }
  }

  private push(start: number, end: number): void {
    if (this.count === this.starts.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.count += 1;
  }
}
