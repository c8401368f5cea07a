/**
 * `npm start [-- --once] [--json] [--port 8080] [--apply] [--dispatch async|sync] [--webhooks]`
 * Runs the whole chain on this machine against the embedded sandbox (demo tickets), or against
 * FRESHDESK_DOMAIN / FRESHDESK_BASE_URL with FRESHDESK_API_KEY, dry-run there unless --apply.
 */
import { parseArgs } from 'node:util';
import { startRunner, type Runner } from './index';
import { renderTable, type CycleSummary } from './summary';

const USAGE = 'usage: npm start -- [--once] [--json] [--port 8080] [--apply] [--dispatch async|sync] [--webhooks] [--verbose]';

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({ options: { once: { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, port: { type: 'string', default: '8080' }, apply: { type: 'boolean', default: false }, dispatch: { type: 'string', default: 'async' }, verbose: { type: 'boolean', default: false }, webhooks: { type: 'boolean', default: false } } }));
  } catch (err) {
    console.error(`start: ${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.dispatch !== 'async' && values.dispatch !== 'sync') {
    console.error(`start: --dispatch must be async or sync\n${USAGE}`);
    process.exit(2);
  }
  const env = process.env;
  const external = env.FRESHDESK_BASE_URL || env.FRESHDESK_DOMAIN;
  if (external && !env.FRESHDESK_API_KEY) {
    console.error('start: set FRESHDESK_API_KEY for the account in FRESHDESK_DOMAIN / FRESHDESK_BASE_URL');
    process.exit(2);
  }
  if (external && values.webhooks) {
    console.error('start: --webhooks wires the embedded sandbox; for a real account create the automation rule in Freshdesk (README: "Triage on ticket creation")');
    process.exit(2);
  }
  const dryRun = Boolean(external) && !values.apply;
  const say = (line: string): void => void process.stderr.write(`${line}\n`);
  say(external ? `Freshdesk: ${env.FRESHDESK_BASE_URL ?? `${env.FRESHDESK_DOMAIN}.freshdesk.com`} — ${dryRun ? 'DRY RUN: nothing is written (add --apply to write)' : 'APPLY: fields and notes are written'}` : 'Freshdesk: the embedded sandbox with the demo tickets');
  let tick = 0;
  const progress = (fn: string): void => {
    tick += 1;
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K… ${tick} calls through the gateway (last: ${fn})`);
    else if (tick % 25 === 0) say(`… ${tick} calls through the gateway`);
  };
  const runner: Runner = await startRunner({
    port: Number(values.port),
    dryRun,
    dispatch: values.dispatch,
    webhooks: values.webhooks,
    ...(external ? { freshdesk: { apiKey: env.FRESHDESK_API_KEY!, ...(env.FRESHDESK_BASE_URL ? { baseUrl: env.FRESHDESK_BASE_URL } : { domain: env.FRESHDESK_DOMAIN! }) } } : {}),
    onLog: (fn, line) => {
      if (values.verbose) say(`[${fn}] ${line}`);
    },
    onExchange: (e) => progress(e.name),
  });
  say(`gateway on ${runner.gatewayUrl} (try: faas-cli invoke classify-ticket -g ${runner.gatewayUrl})`);
  if (values.webhooks && runner.sandbox) {
    const sb = runner.sandbox;
    say(`webhooks: the sandbox POSTs each new ticket's id to ${runner.gatewayUrl}/function/fetch-tickets; create one with:`);
    say(`  curl -u ${sb.apiKey}:X -H 'content-type: application/json' -d '{"subject":"VPN drops","description":"The VPN disconnects every 10 minutes.","email":"a@example.com"}' ${sb.baseUrl}/tickets`);
  }
  let stopping = false;
  const stop = async (code: number): Promise<never> => {
    if (!stopping) {
      stopping = true;
      await runner.close();
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(130));
  process.on('SIGTERM', () => void stop(143));
  const show = (s: CycleSummary): void => {
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    if (values.json) process.stdout.write(`${JSON.stringify({ scanned: s.scanned, eligible: s.eligible, triaged: s.triaged, outcomes: s.outcomes, errors: s.errors, results: s.results.map((r) => ({ id: r.id, queue: r.queue, priority: r.priority, type: r.type, confidence: r.confidence, outcome: r.outcome })) })}\n`);
    else console.log(renderTable(s));
  };
  const first = await runner.runCycle();
  show(first);
  if (values.once) await stop(first.errors.length > 0 ? 1 : 0);
  say('cron: fetch-tickets runs at its stack.yml schedule; Ctrl-C stops everything.');
  runner.startCron(show, (err) => say(`cycle failed: ${(err as Error).message}`));
}

main().catch((err: unknown) => {
  console.error(`start: ${(err as Error).message}`);
  process.exit(1);
});
