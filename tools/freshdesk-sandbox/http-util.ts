/**
 * The reply value route handlers return, the Freshdesk error envelopes (docs/freshdesk.md#error-answers) and body reading
 * with the checks Freshdesk applies before it looks at a body (415, invalid_json, size).
 */
import { jsonShapeProblem } from '../../template/node-ts/json-limits';
import type { IncomingMessage } from 'node:http';

export interface Reply {
  status: number;
  /** JSON body; `undefined` sends an empty body (404, 429, 204 in Freshdesk, docs/freshdesk.md#error-answers). */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FieldError {
  field: string;
  message: string;
  code: 'missing_field' | 'invalid_value' | 'datatype_mismatch' | 'invalid_field' | 'cannot_create_new_tag';
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply =>
  headers ? { status, body, headers } : { status, body };

export const empty = (status: number): Reply => ({ status });

/**
 * At most this many field errors per answer. Freshdesk sends every error at once (docs/freshdesk.md#error-answers); a body
 * with 70,000 unknown keys would earn a 6 MB answer, so the sandbox stops here (a sandbox choice).
 */
const MAX_FIELD_ERRORS = 50;

/** `{description, errors[]}`: every field error at once (docs/freshdesk.md#error-answers, docs/freshdesk.md#updating-a-ticket), up to MAX_FIELD_ERRORS. */
export const validationFailed = (errors: FieldError[]): Reply =>
  json(400, {
    description: 'Validation failed',
    errors: errors.slice(0, MAX_FIELD_ERRORS).map((e) => ({ ...e, field: e.field.slice(0, 200) })),
  });

/** The flat `{code, message}` envelope for non-field errors (auth, account state, JSON). */
export const codeError = (status: number, code: string, message: string): Reply => json(status, { code, message });

const INVALID_FIELD_MESSAGE = 'Unexpected/invalid field in request';

export const unexpectedField = (field: string): FieldError => ({
  field,
  message: INVALID_FIELD_MESSAGE,
  code: 'invalid_field',
});

/** Thrown while reading a request; carries the finished reply. */
export class ReplyError extends Error {
  constructor(readonly reply: Reply) {
    super(`request rejected with ${reply.status}`);
  }
}

/** 20 MB: Freshdesk's attachment limit, the only documented size; a safety net for JSON (docs/freshdesk.md#other-behaviours). */
export const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024;
/** Admin bodies (seeds, faults, agent actions) are typed by people and tests: 2 MiB is plenty. */
export const ADMIN_MAX_BODY_BYTES = 2 * 1024 * 1024;
/** Nesting and key/item bounds for every JSON body the sandbox parses (API and admin). */
export const SANDBOX_JSON_LIMITS = { maxDepth: 32, maxItems: 100_000 };

export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new ReplyError(tooLarge(maxBytes));
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new ReplyError(tooLarge(maxBytes));
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function tooLarge(maxBytes: number): Reply {
  return codeError(413, 'request_entity_too_large', `Request body exceeds ${maxBytes} bytes`);
}

/**
 * Parses a JSON request body after the content-type check: anything but `application/json` on a
 * body-carrying method is 415 (docs/freshdesk.md#methods-and-request-headers); unparseable text is `invalid_json`. An empty body is `{}`.
 */
export function parseJsonBody(contentType: string | undefined, raw: Buffer): unknown {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new ReplyError(codeError(415, 'invalid_content_type', "Content-Type header should have 'application/json'"));
  }
  if (raw.length === 0) return {};
  const text = raw.toString('utf8');
  // Checked before JSON.parse builds the tree: 400k keys once overflowed the stack (a 500).
  const shape = jsonShapeProblem(text, SANDBOX_JSON_LIMITS);
  if (shape) throw new ReplyError(codeError(400, 'invalid_json', `Request body has invalid json format (${shape})`));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ReplyError(codeError(400, 'invalid_json', 'Request body has invalid json format'));
  }
}

/** `Accept` must allow JSON (or anything), else 406 (docs/freshdesk.md#methods-and-request-headers). */
export function acceptsJson(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept.split(',').some((part) => {
    const t = part.split(';')[0]?.trim().toLowerCase() ?? '';
    return t === '*/*' || t === 'application/*' || t === 'application/json' || t === '';
  });
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
