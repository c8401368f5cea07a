/**
 * Text preparation: what the model reads of a ticket. HTML becomes text, the literal `\n`
 * sequences of exported data become spaces, whitespace is folded, and the body is capped at
 * `BODY_CAP_CHARS` (the first part of a ticket carries the request; quoted history and signatures
 * follow, and a 1 MB paste must not cost more than a normal ticket).
 */
export const BODY_CAP_CHARS = 4000;
export const SUBJECT_CAP_CHARS = 300;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    });
}

export function cleanText(text: string, cap: number): string {
  // Control characters and unpaired surrogates from binary garbage become spaces.
  const cleaned = text
    .slice(0, cap * 2)
    .replace(/\\n|\\r|\\t/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f\ud800-\udfff\ufffd]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.slice(0, cap);
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
