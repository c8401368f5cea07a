/**
 * Validation of `PUT /tickets/{id}` and `POST /tickets/{id}/notes` bodies against the account's
 * ticket fields and groups (docs/freshdesk.md#updating-a-ticket, docs/freshdesk.md#notes-and-conversations). Every error is collected so one 400 lists them all, and
 * nothing is applied unless the whole body is valid (no partial update).
 */
import { z } from 'zod';
import { CUSTOM_FIELDS, SOURCE_CHOICES, STATUS_IDS, TICKET_TYPES, type CustomFieldDef } from './account';
import { unexpectedField, type FieldError } from './http-util';
import type { SandboxStore } from './store';
import { jsonTypeName } from './text';

/** Subjects longer than this are refused (docs/security.md: Freshdesk's reference gives no limit; 255 as published ticket schemas say). */
const MAX_SUBJECT_LENGTH = 255;
/** Tags longer than this are rejected (docs/freshdesk.md#where-sources-disagree: unconfirmed 32). */
const MAX_TAG_LENGTH = 32;

const PositiveInt = z.number().int().positive();
const Int = z.number().int();
const Str = z.string();
const Bool = z.boolean();
const StrArray = z.array(z.string());
const IsoDateTime = z.iso.datetime({ offset: true });
const IsoDate = z.iso.date();

/** Keys Freshdesk accepts on a ticket update but the sandbox does not model (requester attributes). */
const ACCEPTED_IGNORED: Record<string, z.ZodType> = {
  name: Str,
  email: Str,
  phone: Str,
  facebook_id: Str,
  twitter_id: Str,
  unique_external_id: Str,
  parent_id: PositiveInt,
  internal_agent_id: PositiveInt,
  internal_group_id: PositiveInt,
  lookup_parameter: Str,
};

const oneOf = (values: Array<string | number>) => `It should be one of these values: '${values.join(',')}'`;

const mismatch = (field: string, value: unknown, expected: string): FieldError => ({
  field,
  message: `Value set is of type ${jsonTypeName(value)}.It should be a/an ${expected}`,
  code: 'datatype_mismatch',
});

export interface Checked {
  errors: FieldError[];
  patch: Record<string, unknown>;
}

/** Runs a zod type check; a failure is Freshdesk's `datatype_mismatch` naming the expected type. */
function typed(
  errors: FieldError[],
  field: string,
  value: unknown,
  schema: z.ZodType,
  expected: string,
  nullable = false,
): boolean {
  if (value === null && nullable) return true;
  if (schema.safeParse(value).success) return true;
  errors.push(mismatch(field, value, expected));
  return false;
}

export function validateTicketUpdate(body: Record<string, unknown>, store: SandboxStore): Checked {
  const errors: FieldError[] = [];
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    switch (key) {
      case 'priority':
        if (typed(errors, key, value, Int, 'Integer')) {
          if ([1, 2, 3, 4].includes(value as number)) patch[key] = value;
          else errors.push({ field: key, message: oneOf([1, 2, 3, 4]), code: 'invalid_value' });
        }
        break;
      case 'status':
        if (typed(errors, key, value, Int, 'Integer')) {
          if (STATUS_IDS.includes(value as number)) patch[key] = value;
          else errors.push({ field: key, message: oneOf(STATUS_IDS), code: 'invalid_value' });
        }
        break;
      case 'source': {
        const ids = Object.values(SOURCE_CHOICES);
        if (typed(errors, key, value, Int, 'Integer')) {
          if (ids.includes(value as number)) patch[key] = value;
          else errors.push({ field: key, message: oneOf(ids), code: 'invalid_value' });
        }
        break;
      }
      case 'type':
        if (typed(errors, key, value, Str, 'String', true)) {
          // Case-sensitive match against the `ticket_type` choices (docs/freshdesk.md#updating-a-ticket).
          if (value === null || TICKET_TYPES.includes(value as string)) patch[key] = value;
          else errors.push({ field: key, message: oneOf(TICKET_TYPES), code: 'invalid_value' });
        }
        break;
      case 'group_id':
        if (typed(errors, key, value, PositiveInt, 'Positive Integer', true)) {
          if (value === null || store.groupById(value as number)) patch[key] = value;
          else
            errors.push({
              field: key,
              message: 'There is no group matching the given group_id',
              code: 'invalid_value',
            });
        }
        break;
      case 'responder_id':
        if (typed(errors, key, value, PositiveInt, 'Positive Integer', true)) {
          if (value === null || store.state.agents.some((a) => a.id === value)) patch[key] = value;
          else
            errors.push({
              field: key,
              message: 'There is no agent matching the given responder_id',
              code: 'invalid_value',
            });
        }
        break;
      case 'tags':
        if (typed(errors, key, value, StrArray, 'Array')) {
          const tags = value as string[];
          const long = tags.filter((t) => t.length > MAX_TAG_LENGTH);
          if (long.length > 0) {
            errors.push({
              field: key,
              message: `It should only contain elements that have maximum of ${MAX_TAG_LENGTH} characters`,
              code: 'invalid_value',
            });
          } else patch[key] = [...new Set(tags.map((t) => t.trim()).filter((t) => t.length > 0))];
        }
        break;
      case 'subject':
      case 'description':
        if (typed(errors, key, value, Str, 'String')) {
          if ((value as string).trim() === '' && key === 'subject')
            errors.push({
              field: key,
              message: 'It should not be blank as this is a mandatory field',
              code: 'invalid_value',
            });
          // At most 255 characters, the maxLength of public Freshdesk ticket schemas (docs/security.md).
          else if (key === 'subject' && (value as string).length > MAX_SUBJECT_LENGTH)
            errors.push({
              field: key,
              message: `Has ${(value as string).length} characters, it can have maximum of ${MAX_SUBJECT_LENGTH} characters`,
              code: 'invalid_value',
            });
          else patch[key] = value;
        }
        break;
      case 'requester_id':
      case 'company_id':
      case 'product_id':
      case 'email_config_id':
        if (typed(errors, key, value, PositiveInt, 'Positive Integer', key !== 'requester_id')) patch[key] = value;
        break;
      case 'due_by':
      case 'fr_due_by':
        if (typed(errors, key, value, Str, 'String')) {
          if (IsoDateTime.safeParse(value).success)
            patch[key] = new Date(value as string).toISOString().replace(/\.\d{3}Z$/, 'Z');
          else
            errors.push({
              field: key,
              message: "It should be in the 'YYYY-MM-DDTHH:MM:SSZ' format",
              code: 'invalid_value',
            });
        }
        break;
      case 'custom_fields':
        validateCustomFields(errors, patch, value);
        break;
      default: {
        // Own keys only: `constructor`, `toString` or `__proto__` must not find Object.prototype's.
        const schema = Object.hasOwn(ACCEPTED_IGNORED, key) ? ACCEPTED_IGNORED[key] : undefined;
        if (schema) typed(errors, key, value, schema, schema === Str ? 'String' : 'Positive Integer');
        else errors.push(unexpectedField(key));
      }
    }
  }
  return { errors, patch };
}

