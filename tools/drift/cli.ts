/**
 * `npm run drift -- --since YYYY-MM-DD [--model models/ticket-triage] [--until DATE] [--json]
 *   [--baseline-days 14] [--recent-days 14] [--max-rise 0.05] [--min-new-label 5]`
 * Says whether the live model should be retrained: a verdict line first, then the figures. Exit
 * code 0: steady (or too little data to tell), 3: retrain advised, 1: an error, 2: a usage error,
 * so a cron job or CI can act on it. Reads only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MODEL_DIR } from '@shared/classifier';
import type { TicketSnapshot } from '@shared/ticket-system';
import { dateOption, numberOption, parseCli, usageError } from '../cli-args';
import { helpDeskFromEnv } from '../overrides/help-desk';
import { readTriaged } from '../overrides/triaged';
import { DEFAULT_DRIFT_RULES, driftReport, renderDrift } from './drift';

const CLI = {
  name: 'drift',
  usage: `usage: npm run drift -- --since YYYY-MM-DD [--model DIR] [--until DATE] [--json]
       [--baseline-days 14] [--recent-days 14] [--max-rise 0.05] [--min-new-label 5]
  Compares the first days after go-live (from --since) with the last --recent-days: override rate per
  head, share sent to review, agent labels the model (--model, default MODEL_DIR or ${DEFAULT_MODEL_DIR})
  cannot produce. Exit 0: steady, 3: retrain advised. Account: FRESHDESK_DOMAIN or FRESHDESK_BASE_URL,
  and FRESHDESK_API_KEY (reads only).`,
};
const DRIFT_EXIT = 3;

async function main(): Promise<void> {
  const v = parseCli(CLI, {
    since: { type: 'string' },
    until: { type: 'string' },
    model: { type: 'string' },
    json: { type: 'boolean', default: false },
    'baseline-days': { type: 'string' },
    'recent-days': { type: 'string' },
    'max-rise': { type: 'string' },
    'min-new-label': { type: 'string' },
  });
  const since = dateOption(CLI, 'since', v.since) ?? usageError(CLI, '--since is required (the go-live date)');
  const until = dateOption(CLI, 'until', v.until) ?? new Date();
  const rules = {
    baselineDays:
      numberOption(CLI, 'baseline-days', v['baseline-days'], { min: 1, max: 365 }) ?? DEFAULT_DRIFT_RULES.baselineDays,
    recentDays:
      numberOption(CLI, 'recent-days', v['recent-days'], { min: 1, max: 365 }) ?? DEFAULT_DRIFT_RULES.recentDays,
    maxRise:
      numberOption(CLI, 'max-rise', v['max-rise'], { min: 0, max: 1, integer: false }) ?? DEFAULT_DRIFT_RULES.maxRise,
    minApplied: DEFAULT_DRIFT_RULES.minApplied,
    minNewLabel:
      numberOption(CLI, 'min-new-label', v['min-new-label'], { min: 1, max: 1e6 }) ?? DEFAULT_DRIFT_RULES.minNewLabel,
  };
  const modelDir = v.model ?? process.env.MODEL_DIR ?? DEFAULT_MODEL_DIR;
  let modelLabels: Record<string, string[]>;
  try {
    const m = JSON.parse(readFileSync(join(modelDir, 'manifest.json'), 'utf8')) as {
      heads: { name: string; labels: string[] }[];
    };
    modelLabels = Object.fromEntries(m.heads.map((h) => [h.name, h.labels]));
  } catch (err) {
    usageError(CLI, `--model ${modelDir}: no readable manifest.json (${(err as Error).message})`);
  }
  const { ts, mapping } = helpDeskFromEnv(CLI);
  const decided: { ticket: TicketSnapshot; labels: Record<string, string | undefined> }[] = [];
  const triaged = await readTriaged(ts, since, {
    mapping,
    onTicket: (ticket, labels) => {
      if (Object.values(labels).some((l) => l !== undefined)) decided.push({ ticket, labels });
    },
  }).finally(() => ts.close());
  const r = driftReport(triaged, decided, modelLabels, until, rules);
  console.log(v.json ? JSON.stringify(r) : renderDrift(r));
  if (r.verdict === 'retrain') process.exitCode = DRIFT_EXIT;
}

main().catch((err: unknown) => {
  console.error(`drift: ${(err as Error).message}`);
  process.exit(1);
});
