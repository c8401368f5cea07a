/**
 * The marker fetch-tickets looks for and update-ticket writes: both must agree on the tag (and
 * tools reading triaged tickets too), so the default and the accepted pattern live here, once.
 */
import { z } from 'zod';

export const DEFAULT_MARKER_TAG = 'ai-triaged';

/** At most 20 characters: the versioned tag `<marker>-<version>` must fit Freshdesk's 32. */
export const MarkerTag = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,20}$/, 'letters, digits, . _ - (at most 20)')
  .default(DEFAULT_MARKER_TAG);

/** The line in the note that says which ticket and model version it belongs to. */
export const NOTE_ID_PREFIX = 'ai-triage-id:';

/** Whether a ticket's tags carry the product's marker, of any model version (`<base>` or `<base>-<version>`). */
export function carriesMarker(tags: readonly string[], base: string = DEFAULT_MARKER_TAG): boolean {
  return tags.some((t) => t === base || t.startsWith(`${base}-`));
}
