/**
 * `npm run overrides -- --since YYYY-MM-DD [--json]`: how often agents changed what the product
 * applied, per head and per class. Reads only. Connection from FRESHDESK_DOMAIN or
 * FRESHDESK_BASE_URL and FRESHDESK_API_KEY.
 */
import { parseArgs } from 'node:util';
import { ConfigError, ticketSystemSettings } from '@shared/config';
import { createTicketSystem } from '@shared/ticket-system';
import { overrideReport } from './overrides';

const USAGE = 'usage: npm run overrides -- --since YYYY-MM-DD [--json]';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { since: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const since = new Date(values.since ?? '');
  if (Number.isNaN(since.getTime())) {
    console.error(`overrides: --since is required\n${USAGE}`);
    process.exit(2);
  }
  let settings;
  try {
    settings = ticketSystemSettings({ ...process.env });
  } catch (err) {
    console.error(`overrides: ${(err as ConfigError).message}`);
    process.exit(2);
  }
  const ts = createTicketSystem(settings);
  const r = await overrideReport(ts, since).finally(() => ts.close());
  if (values.json) return void console.log(JSON.stringify(r));
  console.log(`${r.tickets} triaged tickets since ${values.since}`);
  for (const [head, h] of Object.entries(r.heads)) {
    console.log(`\n${head}: ${h.overridden} of ${h.applied} applied values changed by agents (${(h.rate * 100).toFixed(1)}%)`);
    for (const [label, c] of Object.entries(h.perClass).sort((a, b) => b[1].applied - a[1].applied)) console.log(`  ${label.padEnd(34)} ${String(c.overridden).padStart(4)} / ${String(c.applied).padEnd(4)} ${(c.rate * 100).toFixed(1)}%`);
  }
}

main().catch((err: unknown) => {
  console.error(`overrides: ${(err as Error).message}`);
  process.exit(1);
});
