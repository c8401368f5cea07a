/**
 * Connects to the account in the environment (read-only use) and runs the shadow evaluation, with
 * update-ticket's QUEUE_GROUP_MAP and CUSTOM_FIELD_HEADS from the same environment.
 */
import { DEFAULT_SECRETS_DIR } from '@shared/contract';
import type { Classifier } from '@shared/classifier';
import { ConfigError, ticketSystemSettings } from '@shared/config';
import { createTicketSystem } from '@shared/ticket-system';
import { loadHeadConfig } from '../../functions/update-ticket/config';
import { shadowEvaluate, type ShadowReport } from './shadow-eval';

export async function runShadow(
  classifier: Classifier,
  since: Date,
  targetPrecision: number,
  fail: (m: string) => never,
): Promise<ShadowReport> {
  let settings;
  let mapping;
  try {
    settings = ticketSystemSettings({ ...process.env, SECRETS_DIR: process.env.SECRETS_DIR ?? DEFAULT_SECRETS_DIR });
    const { queueToGroup, customFieldHeads } = loadHeadConfig(process.env);
    mapping = { queueToGroup, customFieldHeads };
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const ts = createTicketSystem(settings);
  try {
    return await shadowEvaluate(ts, classifier, {
      since,
      targetPrecision,
      mapping,
      onProgress: (n) =>
        void (process.stderr.isTTY ? process.stderr.write(`\rread ${n} tickets`) : console.error(`read ${n} tickets`)),
    });
  } finally {
    await ts.close();
  }
}
