/**
 * A small builder for the `/search/tickets` query language (freshdesk-api.md §8.1): strings in
 * single quotes, numbers and booleans bare, dates as 'YYYY-MM-DD', `:>` meaning >= and `:<`
 * meaning <=, AND / OR / parentheses, the whole expression in double quotes, at most 512 chars.
 */
import { InvalidRequestError } from './errors';

/** @public the Freshdesk client's documented API (docs: the Freshdesk client) */
export type SearchValue = string | number | boolean | null | Date;
type SearchOp = ':' | ':>' | ':<';

/** A built expression; `toString()` gives the unquoted text. */
export class SearchExpr {
  constructor(
    readonly text: string,
    readonly compound = false,
  ) {}
  toString(): string {
    return this.text;
  }
}

const FIELD = /^[a-z_][a-z0-9_]*$/i;
const FACTS = { method: 'GET', path: '/search/tickets' };
const MAX_QUERY_LENGTH = 512;

function literal(field: string, value: SearchValue): string {
  if (value === null) return 'null';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new InvalidRequestError(FACTS, `${field}: invalid date`);
    return `'${value.toISOString().slice(0, 10)}'`;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidRequestError(FACTS, `${field}: ${value} is not a finite number`);
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  // The language has no escape for a quote inside a string: refuse rather than build a broken query.
  if (/['"]/.test(value))
    throw new InvalidRequestError(
      FACTS,
      `${field}: quotes are not allowed in search values (${JSON.stringify(value)})`,
    );
  return `'${value}'`;
}

function cond(field: string, op: SearchOp, value: SearchValue): SearchExpr {
  if (!FIELD.test(field)) throw new InvalidRequestError(FACTS, `invalid search field name ${JSON.stringify(field)}`);
  if (op !== ':' && (typeof value === 'string' || typeof value === 'boolean' || value === null)) {
    throw new InvalidRequestError(FACTS, `${field}: ${op} needs a number or a date`);
  }
  return new SearchExpr(`${field}${op}${literal(field, value)}`);
}

/** @public the Freshdesk client's documented API (docs: the Freshdesk client) */
export const eq = (field: string, value: SearchValue): SearchExpr => cond(field, ':', value);
/**
 * Freshdesk's `:>` is "greater than or equal" (§8.1).
 * @public the Freshdesk client's documented API (docs: the Freshdesk client)
 */
export const gte = (field: string, value: number | Date): SearchExpr => cond(field, ':>', value);
/**
 * Freshdesk's `:<` is "less than or equal" (§8.1).
 * @public the Freshdesk client's documented API (docs: the Freshdesk client)
 */
export const lte = (field: string, value: number | Date): SearchExpr => cond(field, ':<', value);

function join(op: 'AND' | 'OR', parts: SearchExpr[]): SearchExpr {
  if (parts.length === 0) throw new InvalidRequestError(FACTS, `${op} needs at least one condition`);
  if (parts.length === 1) return parts[0] as SearchExpr;
  return new SearchExpr(parts.map((p) => (p.compound ? `(${p.text})` : p.text)).join(` ${op} `), true);
}
/** @public the Freshdesk client's documented API (docs: the Freshdesk client) */
export const and = (...parts: SearchExpr[]): SearchExpr => join('AND', parts);
/** @public the Freshdesk client's documented API (docs: the Freshdesk client) */
export const or = (...parts: SearchExpr[]): SearchExpr => join('OR', parts);

/** The `query` parameter value (quoted, not yet URL-encoded). */
export function quoteQuery(expr: SearchExpr | string): string {
  const text = String(expr).trim();
  if (text === '') throw new InvalidRequestError(FACTS, 'the search query is empty');
  const quoted = `"${text}"`;
  if (quoted.length > MAX_QUERY_LENGTH)
    throw new InvalidRequestError(
      FACTS,
      `the search query is ${quoted.length} characters; Freshdesk allows ${MAX_QUERY_LENGTH}`,
    );
  return quoted;
}
