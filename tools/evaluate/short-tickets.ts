/**
 * Short hand-written tickets (a JSON fixture: `{ tickets: [{ text, queues }] }`, `queues` = every
 * queue a person would accept, empty when none fits): how many would get a queue applied at the
 * model's queue threshold, and how many of those would be wrong. Sent as plain text is sent to
 * classify-ticket: one line is the body.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Classifier } from '@shared/classifier';

const ShortTickets = z.strictObject({
  about: z.string().optional(),
  tickets: z.array(z.strictObject({ text: z.string().min(1), queues: z.array(z.string()) })).min(1),
});

export interface ShortTicketResult {
  rows: number;
  threshold: number | null;
  applied: number;
  appliedWrong: number;
  /** Top label acceptable, whatever the confidence. */
  right: number;
  wrongConfident: number;
  items: { text: string; label: string; confidence: number; acceptable: boolean; applied: boolean }[];
}

export async function shortTickets(classifier: Classifier, file: string, head = 'queue'): Promise<ShortTicketResult> {
  const { tickets } = ShortTickets.parse(JSON.parse(readFileSync(file, 'utf8')));
  const threshold = classifier.manifest.thresholds?.[head]?.threshold ?? null;
  const preds = await classifier.classifyBatch(tickets.map((t) => ({ subject: '', body: t.text })));
  const items = tickets.map((t, i) => {
    const p = preds[i]!.heads[head]!;
    return {
      text: t.text,
      label: p.label,
      confidence: p.confidence,
      acceptable: t.queues.includes(p.label),
      applied: threshold !== null && p.confidence >= threshold,
    };
  });
  return {
    rows: items.length,
    threshold,
    applied: items.filter((x) => x.applied).length,
    appliedWrong: items.filter((x) => x.applied && !x.acceptable).length,
    right: items.filter((x) => x.acceptable).length,
    wrongConfident: items.filter((x) => !x.acceptable && x.confidence >= 0.6).length,
    items,
  };
}
