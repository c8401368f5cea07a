/**
 * classify-ticket: predicts queue, priority, type and tags for one ticket or a batch. The model is
 * loaded once per process (lazily) and reused. Answers the prediction as JSON; bad input is a 4xx.
 */
import { loadClassifier } from '@shared/classifier';
import { once } from '@shared/config';
import {
  jsonLogger,
  signatureHeaders,
  toHttpResult,
  type FunctionContextLike,
  type FunctionEventLike,
} from '@shared/http';
import { parseClassifyInput } from '@shared/triage/classify-input';
import type { ClassifyResult } from '@shared/contract';
import { loadConfig } from './config';
import { admitHandOver } from './unseal';

const config = once(() => loadConfig(process.env));
const log = jsonLogger('classify-ticket');

export default async function handler(event: FunctionEventLike, context: FunctionContextLike): Promise<unknown> {
  return toHttpResult(
    context,
    async () => {
      const cfg = config();
      // Signature on the raw bytes, then the sealed hand-over opened (unseal.ts).
      const { items, batch } = parseClassifyInput(admitHandOver(event, cfg.signing, log));
      const classifier = await loadClassifier(cfg.modelDir);
      const predictions = await classifier.classifyBatch(items.map((i) => ({ subject: i.subject, body: i.body })));
      const results: ClassifyResult[] = items.map((item, i) => {
        const p = predictions[i]!;
        return {
          ...(item.ticketId !== undefined ? { ticketId: item.ticketId } : {}),
          model: classifier.model,
          predictions: p.heads,
          tags: p.tags,
          explanation: p.explanation,
          ...(item.ticket ? { ticket: item.ticket } : {}),
          ...(item.dryRun !== undefined ? { dryRun: item.dryRun } : {}),
        };
      });
      log({
        msg: 'classified',
        tickets: results.length,
        ids: results
          .map((r) => r.ticketId)
          .filter(Boolean)
          .slice(0, 20),
      });
      const body = batch ? results : results[0];
      // Signed so update-ticket can trust it when the queue worker forwards this answer as its callback.
      const headers = signatureHeaders(JSON.stringify(body), cfg.signing);
      return { body, headers };
    },
    log,
  );
}

/**
 * Readiness (GET /_/ready through of-watchdog's ready_path, and the image build's check): the pod
 * is ready only when the model loads, so a missing or broken model never looks healthy.
 */
export async function ready(): Promise<void> {
  await loadClassifier(config().modelDir);
}
