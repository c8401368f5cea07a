/**
 * Text preparation: what the model reads of a ticket. HTML becomes text, the literal `\n`
 * sequences of exported data become spaces, whitespace is folded, and the body is capped at
 * `BODY_CAP_CHARS` (the first part of a ticket carries the request; quoted history and signatures
 * follow, and a 1 MB paste must not cost more than a normal ticket).
 */
export const BODY_CAP_CHARS = 4000;
const SUBJECT_CAP_CHARS = 300;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * HTML entities (`&amp;`, `&#233;`, `&#xE9;`) as text: an unknown name stays as written, a number
 * that is no code point (`&#99999999;`, `&#0;`) becomes a space, never a RangeError. The one
 * decoder for every HTML-to-text conversion (the model's text here, the sandbox's `*_text`).
 */
export function decodeEntities(html: string): string {
  return html.replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/**
 * What the model reads of HTML: scripts and styles dropped, every tag a space (words never merge).
 * @internal exported for tests and benches, not used by the product
 */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/gi, '\n')
      .replace(/<[^>]*>/g, ' '),
  );
}

/**
 * What the cleaning turns into a space (then runs of them into one): whitespace (`\s`), control
 * characters, surrogates (binary garbage; an emoji's two halves included) and U+FFFD. Asked of
 * this expression once per code unit and remembered, so the single pass below agrees with it.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this turns into spaces
const SPACE_LIKE = /[\s\u0000-\u001f\u007f-\u009f\ud800-\udfff\ufffd]/;
/** Per UTF-16 code unit: 0 = not asked yet, 1 = becomes a space, 2 = kept. */
const kind = new Uint8Array(0x10000);

function spaceLike(c: number): boolean {
  let k = kind[c] as number;
  if (k === 0) kind[c] = k = SPACE_LIKE.test(String.fromCharCode(c)) ? 1 : 2;
  return k === 1;
}

/**
 * The first `cap` characters of `text` with the literal sequences \n \r \t, whitespace, control
 * characters and surrogates folded into single spaces, trimmed; in one pass over at most
 * `2 * cap` characters that copies runs of kept characters, and stops once `cap` are out.
 * @internal exported for tests and benches, not used by the product
 */
export function cleanText(text: string, cap: number): string {
  const n = Math.min(text.length, cap * 2);
  let out = '';
  let run = -1;
  let space = false;
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    let blank: boolean;
    let width = 1;
    if (c === 0x5c && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      blank = d === 0x6e || d === 0x72 || d === 0x74; // a literal backslash-n, -r or -t of exported data
      if (blank) width = 2;
    } else blank = c < 0x80 ? c <= 0x20 || c === 0x7f : spaceLike(c);
    if (blank) {
      if (run >= 0) {
        out += text.slice(run, i);
        run = -1;
        if (out.length > cap) break;
      }
      if (out.length > 0) space = true;
    } else if (run < 0) {
      if (space) out += ' ';
      space = false;
      run = i;
    }
    i += width;
  }
  if (run >= 0) out += text.slice(run, n);
  return out.length > cap ? out.slice(0, cap) : out;
}

export interface TicketText {
  subject: string;
  body: string;
}

/** Subject and body as the model reads them; the body may be HTML or plain text. */
export function prepareTicket(subject: string | null | undefined, body: string | null | undefined): TicketText {
  const b = body ?? '';
  const plain = /<[a-z!/][^>]*>/i.test(b) ? htmlToText(b) : b;
  return { subject: cleanText(subject ?? '', SUBJECT_CAP_CHARS), body: cleanText(plain, BODY_CAP_CHARS) };
}
