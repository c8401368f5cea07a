/**
 * `npm run overrides -- --since YYYY-MM-DD [--json]`: how often agents changed what the product
 * applied, per head and per class. Reads only. Connection from FRESHDESK_DOMAIN or
 * FRESHDESK_BASE_URL and FRESHDESK_API_KEY.
 */
import { dateOption, parseCli, usageError } from '../cli-args';
import { helpDeskFromEnv } from './help-desk';
import { overrideReport, renderOverrides } from './overrides';

const CLI = {
  name: 'overrides',
  usage: `usage: npm run overrides -- --since YYYY-MM-DD [--json]
  How often agents changed what the product applied, per head and class (reads only).
  Account: FRESHDESK_DOMAIN or FRESHDESK_BASE_URL, and FRESHDESK_API_KEY.`,
};

async function main(): Promise<void> {
  const values = parseCli(CLI, { since: { type: 'string' }, json: { type: 'boolean', default: false } });
  const since = dateOption(CLI, 'since', values.since) ?? usageError(CLI, '--since is required');
  const { ts, mapping } = helpDeskFromEnv(CLI);
  const r = await overrideReport(ts, since, undefined, mapping).finally(() => ts.close());
  if (values.json) return void console.log(JSON.stringify(r));
  console.log(renderOverrides(r, values.since!));
}

main().catch((err: unknown) => {
  console.error(`overrides: ${(err as Error).message}`);
  process.exit(1);
});
