/**
 * `npm run rollback -- [--name ticket-triage] [--to VERSION] [--deploy]`: the model version live
 * before the current one (or --to) becomes live again in models/<name>/versions.json; prints the
 * commands that deploy it, and runs them with --deploy.
 */
import { spawnSync } from 'node:child_process';
import { parseCli } from '../cli-args';
import { deployCommands, localCommand, rollback } from '../retrain/versions';

const CLI = {
  name: 'rollback',
  usage: `usage: npm run rollback -- [--name ticket-triage] [--models models] [--to VERSION] [--deploy]
  Makes the previous model version live again (models/<name>/versions.json) and prints how to deploy it.`,
};

function main(): void {
  const v = parseCli(CLI, {
    name: { type: 'string', default: 'ticket-triage' },
    models: { type: 'string', default: 'models' },
    to: { type: 'string' },
    deploy: { type: 'boolean', default: false },
  });
  const e = rollback(v.models, v.name, v.to);
  const cmds = deployCommands(e.dir, e.version);
  console.log(`${v.name} ${e.version} (${e.dir}) is live again in ${v.models}/${v.name}/versions.json`);
  console.log(`deploy${v.deploy ? '' : ' (nothing was deployed)'}:`);
  for (const c of cmds) console.log(`  ${c}`);
  console.log(`  locally: ${localCommand(e.dir)}`);
  if (v.deploy)
    for (const c of cmds) {
      const run = spawnSync('sh', ['-c', c], { stdio: 'inherit' });
      if (run.status !== 0) throw new Error(`deploy step failed (exit ${run.status}): ${c}`);
    }
}

try {
  main();
} catch (err) {
  console.error(`rollback: ${(err as Error).message}`);
  process.exit(1);
}
