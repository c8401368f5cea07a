/**
 * `npm start [-- --once] [--json] [--port 8080] [--apply] [--dispatch async|sync] [--no-cron] [--report FILE] [--webhooks]`
 * Runs the whole chain on this machine against the embedded sandbox (demo tickets), or against
 * FRESHDESK_DOMAIN / FRESHDESK_BASE_URL with FRESHDESK_API_KEY, dry-run there unless --apply.
 */
import { choiceOption, numberOption, parseCli, usageError } from '../cli-args';
import { AccountCheckError, accountFromEnv, describeAccount } from '../freshdesk-account';
import { writeDryRunReport } from '../report/write';
import { startRunner, type Runner } from './index';
import { Progress, renderCycle, say, toJson } from './output';
import { signatureHeaderOf } from '@shared/contract';
import { thresholdLines } from './model-thresholds';
import { renderNotes, SettingsError } from './settings';
import { describeSigning } from './signing-default';
import type { CycleSummary } from './summary';
import { WebhookEcho } from './webhook-echo';
import { renderTable } from './table';

const CLI = {
  name: 'start',
  usage: `usage: npm start -- [options]
  Runs fetch-tickets -> classify-ticket -> update-ticket on this machine behind an OpenFaaS-compatible
  gateway, against the embedded Freshdesk sandbox, or against FRESHDESK_DOMAIN / FRESHDESK_BASE_URL
  with FRESHDESK_API_KEY (a dry run there unless --apply).
  --once               one cycle, wait until it has drained, print the table and exit (1 if a ticket failed)
  --json               print one JSON object per cycle on stdout instead of the table
  --report FILE.html   write a dry-run report (current fields vs predictions) after the first cycle
  --apply              write fields and notes to a real account (default there: dry run)
  --port N             gateway port (default 8080; 0 = any free port)
  --dispatch MODE      async (default, like the queue worker) or sync
  --no-cron            fire no cycle: serve the gateway for a real cron connector
  --webhooks           the embedded sandbox calls fetch-tickets when a ticket is created (Freshdesk's
                       automation webhook, imitated): each new ticket is triaged within seconds
  --stack FILE         the stack file (default stack.yml)
  --verbose            show the functions' logs
  -h, --help           this text
  Settings: the shell's environment wins over stack.yml (e.g. APPLY_THRESHOLD=0.9 npm start -- --once).`,
};

