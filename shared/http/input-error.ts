/**
 * Bad input from the caller: a 4xx with a message that names the problem. On its own, without the
 * rest of the HTTP layer, so pure parsing code (shared/triage/classify-input.ts) can refuse input
 * without importing request handling, signatures or the ticket system.
 */
import type { z } from 'zod';
import { summarizeIssues } from './bounded';

export class InputError extends Error {
  constructor(
    message: string,
    readonly status = 400,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'InputError';
  }

  /** The first few issues, one line each (bounded.ts): never the whole zod error. */
  static fromZod(what: string, err: z.ZodError): InputError {
    const s = summarizeIssues(err);
    return new InputError(`${what}: ${s.text}`, 400, { issues: s.issues, totalIssues: s.totalIssues });
  }
}
