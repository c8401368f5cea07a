/**
 * Per-account switches from the spec's sandbox checklist (docs/freshdesk.md#what-the-sandbox-imitates). All off by default so the
 * sandbox behaves like a plain account; tests turn them on to reproduce known traps.
 */
import { z } from 'zod';
import { CUSTOM_FIELDS } from './account';
import type { FieldError } from './http-util';
import type { StoredTicket } from './model';

export const AccountFlags = z.strictObject({
  /**
   * Only admins may create tags: an update that introduces a tag no ticket carries yet fails as a
   * whole with `cannot_create_new_tag` (docs/freshdesk.md#error-answers). @default false
   */
  tagCreationAdminOnly: z.boolean().default(false),
  /** Tags that exist in the account even if no ticket carries them (with `tagCreationAdminOnly`). */
  knownTags: z.array(z.string()).default([]),
  /**
   * Fields an admin made mandatory for agents (`priority`, `type`, `group_id`, or a custom field
   * name such as `cf_category`): the API enforces them on every update (`missing_field`, docs/freshdesk.md#updating-a-ticket).
   * @default []
   */
  requiredFields: z.array(z.string()).default([]),
  /** New tickets become searchable only this many ms after creation (index lag, docs/freshdesk.md#search). @default 0 */
  searchIndexLagMs: z.number().int().min(0).default(0),
});
export type AccountFlags = z.infer<typeof AccountFlags>;
export type AccountFlagsInput = z.input<typeof AccountFlags>;

/** `cannot_create_new_tag` for tags the account does not know yet. */
export function newTagErrors(flags: AccountFlags, tickets: StoredTicket[], tags: string[]): FieldError[] {
  if (!flags.tagCreationAdminOnly) return [];
  const known = new Set([...flags.knownTags, ...tickets.flatMap((t) => t.tags)].map((t) => t.toLowerCase()));
  const fresh = tags.filter((t) => !known.has(t.toLowerCase()));
  return fresh.length === 0
    ? []
    : [{ field: 'tags', message: `New tags cannot be created: ${fresh.join(', ')}`, code: 'cannot_create_new_tag' }];
}

/** `missing_field` for mandatory fields left empty after applying `patch` to `ticket`. */
export function missingRequired(
  flags: AccountFlags,
  ticket: Partial<StoredTicket>,
  patch: Record<string, unknown>,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const name of flags.requiredFields) {
    const custom = CUSTOM_FIELDS.find((f) => f.name === name);
    if (custom) {
      const patched = (patch.custom_fields as Record<string, unknown> | undefined) ?? {};
      const value = name in patched ? patched[name] : ticket.custom_fields?.[name];
      if (value === null || value === undefined || value === '') {
        const message = custom.choices
          ? `It should be one of these values: '${custom.choices.join(',')}'`
          : 'It should be a/an String';
        errors.push({ field: `custom_fields.${name}`, message, code: 'missing_field' });
      }
      continue;
    }
    const value = name in patch ? patch[name] : (ticket as Record<string, unknown>)[name];
    if (value === null || value === undefined || value === '') {
      errors.push({
        field: name,
        message: name === 'type' ? 'It should be a/an String' : 'It should be a/an Positive Integer',
        code: 'missing_field',
      });
    }
  }
  return errors;
}
