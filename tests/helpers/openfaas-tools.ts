/**
 * The real OpenFaaS command-line programs the platform tests drive: faas-cli 0.17.4 (`faas-cli`),
 * faas-cli 0.16.11 (`faas-cli-0.16`), of-watchdog 0.10.10 (`fwatchdog`) and cron-connector 0.4.0.
 * They are test equipment, never part of the product: `OPENFAAS_TOOLS_DIR` names a folder holding
 * them; otherwise the build machine's copy beside the clone (`../shared/tools/openfaas`, where CI
 * keeps it) is unpacked into a cache folder with its own install.sh (which checks each checksum).
 *
 * Missing tools: under CI (`CI=true`) the test file fails, so CI can never pass without the real
 * parts; on a developer's clone the tests are skipped with one line saying how to get them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface OpenfaasTools {
  dir: string;
  /** faas-cli 0.17.4: signs `invoke --sign` with sha256. */
  faasCli: string;
  /** faas-cli 0.16.11: signs with sha1. */
  faasCli016: string;
  /** of-watchdog 0.10.10. */
  fwatchdog: string;
  /** cron-connector 0.4.0. */
  cronConnector: string;
}

const NAMES = ['faas-cli', 'faas-cli-0.16', 'fwatchdog', 'cron-connector'] as const;
const repoRoot = resolve(__dirname, '../..');

function toolsIn(dir: string): OpenfaasTools | undefined {
  if (!NAMES.every((n) => existsSync(join(dir, n)))) return undefined;
  return {
    dir,
    faasCli: join(dir, 'faas-cli'),
    faasCli016: join(dir, 'faas-cli-0.16'),
    fwatchdog: join(dir, 'fwatchdog'),
    cronConnector: join(dir, 'cron-connector'),
  };
}

function locate(): OpenfaasTools | string {
  const given = process.env.OPENFAAS_TOOLS_DIR;
  if (given) return toolsIn(given) ?? `OPENFAAS_TOOLS_DIR=${given} does not hold ${NAMES.join(', ')}`;
  const install = join(repoRoot, '..', 'shared', 'tools', 'openfaas', 'install.sh');
  if (!existsSync(install))
    return `the real OpenFaaS tools are not here: set OPENFAAS_TOOLS_DIR to a folder with ${NAMES.join(', ')}`;
  const cache = join(tmpdir(), 'freshdesk-triage-openfaas-tools');
  try {
    execFileSync(install, [cache], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    return `unpacking the OpenFaaS tools failed: ${(err as Error).message}`;
  }
  return toolsIn(cache) ?? `install.sh left no tools in ${cache}`;
}

let found: OpenfaasTools | string | undefined;

/**
 * The tools, or undefined with a skip message printed (a developer's clone). Under CI a missing
 * tool throws: the test file fails instead of passing without having run.
 */
export function openfaasTools(): OpenfaasTools | undefined {
  found ??= locate();
  if (typeof found !== 'string') return found;
  if (process.env.CI === 'true' || process.env.CI === '1')
    throw new Error(`CI needs the real OpenFaaS tools: ${found}`);
  console.warn(`skipped: ${found}`);
  return undefined;
}
