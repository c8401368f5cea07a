/**
 * The messages between the functions, defined once: what fetch-tickets hands to classify-ticket
 * (ids and the text, capped, never whole tickets: async payloads are limited: `HandOver`) and what
 * classify-ticket answers, which update-ticket takes directly or as the async callback body
 * (`ClassifyResult`). Types are inferred from the schemas.
 */
import { z } from 'zod';

export const LabelScore = z.strictObject({ label: z.string(), confidence: z.number().min(0).max(1) });
export const HeadPrediction = LabelScore.extend({ alternatives: z.array(LabelScore) });
export type LabelScore = z.infer<typeof LabelScore>;
export type HeadPrediction = z.infer<typeof HeadPrediction>;

/** The ticket as fetch-tickets saw it: update-ticket compares it with the live ticket. */
export const FetchedTicket = z.strictObject({
  id: z.number().int().positive(),
  updatedAt: z.string(),
  groupId: z.number().int().nullable(),
  priority: z.number().int(),
  type: z.string().nullable(),
  tags: z.array(z.string()),
});
export type FetchedTicket = z.infer<typeof FetchedTicket>;

export const ClassifyResult = z.strictObject({
  ticketId: z.number().int().positive().optional(),
  /**
   * The model that answered; `thresholds`: its calibrated apply threshold per head (null: never),
   * from its manifest, so update-ticket follows the model it is given (shared/triage/thresholds.ts).
   */
  model: z.strictObject({
    name: z.string(),
    version: z.string(),
    thresholds: z.record(z.string(), z.number().min(0).max(1).nullable()).optional(),
  }),
  /** Single-label heads: queue, priority, type and any other trained column. */
  predictions: z.record(z.string(), HeadPrediction),
  tags: z.array(LabelScore).default([]),
  explanation: z.record(z.string(), z.array(z.string())),
  ticket: FetchedTicket.optional(),
  dryRun: z.boolean().optional(),
});
export type ClassifyResult = z.infer<typeof ClassifyResult>;

/** Caps of the hand-over: async payloads are limited, and the body's head is what matters. */
export const SUBJECT_CAP = 500;
export const TEXT_CAP = 8000;

/** fetch-tickets -> classify-ticket: ids, the capped text and the ticket as seen (classify-ticket also takes looser shapes). */
export const HandOver = z.strictObject({
  ticketId: z.number().int().positive(),
  subject: z.string().max(SUBJECT_CAP),
  description_text: z.string().max(TEXT_CAP),
  ticket: FetchedTicket,
  dryRun: z.literal(true).optional(),
});
export type HandOver = z.infer<typeof HandOver>;
