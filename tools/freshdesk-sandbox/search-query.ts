/**
 * The search query language of `GET /search/tickets` (docs/freshdesk.md#search): `field:value`, `field:>value` (≥),
 * `field:<value` (≤), AND, OR, parentheses, strings in single quotes, dates as 'YYYY-MM-DD',
 * `null` for an empty field. Field names are case-sensitive; unlisted fields are rejected (docs/freshdesk.md#where-sources-disagree).
 */
import { CUSTOM_FIELDS } from './account';
import type { StoredTicket } from './model';

export class QueryError extends Error {}

type Value =
  | { kind: 'string'; v: string }
  | { kind: 'number'; v: number }
  | { kind: 'bool'; v: boolean }
  | { kind: 'null' };
type Op = '=' | '>=' | '<=';
type Cond = { kind: 'cond'; field: string; op: Op; value: Value };
export type Expr = { kind: 'and' | 'or'; left: Expr; right: Expr } | Cond;

type FieldKind = 'int' | 'string' | 'date' | 'bool';
const CORE_FIELDS: Record<string, FieldKind> = {
  agent_id: 'int',
  group_id: 'int',
  priority: 'int',
  status: 'int',
  tag: 'string',
  type: 'string',
  due_by: 'date',
  fr_due_by: 'date',
  created_at: 'date',
  updated_at: 'date',
};

function fieldKind(name: string): FieldKind | undefined {
  const core = CORE_FIELDS[name];
  if (core) return core;
  const cf = CUSTOM_FIELDS.find((f) => f.name === name);
  if (!cf) return undefined;
  return cf.type === 'custom_number'
    ? 'int'
    : cf.type === 'custom_checkbox'
      ? 'bool'
      : cf.type === 'custom_date'
        ? 'date'
        : 'string';
}

type Token = { t: 'lparen' | 'rparen' | 'and' | 'or' } | { t: 'cond'; field: string; op: Op; value: Value };

/** Splits the unquoted expression into tokens; conditions are read whole (`priority:>3`). */
function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(') {
      tokens.push({ t: 'lparen' });
      i++;
      continue;
    }
    if (c === ')') {
      tokens.push({ t: 'rparen' });
      i++;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))?.[0];
    if (!word) throw new QueryError(`Unexpected character '${c}' at position ${i}`);
    i += word.length;
    if (word === 'AND' || word === 'OR') {
      tokens.push({ t: word === 'AND' ? 'and' : 'or' });
      continue;
    }
    if (src[i] !== ':') throw new QueryError(`Expected ':' after '${word}'`);
    i++;
    let op: Op = '=';
    if (src[i] === '>' || src[i] === '<') {
      op = src[i] === '>' ? '>=' : '<=';
      i++;
    }
    let value: Value;
    if (src[i] === "'") {
      const end = src.indexOf("'", i + 1);
      if (end < 0) throw new QueryError('Unterminated string');
      value = { kind: 'string', v: src.slice(i + 1, end) };
      i = end + 1;
    } else {
      const raw = /^[^\s()]+/.exec(src.slice(i))?.[0];
      if (!raw) throw new QueryError(`Missing value for '${word}'`);
      i += raw.length;
      if (raw === 'null') value = { kind: 'null' };
      else if (raw === 'true' || raw === 'false') value = { kind: 'bool', v: raw === 'true' };
      else if (/^-?\d+$/.test(raw)) value = { kind: 'number', v: Number(raw) };
      else throw new QueryError(`Invalid value '${raw}' for '${word}': strings must be in single quotes`);
    }
    tokens.push({ t: 'cond', field: word, op, value });
  }
  return tokens;
}

