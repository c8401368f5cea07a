/**
 * Fingerprints of training tickets (32-bit hashes of the normalised text, no text): stored with
 * a model so `npm run evaluate` can warn when the evaluation file overlaps the training data.
 */
import { prepareTicket } from './text';

export const FINGERPRINTS_FILE = 'fingerprints.bin';

export function ticketFingerprint(subject: string, body: string): number {
  const t = prepareTicket(subject, body);
  const s = `${t.subject}\u0001${t.body}`.toLowerCase().replace(/\s+/g, ' ');
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i += 1) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function hasFingerprint(sorted: Uint32Array, h: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] === h) return true;
    if (sorted[mid]! < h) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
