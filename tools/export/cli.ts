/**
 * `npm run export -- --since 2025-01-01 [--until 2025-06-30] [--status resolved,closed]
 *   [--field cf_category] --out tickets.csv`
 * Connection from FRESHDESK_DOMAIN or FRESHDESK_BASE_URL, and FRESHDESK_API_KEY. Interrupted?
 * Run the same command again: it resumes from `<out>.checkpoint.json`.
 */
import { dateOption, numberOption, parseCli, usageError } from '../cli-args';
import { normalizeBaseUrl } from '../freshdesk-account';
import { FreshdeskClient, FreshdeskError } from '@shared/freshdesk';
import { ConfigError } from '@shared/config';
import { loadHeadConfig } from '../../functions/update-ticket/config';
import { exportTickets } from './export-tickets';

const CLI = {
  name: 'export',
  usage: `usage: npm run export -- --since YYYY-MM-DD [--until YYYY-MM-DD] [--status resolved,closed] [--field cf_x]... --out FILE.csv
  Writes the account's tickets (FRESHDESK_DOMAIN or FRESHDESK_BASE_URL, FRESHDESK_API_KEY) to a CSV for training.
  Interrupted? Run the same command again: it resumes from FILE.csv.checkpoint.json. --per-page N (1-100).
  With update-ticket's CUSTOM_FIELD_HEADS set, each custom head gets a column; with QUEUE_GROUP_MAP, queue holds the mapped labels.`,
};
function fail(message: string): never {
  return usageError(CLI, message);
}

async function main(): Promise<void> {
  const values = parseCli(CLI, {
    since: { type: 'string' },
    until: { type: 'string' },
    status: { type: 'string' },
    field: { type: 'string', multiple: true },
    out: { type: 'string' },
    'per-page': { type: 'string' },
  });
  const since = dateOption(CLI, 'since', values.since) ?? fail('--since is required');
  const until = dateOption(CLI, 'until', values.until);
  const perPage = numberOption(CLI, 'per-page', values['per-page'], { min: 1, max: 100 });
  if (!values.out) fail('--out is required');
  const env = process.env;
  let mapping;
  try {
    const { queueToGroup, customFieldHeads } = loadHeadConfig(env);
    mapping = { queueToGroup, customFieldHeads };
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const apiKey = env.FRESHDESK_API_KEY ?? fail('set FRESHDESK_API_KEY (and FRESHDESK_DOMAIN or FRESHDESK_BASE_URL)');
  const client = new FreshdeskClient({
    apiKey,
    ...(env.FRESHDESK_BASE_URL
      ? { baseUrl: normalizeBaseUrl(env.FRESHDESK_BASE_URL) }
      : { domain: env.FRESHDESK_DOMAIN ?? fail('set FRESHDESK_DOMAIN or FRESHDESK_BASE_URL') }),
  });
  const tty = process.stderr.isTTY;
  const result = await exportTickets({
    client,
    out: values.out,
    since,
    ...(until ? { until } : {}),
    statuses: values.status ? values.status.split(',') : [],
    fields: values.field ?? [],
    mapping,
    ...(perPage ? { perPage } : {}),
    onProgress: (p) => {
      const line = `exported ${p.written} tickets, skipped ${p.skipped}, through ${p.through ?? '-'}`;
      if (tty) process.stderr.write(`\r${line}`);
      else console.error(line);
    },
  }).finally(() => client.close());
  if (tty) process.stderr.write('\n');
  console.error(
    `${result.resumed ? 'resumed; ' : ''}wrote ${result.written} tickets to ${values.out}${result.complete ? '' : ' (incomplete: run again to continue)'}`,
  );
  const why = Object.entries(result.skippedWhy);
  if (why.length > 0)
    console.error(`skipped ${result.skipped}: ${why.map(([reason, n]) => `${n} ${reason}`).join('; ')}`);
  if (result.unlabelled > 0)
    console.error(
      `${result.unlabelled} written tickets have no agent decision yet (no group, no type, default priority on an open ticket): training learns nothing from them; --status resolved,closed keeps the decided ones`,
    );
}

main().catch((err: unknown) => {
  console.error(`export: ${err instanceof FreshdeskError || err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
