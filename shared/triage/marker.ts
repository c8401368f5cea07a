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

export function hasNote(notes: string[] | undefined, ticketId: number, version: string): boolean {
  const id = noteId(ticketId, version);
  return (notes ?? []).some((n) => n.includes(id));
}
