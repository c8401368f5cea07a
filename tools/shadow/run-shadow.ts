/** Connects to the account in the environment (read-only use) and runs the shadow evaluation. */
import type { Classifier } from '@shared/classifier';
import { ConfigError, ticketSystemSettings } from '@shared/config';
import { createTicketSystem } from '@shared/ticket-system';
import { shadowEvaluate, type ShadowReport } from './shadow-eval';

export async function runShadow(classifier: Classifier, since: Date, targetPrecision: number, fail: (m: string) => never): Promise<ShadowReport> {
  let settings;
  try {
    settings = ticketSystemSettings({ ...process.env, SECRETS_DIR: process.env.SECRETS_DIR ?? '/var/openfaas/secrets' });
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const ts = createTicketSystem(settings);
  try {
    return await shadowEvaluate(ts, classifier, { since, targetPrecision, onProgress: (n) => void (process.stderr.isTTY ? process.stderr.write(`\rread ${n} tickets`) : console.error(`read ${n} tickets`)) });
  } finally {
    await ts.close();
  }
}
