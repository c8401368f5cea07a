/**
 * The triage marker: a tag written in the same PUT as the fields, so a ticket is never half
 * triaged, plus a versioned tag so a new model version triages again. The note carries a line
 * with the same id, so a repeated call can tell that the note exists.
 */
import { NOTE_ID_PREFIX } from '../contract/marker';

/** Freshdesk caps a tag at 32 characters. */
const MAX_TAG = 32;

export function versionTag(base: string, version: string): string {
  return `${base}-${version}`.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, MAX_TAG);
}

export function markerTags(base: string, version: string): string[] {
  return [base, versionTag(base, version)];
}

export function hasMarker(tags: string[], base: string, version: string): boolean {
  return tags.includes(versionTag(base, version));
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

export function hasNote(notes: string[] | undefined, ticketId: number, version: string): boolean {
  return (notes ?? []).some((n) => carriesNoteId(n, ticketId, version));
}
