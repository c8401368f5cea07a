/** Writes the dry-run report of a runner cycle: group names from the account, thresholds from update-ticket's settings. */
import { writeFileSync } from 'node:fs';
import { FreshdeskClient } from '@shared/freshdesk';
import { loadConfig } from '../../functions/update-ticket/config';
import { accountFromEnv, describeAccount } from '../freshdesk-account';
import type { Runner } from '../runner/index';
import type { CycleSummary } from '../runner/summary';
import { buildReport } from './dry-run';
import { renderDryRunHtml } from './html';

export async function writeDryRunReport(file: string, s: CycleSummary, runner: Pick<Runner, 'envs'>): Promise<void> {
  const env = runner.envs.get('update-ticket') ?? {};
  const account = accountFromEnv(env);
  const groups = new Map<number, string>();
  if (account) {
    const client = new FreshdeskClient(account);
    try {
      for (const g of await client.listGroups()) groups.set(g.id, g.name);
    } catch {
      // Without the groups the report shows group ids: still worth writing.
    } finally {
      await client.close();
    }
  }
  const { rows, heads } = buildReport(s, groups, loadConfig(env).policy.applyAt);
  const dryRun = s.results.length === 0 ? env.DRY_RUN === 'true' : s.results.every((r) => r.dryRun);
  writeFileSync(
    file,
    renderDryRunHtml({
      title: 'Triage dry-run report',
      account: account ? describeAccount(account) : 'unknown',
      generatedAt: new Date(),
      dryRun,
      rows,
      heads,
      errors: s.errors,
    }),
  );
}