function validateCustomFields(errors: FieldError[], patch: Record<string, unknown>, value: unknown): void {
  if (!typed(errors, 'custom_fields', value, z.record(z.string(), z.unknown()), 'key/value pair')) return;
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    const def = CUSTOM_FIELDS.find((f) => f.name === name);
    const path = `custom_fields.${name}`;
    if (!def) {
      errors.push(unexpectedField(path));
      continue;
    }
    if (v === null) {
      out[name] = null; // `null` clears a non-required custom field (docs/freshdesk.md#updating-a-ticket)
      continue;
    }
    const err = checkCustomValue(def, path, v);
    if (err) errors.push(err);
    else out[name] = v;
  }
  patch.custom_fields = out;
}

function checkCustomValue(def: CustomFieldDef, path: string, v: unknown): FieldError | undefined {
  switch (def.type) {
    case 'custom_dropdown':
      if (typeof v !== 'string') return mismatch(path, v, 'String');
      return def.choices?.includes(v)
        ? undefined
        : { field: path, message: oneOf(def.choices ?? []), code: 'invalid_value' };
    case 'custom_text':
      if (typeof v !== 'string') return mismatch(path, v, 'String');
      return v.length <= 255
        ? undefined
        : { field: path, message: 'Has 256 characters, it can have maximum of 255 characters', code: 'invalid_value' };
    case 'custom_checkbox':
      return Bool.safeParse(v).success ? undefined : mismatch(path, v, 'Boolean');
    case 'custom_number':
      return Int.safeParse(v).success ? undefined : mismatch(path, v, 'Integer');
    case 'custom_date':
      if (typeof v !== 'string') return mismatch(path, v, 'String');
      return IsoDate.safeParse(v).success
        ? undefined
        : { field: path, message: "It should be in the 'yyyy-mm-dd' format", code: 'invalid_value' };
  }
}

export interface NoteBody {
  body: string;
  private?: boolean;
  incoming?: boolean;
  user_id?: number;
  notify_emails?: string[];
}

/** `POST /tickets/{id}/notes` (docs/freshdesk.md#notes-and-conversations): `body` required, `private` defaults to true. */
export function validateNote(
  body: Record<string, unknown>,
  store: SandboxStore,
): { errors: FieldError[]; note: NoteBody } {
  const errors: FieldError[] = [];
  const note: NoteBody = { body: '' };
  if (!('body' in body)) errors.push({ field: 'body', message: 'It should be a/an String', code: 'missing_field' });
  for (const [key, value] of Object.entries(body)) {
    if (key === 'body') {
      if (typed(errors, key, value, Str, 'String')) note.body = value as string;
    } else if (key === 'private' || key === 'incoming') {
      if (typed(errors, key, value, Bool, 'Boolean')) note[key] = value as boolean;
    } else if (key === 'notify_emails') {
      if (typed(errors, key, value, z.array(z.email()), 'Array')) note.notify_emails = value as string[];
    } else if (key === 'user_id') {
      if (typed(errors, key, value, PositiveInt, 'Positive Integer')) {
        if (store.state.agents.some((a) => a.id === value)) note.user_id = value as number;
        else
          errors.push({ field: key, message: 'There is no agent matching the given user_id', code: 'invalid_value' });
      }
    } else errors.push(unexpectedField(key));
  }
  return { errors, note };
}
