/**
 * Error answers stay small whatever the input: the first few zod issues, each cut to a line, in
 * ONE format (a message plus `details.issues`), and any error text cut to a few hundred bytes.
 * A 1 MB body with 70,000 unknown keys must not earn a 1.6 MB answer (nor the work to build it).
 */
import type { z } from 'zod';

/** Issues listed in an answer; the rest are counted. */
const MAX_ISSUES = 5;
const MAX_ISSUE_CHARS = 200;
/** The longest `error` text any function answers. */
export const MAX_ERROR_CHARS = 2_000;

export function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export interface IssueSummary {
  path: string;
  message: string;
}

function pathOf(path: readonly PropertyKey[]): string {
  const p = path
    .slice(0, 8)
    .map((k) => (typeof k === 'number' ? `[${k}]` : cut(String(k), 40)))
    .join('.')
    .replace(/\.\[/g, '[');
  return p === '' ? '(body)' : path.length > 8 ? `${p}…` : p;
}

export function summarizeIssues(err: z.ZodError): { issues: IssueSummary[]; totalIssues: number; text: string } {
  const issues = err.issues
    .slice(0, MAX_ISSUES)
    .map((i) => ({ path: pathOf(i.path), message: cut(i.message, MAX_ISSUE_CHARS) }));
  const more = err.issues.length - issues.length;
  const text = `${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}${more > 0 ? `; and ${more} more issue(s)` : ''}`;
  return { issues, totalIssues: err.issues.length, text };
}
