/**
 * `npm run sandbox -- --port 8181 [--seed FILE|demo|empty] [--plan growth|pro|enterprise|trial|unlimited]
 *  [--window-ms 60000] [--api-key KEY] [--persist FILE] [--host 127.0.0.1]`
 * Prints the base URL and the (local test) API key, then serves until Ctrl-C.
 */
import { readFileSync } from 'node:fs';
import { parseCli, usageError } from '../cli-args';
import { z } from 'zod';
import { startSandbox } from './index';
import { addHistoryGroups, generateHistory, historyGroups, HistoryOptions } from './history';
import { TicketSeed } from './model';
import { Plan } from './rate-limiter';
import { WebhookConfig } from './webhooks';

const CLI = {
  name: 'sandbox',
  usage: `usage: npm run sandbox -- [--port 8181] [--host 127.0.0.1] [--seed FILE|demo|empty] [--plan growth|pro|enterprise|trial|unlimited] [--window-ms 60000] [--api-key KEY] [--persist FILE]
       [--webhook URL [--webhook-header 'Name: value']... [--webhook-body simple|'{"ticket_id": "{{ticket.id}}"}'] [--webhook-on-update]]
       [--history DAYS [--per-day 20] [--drift-after DAY] [--history-seed 7]]
  A Freshdesk API v2-compatible server for tests and demos; prints its base URL, admin URL and key.
  --history DAYS     add DAYS of resolved/closed tickets agents routed, typed and prioritised (a history to
                     export and train on); the product "ran" for the second half (marker + note, 10% corrected)
  --drift-after DAY  from that day on, a new group (Data Protection) appears and the CRM connector's tickets
                     move to Sales and Pre-Sales: the drift watch and retraining have something to find`,
};

function fail(message: string): never {
  return usageError(CLI, message);
}

function readSeed(arg: string | undefined): 'demo' | 'empty' | TicketSeed[] {
  if (arg === undefined || arg === 'demo' || arg === 'empty') return arg ?? 'demo';
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(arg, 'utf8'));
  } catch (err) {
    fail(`--seed ${arg}: ${(err as Error).message}`);
  }
  const parsed = z.array(TicketSeed).safeParse(Array.isArray(raw) ? raw : (raw as { tickets?: unknown })?.tickets);
  if (!parsed.success) fail(`--seed ${arg} is not a JSON array of tickets:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** `--history*` flags into the generator's options (tools/freshdesk-sandbox/history.ts). */
function readHistory(v: Record<string, unknown>): HistoryOptions | undefined {
  const int = (k: string): number | undefined => {
    if (v[k] === undefined) return undefined;
    const n = Number(v[k]);
    if (!Number.isInteger(n) || n < 0) fail(`--${k} must be a whole number, got "${String(v[k])}"`);
    return n;
  };
  const days = int('history');
  if (days === undefined) {
    if (v['drift-after'] !== undefined || v['per-day'] !== undefined)
      fail('--per-day and --drift-after need --history DAYS');
    return undefined;
  }
  const drift = int('drift-after');
  const perDay = int('per-day');
  const seed = int('history-seed');
  const parsed = HistoryOptions.safeParse({
    days,
    ...(perDay !== undefined ? { perDay } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(drift !== undefined ? { drift: { afterDay: drift } } : {}),
  });
  if (!parsed.success) fail(`--history: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`);
  return parsed.data;
}

interface WebhookArgs {
  webhook?: string | undefined;
  'webhook-header'?: string[] | undefined;
  'webhook-body'?: string | undefined;
  'webhook-on-update'?: boolean | undefined;
}

/** `--webhook*` flags into the rule's configuration; `Name: value` headers as Freshdesk's form takes them. */
function readWebhook(v: WebhookArgs): WebhookConfig | undefined {
  if (!v.webhook) {
    if (v['webhook-header'] || v['webhook-body'] || v['webhook-on-update'])
      fail('--webhook-header, --webhook-body and --webhook-on-update need --webhook URL');
    return undefined;
  }
  const headers: Record<string, string> = {};
  for (const h of v['webhook-header'] ?? []) {
    const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(h);
    if (!m) fail(`--webhook-header must look like 'Name: value', got "${h}"`);
    headers[m[1]!] = m[2]!;
  }
  const parsed = WebhookConfig.safeParse({
    url: v.webhook,
    headers,
    ...(v['webhook-body'] ? { body: v['webhook-body'] } : {}),
    events: v['webhook-on-update'] ? ['ticket_created', 'ticket_updated'] : ['ticket_created'],
  });
  if (!parsed.success) fail(`--webhook: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`);
  return parsed.data;
}

async function main(): Promise<void> {
  const values = parseCli(CLI, {
    port: { type: 'string', default: '8181' },
    host: { type: 'string', default: '127.0.0.1' },
    seed: { type: 'string' },
    plan: { type: 'string', default: 'pro' },
    'window-ms': { type: 'string', default: '60000' },
    'api-key': { type: 'string' },
    persist: { type: 'string' },
    webhook: { type: 'string' },
    'webhook-header': { type: 'string', multiple: true },
    'webhook-body': { type: 'string' },
    'webhook-on-update': { type: 'boolean', default: false },
    history: { type: 'string' },
    'per-day': { type: 'string' },
    'drift-after': { type: 'string' },
    'history-seed': { type: 'string' },
  });
  const history = readHistory(values);
  const port = z.coerce.number().int().min(0).max(65535).safeParse(values.port);
  if (!port.success) fail(`--port must be 0-65535, got "${values.port}"`);
  const windowMs = z.coerce.number().int().min(10).safeParse(values['window-ms']);
  if (!windowMs.success) fail(`--window-ms must be an integer >= 10, got "${values['window-ms']}"`);
  const plan = Plan.safeParse(values.plan);
  if (!plan.success) fail(`--plan must be one of ${Plan.options.join(', ')}, got "${values.plan}"`);

  const webhook = readWebhook(values);
  const sandbox = await startSandbox({
    ...(webhook ? { webhook } : {}),
    port: port.data,
    host: values.host,
    plan: plan.data,
    windowMs: windowMs.data,
    seed: readSeed(values.seed),
    ...(values['api-key'] ? { apiKey: values['api-key'] } : {}),
    ...(values.persist ? { persistPath: values.persist } : {}),
  });
  if (history) {
    addHistoryGroups(sandbox.store, historyGroups(history));
    sandbox.addTickets(generateHistory(history));
  }
  // The key is a local test key for this sandbox only; printing it here is the point of the CLI.
  console.log(`Freshdesk sandbox listening
  base URL:  ${sandbox.baseUrl}
  admin URL: ${sandbox.adminUrl}
  API key:   ${sandbox.apiKey}
  plan:      ${plan.data} (${sandbox.limiter.config.overallPerWindow} credits per ${windowMs.data} ms)
  tickets:   ${sandbox.store.tickets().length}${values.persist ? `\n  persist:   ${values.persist}` : ''}${webhook ? `\n  webhook:   POST ${webhook.url} on ${webhook.events.join(', ')}` : ''}
Press Ctrl-C to stop.`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`\n${signal}: stopping the sandbox`);
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`sandbox: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