/** Parses and type-checks an expression (without the surrounding double quotes). */
export function parseQuery(src: string): Expr {
  const tokens = tokenize(src);
  let pos = 0;
  const parseOr = (): Expr => {
    let left = parseAnd();
    while (tokens[pos]?.t === 'or') {
      pos++;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): Expr => {
    let left = parseAtom();
    while (tokens[pos]?.t === 'and') {
      pos++;
      left = { kind: 'and', left, right: parseAtom() };
    }
    return left;
  };
  const parseAtom = (): Expr => {
    const tok = tokens[pos++];
    if (!tok) throw new QueryError('Unexpected end of query');
    if (tok.t === 'lparen') {
      const inner = parseOr();
      if (tokens[pos++]?.t !== 'rparen') throw new QueryError("Missing ')'");
      return inner;
    }
    if (tok.t !== 'cond') throw new QueryError(`Unexpected '${tok.t.toUpperCase()}'`);
    checkCondition(tok.field, tok.op, tok.value);
    return { kind: 'cond', field: tok.field, op: tok.op, value: tok.value };
  };
  const expr = parseOr();
  if (pos < tokens.length) throw new QueryError('Unexpected token after the end of the expression');
  return expr;
}

function checkCondition(field: string, op: Op, value: Value): void {
  const kind = fieldKind(field);
  if (!kind) throw new QueryError(`'${field}' is not a searchable field`);
  if (value.kind === 'null') {
    if (op !== '=') throw new QueryError(`'${field}' cannot be compared with null`);
    return;
  }
  if (op !== '=' && kind !== 'int' && kind !== 'date') throw new QueryError(`'${field}' does not support :> or :<`);
  const ok =
    (kind === 'int' && value.kind === 'number') ||
    (kind === 'bool' && value.kind === 'bool') ||
    (kind === 'string' && value.kind === 'string') ||
    (kind === 'date' &&
      value.kind === 'string' &&
      /^\d{4}-\d{2}-\d{2}$/.test(value.v) &&
      !Number.isNaN(Date.parse(value.v)));
  if (!ok) throw new QueryError(`Invalid value for '${field}'${kind === 'date' ? ": dates must be 'YYYY-MM-DD'" : ''}`);
}

function fieldValue(t: StoredTicket, field: string): unknown {
  switch (field) {
    case 'agent_id':
      return t.responder_id;
    case 'tag':
      return t.tags;
    case 'group_id':
    case 'priority':
    case 'status':
    case 'type':
    case 'due_by':
    case 'fr_due_by':
    case 'created_at':
    case 'updated_at':
      return t[field];
    default:
      return t.custom_fields[field] ?? null;
  }
}

const DAY_MS = 86_400_000;

export function matches(t: StoredTicket, e: Expr): boolean {
  if (e.kind === 'cond') return matchCond(t, e);
  return e.kind === 'and' ? matches(t, e.left) && matches(t, e.right) : matches(t, e.left) || matches(t, e.right);
}

function matchCond(t: StoredTicket, e: Cond): boolean {
  const actual = fieldValue(t, e.field);
  if (e.field === 'tag') {
    const tags = actual as string[];
    const want = e.value.kind === 'string' ? e.value.v.toLowerCase() : null;
    return want === null ? tags.length === 0 : tags.some((x) => x.toLowerCase() === want);
  }
  if (e.value.kind === 'null') return actual === null || actual === undefined || actual === '';
  if (actual === null || actual === undefined) return false;
  if (fieldKind(e.field) === 'date' && e.value.kind === 'string') {
    // Dates are whole UTC days: `:>` from the start of the day, `:<` to its end (docs/freshdesk.md#search).
    const day = Date.parse(`${e.value.v}T00:00:00Z`);
    const at = Date.parse(String(actual));
    if (e.op === '>=') return at >= day;
    if (e.op === '<=') return at < day + DAY_MS;
    return at >= day && at < day + DAY_MS;
  }
  const want = e.value.v;
  if (e.op === '>=') return Number(actual) >= Number(want);
  if (e.op === '<=') return Number(actual) <= Number(want);
  return typeof actual === 'string' && typeof want === 'string'
    ? actual.toLowerCase() === want.toLowerCase()
    : actual === want;
}
