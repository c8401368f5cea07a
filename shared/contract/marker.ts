/**
 * The triage marker, the one home of it: fetch-tickets looks for it, update-ticket writes it, the
 * tools (shadow evaluation, overrides report, benches) read it. A tag written in the same PUT as
 * the fields, so a ticket is never half triaged, plus a versioned tag so a new model version
 * triages again. The note carries a line with the same id (`ai-triage-id: <ticket>/<version>`),
 * so a repeated call can tell that the note exists.
 */
import { z } from 'zod';

export const DEFAULT_MARKER_TAG = 'ai-triaged';

/** At most 20 characters: the versioned tag `<marker>-<version>` must fit Freshdesk's 32. */
export const MarkerTag = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,20}$/, 'letters, digits, . _ - (at most 20)')
  .default(DEFAULT_MARKER_TAG);

/** The line in the note that says which ticket and model version it belongs to. */
const NOTE_ID_PREFIX = 'ai-triage-id:';

/** Freshdesk caps a tag at 32 characters. */
const MAX_TAG = 32;

/** @public the contract between the functions, for tools and tests too */
export function versionTag(base: string, version: string): string {
  return `${base}-${version}`.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, MAX_TAG);
}

export function markerTags(base: string, version: string): string[] {
  return [base, versionTag(base, version)];
}

/** Whether this model version has triaged the ticket. */
export function hasMarker(tags: string[], base: string, version: string): boolean {
  return tags.includes(versionTag(base, version));
}

/** Whether any version of the product has triaged the ticket: its fields may be the model's answers, not an agent's. */
export function carriesMarker(tags: string[], base: string = DEFAULT_MARKER_TAG): boolean {
  return tags.some((t) => t === base || t.startsWith(`${base}-`));
}

export function noteId(ticketId: number, version: string): string {
  return `${NOTE_ID_PREFIX} ${ticketId}/${version}`;
}

/** A character that may continue a version: `2.0` must not find the id line of `2.0.0` or `2.0-rc1`. */
const VERSION_CHAR = /[A-Za-z0-9._+-]/;

/** Whether a note body carries the id line of this ticket and model version (the whole version, not a prefix of another). */
export function carriesNoteId(body: string, ticketId: number, version: string): boolean {
  const id = noteId(ticketId, version);
  for (let at = body.indexOf(id); at >= 0; at = body.indexOf(id, at + 1)) {
    if (!VERSION_CHAR.test(body.charAt(at + id.length))) return true;
  }
  return false;
}

/** Whether a note body is a triage note of any ticket and version (the tools that count notes). */
export function isTriageNote(body: string): boolean {
  return body.includes(NOTE_ID_PREFIX);
}
