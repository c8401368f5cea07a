/**
 * Connects to the account in the environment (read-only use) and runs the shadow evaluation, with
 * update-ticket's QUEUE_GROUP_MAP and CUSTOM_FIELD_HEADS from the same environment.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SECRETS_DIR } from '@shared/contract';
import { FINGERPRINTS_FILE, hasFingerprint, ticketFingerprint } from '@shared/classifier/fingerprint';
import type { Classifier } from '@shared/classifier';
import { ConfigError, ticketSystemSettings } from '@shared/config';
import { createTicketSystem } from '@shared/ticket-system';
import { loadHeadConfig } from '../../functions/update-ticket/config';
import { normalizeBaseUrl } from '../freshdesk-account';
import { shadowEvaluate, type ShadowReport } from './shadow-eval';

/** Whether a ticket was in the model's training data (its fingerprints.bin); undefined without the file. */
function trainingFingerprints(modelDir: string): ((subject: string, body: string) => boolean) | undefined {
  try {
    const b = readFileSync(join(modelDir, FINGERPRINTS_FILE));
    const fp = new Uint32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    return (subject, body) => hasFingerprint(fp, ticketFingerprint(subject, body));
  } catch {
    return undefined;
  }
}

export async function runShadow(
  classifier: Classifier,
  modelDir: string,
  since: Date,
  targetPrecision: number,
  fail: (m: string) => never,
): Promise<ShadowReport> {
  let settings;
  let mapping;
  let floor;
  try {
    const env: Record<string, string | undefined> = {
      ...process.env,
      SECRETS_DIR: process.env.SECRETS_DIR ?? DEFAULT_SECRETS_DIR,
    };
    // The same URLs as export and overrides: with or without /api/v2.
    if (env.FRESHDESK_BASE_URL) env.FRESHDESK_BASE_URL = normalizeBaseUrl(env.FRESHDESK_BASE_URL);
    settings = ticketSystemSettings(env);
    const { queueToGroup, customFieldHeads, floor: f } = loadHeadConfig(process.env);
    mapping = { queueToGroup, customFieldHeads };
    floor = f;
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const ts = createTicketSystem(settings);
  try {
    const seen = trainingFingerprints(modelDir);
    return await shadowEvaluate(ts, classifier, {
      since,
      targetPrecision,
      mapping,
      floor,
      ...(seen ? { seen } : {}),
      onProgress: (n) =>
        void (process.stderr.isTTY ? process.stderr.write(`\rread ${n} tickets`) : console.error(`read ${n} tickets`)),
    });
  } finally {
    await ts.close();
  }
}