async function main(): Promise<void> {
  const values = parseCli(CLI, {
    once: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    port: { type: 'string', default: '8080' },
    apply: { type: 'boolean', default: false },
    dispatch: { type: 'string', default: 'async' },
    verbose: { type: 'boolean', default: false },
    'no-cron': { type: 'boolean', default: false },
    report: { type: 'string' },
    stack: { type: 'string' },
    webhooks: { type: 'boolean', default: false },
  });
  const port = numberOption(CLI, 'port', values.port, { min: 0, max: 65535 })!;
  const dispatch = choiceOption(CLI, 'dispatch', values.dispatch, ['async', 'sync'] as const)!;
  if (values['no-cron'] && values.once)
    usageError(CLI, '--no-cron and --once exclude each other (--once fires one cycle)');
  if (values.report !== undefined && !/\.html?$/i.test(values.report))
    usageError(CLI, `--report must name an .html file, got "${values.report}"`);
  const env = process.env;
  const named = env.FRESHDESK_BASE_URL || env.FRESHDESK_DOMAIN;
  if (named && !env.FRESHDESK_API_KEY)
    usageError(CLI, 'set FRESHDESK_API_KEY for the account in FRESHDESK_DOMAIN / FRESHDESK_BASE_URL');
  if (!named && env.FRESHDESK_API_KEY)
    say(
      'warning: FRESHDESK_API_KEY is set but neither FRESHDESK_DOMAIN nor FRESHDESK_BASE_URL: running the embedded demo, not your account',
    );
  if (named && values.webhooks)
    usageError(
      CLI,
      '--webhooks wires the embedded sandbox; for a real account create the automation rule in Freshdesk (docs/webhooks.md)',
    );
  const account = accountFromEnv(env);
  const dryRun = Boolean(account) && !values.apply;
  say(
    account
      ? `Freshdesk: ${describeAccount(account)} — ${dryRun ? 'DRY RUN: nothing is written (add --apply to write)' : 'APPLY: fields and notes are written'}`
      : 'Freshdesk: the embedded sandbox with the demo tickets',
  );

  const progress = new Progress();
  const echo = values.webhooks ? new WebhookEcho(say) : undefined;
  let runner: Runner;
  try {
    runner = await startRunner({
      port,
      dryRun,
      dispatch,
      webhooks: values.webhooks,
      ...(values.stack ? { stackFile: values.stack } : {}),
      ...(account ? { freshdesk: account } : {}),
      onLog: (fn, line) => {
        if (values.verbose) say(`[${fn}] ${line}`);
      },
      onExchange: (e) => {
        progress.see(e);
        echo?.see(e);
      },
      onCallbackError: (callId, url, error) =>
        say(
          `async call ${callId}: its answer could not be delivered to ${url} (${error}); the queue worker does not retry it (update-ticket queues a result it could not take again after UPDATE_RETRY_DELAYS_SECONDS; otherwise the next cron run picks the ticket up)`,
        ),
    });
  } catch (err) {
    if (err instanceof SettingsError) {
      say(`start: nothing was started; fix these first:\n${err.problems.map((p) => `  - ${p}`).join('\n')}`);
      process.exit(1);
    }
    if (err instanceof AccountCheckError) {
      say(`start: ${err.message}`);
      process.exit(1);
    }
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      say(`start: port ${port} is in use: pick another with --port (0 = any free port)`);
      process.exit(1);
    }
    throw err;
  }
  if (runner.sandbox) {
    // A local test key for this throw-away sandbox: printing it is what lets a user look at the demo's writes.
    say(`sandbox: base URL ${runner.sandbox.baseUrl}  key ${runner.sandbox.apiKey}  admin ${runner.sandbox.adminUrl}`);
    say(`  e.g. curl -s -u ${runner.sandbox.apiKey}:X "${runner.sandbox.baseUrl}/tickets/53?include=conversations"`);
  }
  const lookback = Number(runner.envs.get('fetch-tickets')?.LOOKBACK_MINUTES ?? 1440);
  say(
    `look-back: tickets updated in the last ${lookback % 1440 === 0 ? `${lookback / 1440} day(s)` : `${lookback} minutes`} (LOOKBACK_MINUTES=${lookback})`,
  );
  renderNotes(runner.settings).forEach(say);
  say(describeSigning(runner.signing, signatureHeaderOf(runner.envs.get('update-ticket') ?? {})));
  thresholdLines(process.cwd(), runner.envs).forEach(say);
  const tryIt =
    runner.signing === 'configured'
      ? `faas-cli invoke classify-ticket -g ${runner.gatewayUrl} --sign ${signatureHeaderOf(runner.envs.get('classify-ticket') ?? {})} --key "$SIGNING_SECRET"`
      : runner.signing === 'off'
        ? `faas-cli invoke classify-ticket -g ${runner.gatewayUrl}`
        : 'set SIGNING_SECRET before npm start to call the functions by hand with faas-cli invoke --sign';
  say(`gateway on ${runner.gatewayUrl} (try: ${tryIt})`);
  if (values.webhooks && runner.sandbox) {
    const sb = runner.sandbox;
    say(
      `webhooks: the sandbox POSTs each new ticket's id to ${runner.gatewayUrl}/function/fetch-tickets; create one with:`,
    );
    say(
      `  curl -u ${sb.apiKey}:X -H 'content-type: application/json' -d '{"subject":"VPN drops","description":"The VPN disconnects every 10 minutes.","email":"a@example.com"}' ${sb.baseUrl}/tickets`,
    );
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
  const print = (s: CycleSummary, text: string): void => {
    progress.clear();
    if (values.json) process.stdout.write(`${JSON.stringify(toJson(s))}\n`);
    else console.log(text);
  };
  if (values['no-cron']) {
    say(`no cron (--no-cron): point the cron connector at ${runner.gatewayUrl}; Ctrl-C stops everything.`);
    return;
  }
  const first = await runner.runCycle();
  print(first, renderTable(first));
  if (values.report) {
    await writeDryRunReport(values.report, first, runner);
    say(`report: ${values.report}`);
  }
  if (values.once) await stop(first.errors.length > 0 ? 1 : 0);
  say('cron: fetch-tickets runs at its stack.yml schedule; Ctrl-C stops everything.');
  runner.startCron(
    (s, at) => {
      print(s, renderCycle(s, at));
      progress.reset();
    },
    (err) => say(`cycle failed: ${(err as Error).message}`),
  );
}

main().catch((err: unknown) => {
  console.error(`start: ${(err as Error).message}`);
  process.exit(1);
});
