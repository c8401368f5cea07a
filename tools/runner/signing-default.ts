/**
 * Signing is on whenever the runner starts functions: with no secret configured (neither
 * `SIGNING_SECRET` nor the secret file under SECRETS_DIR), it makes a random one for this run, so
 * `npm start -- --apply` never serves an unsigned write path. Turning signing off takes an
 * explicit `SIGNING=off`, which the runner prints as a warning. An empty or whitespace
 * `SIGNING_SECRET` is refused by the functions' own config check (a typo never means "off").
 *
 * The generated secret is never printed: nothing outside the runner needs it (the chain signs
 * itself; the cron trigger and webhooks are unsigned by design). Who wants to call a writing
 * function by hand sets their own `SIGNING_SECRET` and passes it to `faas-cli invoke --sign`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SECRETS } from '@shared/contract';

export type SigningMode = 'configured' | 'generated' | 'off';

export interface RunnerSigning {
  mode: SigningMode;
  /** Environment for the function processes (the generated secret), below the shell and the options. */
  env: Record<string, string>;
}

export function runnerSigning(
  shell: Record<string, string | undefined>,
  extra: Record<string, string> | undefined,
  secretsDir: string,
): RunnerSigning {
  const setting = extra?.SIGNING ?? shell.SIGNING;
  if (setting === 'off') return { mode: 'off', env: {} };
  const { name, envVar } = SECRETS.signing;
  const given = (extra?.[envVar] ?? shell[envVar]) !== undefined;
  if (given || existsSync(join(secretsDir, name))) return { mode: 'configured', env: {} };
  return { mode: 'generated', env: { [envVar]: randomBytes(32).toString('base64url') } };
}

/** What `npm start` prints about signing (never the secret). */
export function describeSigning(mode: SigningMode, header: string): string {
  if (mode === 'off')
    return 'WARNING: SIGNING=off: signatures are NOT checked; any program or web page that reaches the gateway can make update-ticket write to the help desk';
  if (mode === 'generated')
    return `signing: on, with a random secret made for this run (not shown). To call a writing function by hand, set your own SIGNING_SECRET and sign: faas-cli invoke update-ticket --sign ${header} --key "$SIGNING_SECRET"`;
  return 'signing: on, with the configured secret';
}
