/**
 * Build contexts from the real `faas-cli build --shrinkwrap` (faas-cli 0.17.4, tests/helpers/openfaas-tools.ts),
 * as a user's deploy makes them: build/<fn>/ with the template at the root and the handler,
 * configuration.copy paths and --copy-extra paths in function/. faas-cli writes ./build in the
 * directory it runs in, so it runs in the repository root.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class ShrinkwrapError extends Error {}

/** Writes `<root>/build/<fn>/` with faas-cli and returns that folder. */
export function faasShrinkwrap(faasCli: string, root: string, fn: string, copyExtra: string[] = []): string {
  const home = mkdtempSync(join(tmpdir(), 'faas-cli-home-'));
  try {
    execFileSync(
      faasCli,
      ['build', '--shrinkwrap', '-f', 'stack.yml', '--filter', fn, ...copyExtra.flatMap((p) => ['--copy-extra', p])],
      { cwd: root, env: { ...process.env, HOME: home }, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
    );
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new ShrinkwrapError(
      `faas-cli build --shrinkwrap ${fn} failed: ${`${e.stdout ?? ''}${e.stderr ?? ''}`.trim() || e.message}`,
    );
  }
  return join(root, 'build', fn);
}
