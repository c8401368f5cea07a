/** Small text and time helpers shared by the sandbox modules. */
import { decodeEntities } from '../../shared/classifier/text';

/**
 * HTML → the plain text Freshdesk derives for `description_text` / `body_text` (docs/freshdesk.md#other-behaviours): block tags
 * become line breaks, other tags vanish, entities are decoded by the one safe decoder (a bad
 * numeric entity becomes a space instead of throwing RangeError). Named apart from the
 * classifier's `htmlToText`, which makes the model's text and behaves differently on purpose.
 */
export function freshdeskText(html: string): string {
  return decodeEntities(
    html
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|li|h[1-6]|tr)>/gi, '\n')
      .replace(/<[^>]*>/g, ''),
  )
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Freshdesk timestamps: ISO-8601 UTC, second precision, `Z` (docs/freshdesk.md#data-formats). */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Deterministic PRNG (mulberry32): the same seed gives the same faults and generated tickets. */
export { prng } from '../../shared/random';

/** The JSON type name Freshdesk puts into `datatype_mismatch` messages. */
export function jsonTypeName(v: unknown): string {
  if (v === null) return 'Null';
  if (Array.isArray(v)) return 'Array';
  if (typeof v === 'string') return 'String';
  if (typeof v === 'boolean') return 'Boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'Integer' : 'Number';
  return 'Hash';
}
