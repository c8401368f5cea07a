/**
 * The answers the runner sees pass through its gateway, read leniently: a field that is missing or
 * of another type is simply absent (an empty 504 or an HTML 502 reads as {}), so a display never
 * throws on what a function or the gateway happened to answer. One shape per answer, types
 * inferred; the functions' own strict schemas are in shared/contract.
 */
import { z } from 'zod';

const num = z.number().optional().catch(undefined);
const str = z.string().optional().catch(undefined);

/** A captured body as JSON, or undefined when it is not JSON. */
export function jsonOrUndefined(b: Buffer): unknown {
  try {
    return JSON.parse(b.toString('utf8'));
  } catch {
    return undefined;
  }
}

const read =
  <T extends z.ZodType>(schema: T) =>
  (b: Buffer): z.infer<T> => {
    const r = schema.safeParse(jsonOrUndefined(b) ?? {});
    return r.success ? r.data : schema.parse({});
  };

/** Any function's error answer. */
export const ErrorAnswer = z.looseObject({ error: z.unknown().optional(), reason: str, upstreamStatus: num });

export const FetchAnswer = ErrorAnswer.extend({
  trigger: str,
  accepted: z.array(z.number()).optional().catch(undefined),
  scanned: num,
  eligible: num,
  dispatched: num,
  errors: z
    .array(z.looseObject({ ticketId: num, error: z.unknown().optional() }))
    .optional()
    .catch(undefined),
});

const HeadOutcome = z.looseObject({
  label: z.unknown().optional(),
  confidence: z.unknown().optional(),
  action: z.unknown().optional(),
  reason: z.unknown().optional(),
});
export const UpdateAnswer = ErrorAnswer.extend({
  ticketId: num,
  outcome: str,
  dryRun: z.boolean().optional().catch(undefined),
  heads: z.record(z.string(), HeadOutcome).optional().catch(undefined),
});

const CurrentFields = z.looseObject({
  groupId: z.number().nullable().optional(),
  priority: z.number(),
  type: z.string().nullable().optional(),
});
const ClassifyRequest = z.looseObject({
  ticketId: num,
  subject: str,
  ticket: CurrentFields.optional().catch(undefined),
});

export type ErrorAnswer = z.infer<typeof ErrorAnswer>;
export type FetchAnswer = z.infer<typeof FetchAnswer>;
export type UpdateAnswer = z.infer<typeof UpdateAnswer>;

export const readError = read(ErrorAnswer);
export const readFetch = read(FetchAnswer);
export const readUpdate = read(UpdateAnswer);
export const readClassifyRequest = read(ClassifyRequest);
