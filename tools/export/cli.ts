/**
 * `npm run export -- --since 2025-01-01 [--until 2025-06-30] [--status resolved,closed]
 *   [--field cf_category] --out tickets.csv`
 * Connection from FRESHDESK_DOMAIN or FRESHDESK_BASE_URL, and FRESHDESK_API_KEY. Interrupted?
 * Run the same command again: it resumes from `<out>.checkpoint.json`.
 */
import { parseArgs } from 'node:util';
import { FreshdeskClient, FreshdeskError } from '@shared/freshdesk';
import { exportTickets } from './export-tickets';

const USAGE = 'usage: npm run export -- --since YYYY-MM-DD [--until YYYY-MM-DD] [--status resolved,closed] [--field cf_x]... --out FILE.csv';

function fail(message: string): never {
  console.error(`export: ${message}\n${USAGE}`);
  process.exit(2);
}

function date(name: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) fail(`--${name} is not a date: ${value}`);
  return d;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({ options: { since: { type: 'string' }, until: { type: 'string' }, status: { type: 'string' }, field: { type: 'string', multiple: true }, out: { type: 'string' }, 'per-page': { type: 'string' } } }));
  } catch (err) {
    fail((err as Error).message);
  }
  const since = date('since', values.since) ?? fail('--since is required');
  const until = date('until', values.until);
  if (!values.out) fail('--out is required');
  const env = process.env;
  const apiKey = env.FRESHDESK_API_KEY ?? fail('set FRESHDESK_API_KEY (and FRESHDESK_DOMAIN or FRESHDESK_BASE_URL)');
  const client = new FreshdeskClient({ apiKey, ...(env.FRESHDESK_BASE_URL ? { baseUrl: env.FRESHDESK_BASE_URL } : { domain: env.FRESHDESK_DOMAIN ?? fail('set FRESHDESK_DOMAIN or FRESHDESK_BASE_URL') }) });
  const tty = process.stderr.isTTY;
  const result = await exportTickets({
    client,
    out: values.out,
    since,
    ...(until ? { until } : {}),
    statuses: values.status ? values.status.split(',') : [],
    fields: values.field ?? [],
    ...(values['per-page'] ? { perPage: Number(values['per-page']) } : {}),
    onProgress: (p) => {
      const line = `exported ${p.written} tickets, skipped ${p.skipped}, through ${p.through ?? '-'}`;
      if (tty) process.stderr.write(`\r${line}`);
      else console.error(line);
    },
  }).finally(() => client.close());
  if (tty) process.stderr.write('\n');
  console.error(`${result.resumed ? 'resumed; ' : ''}wrote ${result.written} tickets to ${values.out}${result.complete ? '' : ' (incomplete: run again to continue)'}`);
}

main().catch((err: unknown) => {
  console.error(`export: ${err instanceof FreshdeskError || err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
