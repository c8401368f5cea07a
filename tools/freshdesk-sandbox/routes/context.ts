import type { FieldError } from '../http-util';
import { unexpectedField } from '../http-util';
import type { SandboxStore } from '../store';

export interface RouteRequest {
  store: SandboxStore;
  method: string;
  /** Path below `/api/v2`, without a trailing slash (`/tickets/5`). */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body for PUT/POST; `undefined` for GET. */
  body: unknown;
  /** `http://<host>/api/v2`, the origin the caller used (for `Link` headers). */
  publicBase: string;
  /** The agent owning the API key ("me" for `new_and_my_open`, note authors). */
  agentId: number;
}

/**
 * Some clients send a key twice (`updated_since` in the URL and in params); the sandbox uses the
 * last value (§4.1).
 */
export function lastParam(q: URLSearchParams, key: string): string | undefined {
  const all = q.getAll(key);
  return all.length > 0 ? all[all.length - 1] : undefined;
}

/** Query keys outside `allowed` → `invalid_field` errors (§4.1). */
export function unknownParams(q: URLSearchParams, allowed: readonly string[]): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const key of q.keys()) {
    if (allowed.includes(key) || seen.has(key)) continue;
    seen.add(key);
    errors.push(unexpectedField(key));
  }
  return errors;
}

/** Splits `include=a,b` (repeated keys allowed) into trimmed non-empty values. */
export function includeValues(q: URLSearchParams): string[] {
  return q
    .getAll('include')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

/** Positive integer from a query string, or `undefined` when it is not one. */
export function positiveInt(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return undefined;
  const n = Number(raw.trim());
  return n >= 1 && Number.isSafeInteger(n) ? n : undefined;
}

/** The original query with `page` advanced, as an absolute URL (§4.3). */
export function nextPageUrl(req: RouteRequest, path: string, page: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of req.query) if (k !== 'page') params.set(k, v);
  params.set('page', String(page));
  return `${req.publicBase}${path}?${params.toString()}`;
}
