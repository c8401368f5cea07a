/**
 * `npm run retrain -- [--since YYYY-MM-DD | --window-days 180] [--name ticket-triage] [--work DIR]
 *   [--tickets FILE.csv] [--candidate DIR] [--version V] [--comparison-share 0.2]
 *   [--tolerance 0.01] [--min-gain 0.005] [--json] [--report FILE.html] [--deploy] [--epochs N]`
 * Export -> train a candidate -> compare with the live model -> promote or refuse, with the reason.
 * Resumable: run the same command again (same --work). Exit 0: promoted, 4: refused, 1: error.
 * Nothing is deployed unless --deploy is given (then the printed faas-cli commands run).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@shared/config';
import { FreshdeskClient } from '@shared/freshdesk';
import { dateOption, numberOption, parseCli, usageError } from '../cli-args';
import { normalizeBaseUrl } from '../freshdesk-account';
import { loadHeadConfig } from '../../functions/update-ticket/config';
import { DEFAULT_GATE } from './gate';
import { renderRetrainHtml, renderRetrainText } from './report';
import { retrain, RetrainError } from './retrain';
import { localCommand, VersionsError } from './versions';

const CLI = {
  name: 'retrain',
  usage: `usage: npm run retrain -- [--since YYYY-MM-DD | --window-days 180] [--name ticket-triage] [--work DIR] [--json]
       [--report FILE.html] [--tickets FILE.csv] [--candidate DIR] [--version V] [--comparison-share 0.2]
       [--tolerance 0.01] [--min-gain 0.005] [--epochs N] [--deploy]
  Exports the tickets agents decided (FRESHDESK_DOMAIN / FRESHDESK_BASE_URL, FRESHDESK_API_KEY), trains a
  candidate on all but the newest, scores it and the live model (models/<name>/versions.json, else models/NAME)
  on the newest, and promotes it to models/NAME/VERSION only if every head is as good (within --tolerance)
  and one is better (by --min-gain). Resumable: rerun with the same --work. Exit 0 promoted, 4 refused.`,
};
const REFUSED_EXIT = 4;

async function main(): Promise<void> {
  const v = parseCli(CLI, {
    since: { type: 'string' },
    until: { type: 'string' },
    'window-days': { type: 'string' },
    name: { type: 'string', default: 'ticket-triage' },
    models: { type: 'string', default: 'models' },
    work: { type: 'string' },
    tickets: { type: 'string' },
    candidate: { type: 'string' },
    version: { type: 'string' },
    'comparison-share': { type: 'string' },
    tolerance: { type: 'string' },
    'min-gain': { type: 'string' },
    epochs: { type: 'string' },
    json: { type: 'boolean', default: false },
    report: { type: 'string' },
    deploy: { type: 'boolean', default: false },
  });
  const windowDays = numberOption(CLI, 'window-days', v['window-days'], { min: 1, max: 3650 }) ?? 180;
  const since = dateOption(CLI, 'since', v.since) ?? new Date(Date.now() - windowDays * 86_400_000);
  const until = dateOption(CLI, 'until', v.until);
  const share = numberOption(CLI, 'comparison-share', v['comparison-share'], { min: 0.01, max: 0.9, integer: false });
  const rules = {
    tolerance:
      numberOption(CLI, 'tolerance', v.tolerance, { min: 0, max: 1, integer: false }) ?? DEFAULT_GATE.tolerance,
    minGain: numberOption(CLI, 'min-gain', v['min-gain'], { min: 0, max: 1, integer: false }) ?? DEFAULT_GATE.minGain,
  };
  const epochs = numberOption(CLI, 'epochs', v.epochs, { min: 1, max: 1000 });
  const work = v.work ?? join('retrain-work', `${v.name}-${since.toISOString().slice(0, 10)}`);
  let client: FreshdeskClient | undefined;
  let mapping;
  let floor = 0.6;
  try {
    const heads = loadHeadConfig(process.env);
    mapping = { queueToGroup: heads.queueToGroup, customFieldHeads: heads.customFieldHeads };
    floor = heads.floor;
  } catch (err) {
    if (err instanceof ConfigError) usageError(CLI, err.message);
    throw err;
  }
  if (!v.tickets) {
    const env = process.env;
    const apiKey = env.FRESHDESK_API_KEY ?? usageError(CLI, 'set FRESHDESK_API_KEY (or give --tickets FILE.csv)');
    client = new FreshdeskClient({
      apiKey,
      ...(env.FRESHDESK_BASE_URL
        ? { baseUrl: normalizeBaseUrl(env.FRESHDESK_BASE_URL) }
        : { domain: env.FRESHDESK_DOMAIN ?? usageError(CLI, 'set FRESHDESK_DOMAIN or FRESHDESK_BASE_URL') }),
    });
  }
  const r = await retrain({
    work,
    modelsRoot: v.models,
    name: v.name,
    ...(client ? { client } : {}),
    ...(v.tickets ? { tickets: v.tickets } : {}),
    since,
    ...(until ? { until } : {}),
    mapping,
    ...(v.candidate ? { candidate: v.candidate } : {}),
    ...(v.version ? { version: v.version } : {}),
    ...(share ? { comparisonShare: share } : {}),
    rules,
    floor,
    ...(epochs ? { trainArgs: ['--epochs', String(epochs)] } : {}),
    onStep: (m) => console.error(m),
  }).finally(() => client?.close());
  const html = v.report ?? join(work, 'report.html');
  writeFileSync(html, renderRetrainHtml(r));
  writeFileSync(join(work, 'report.json'), `${JSON.stringify(r, null, 2)}\n`);
  if (v.json) console.log(JSON.stringify(r));
  else {
    console.log(renderRetrainText(r));
    if (r.verdict.promote) console.log(`  locally: ${localCommand(r.candidateDir)}`);
    console.log(`report: ${html}`);
  }
  if (!r.verdict.promote) process.exitCode = REFUSED_EXIT;
  else if (v.deploy)
    for (const cmd of r.deploy) {
      console.error(`deploy: ${cmd}`);
      const run = spawnSync('sh', ['-c', cmd], { stdio: 'inherit' });
      if (run.status !== 0) throw new Error(`deploy step failed (exit ${run.status}): ${cmd}`);
    }
}

main().catch((err: unknown) => {
  const known = err instanceof RetrainError || err instanceof VersionsError;
  console.error(`retrain: ${known ? (err as Error).message : ((err as Error).stack ?? String(err))}`);
  process.exit(1);
});
