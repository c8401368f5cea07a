/**
 * Secrets come from OpenFaaS secret files (`/var/openfaas/secrets/<name>`, see
 * docs/openfaas.md#secrets) or, for local runs, an environment variable. The value is trimmed and returned;
 * it is never logged, and errors name the file or variable, never the value.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SECRETS_DIR } from '../contract/secrets';
import { ConfigError } from './errors';

export interface SecretSource {
  /** Secret name = file name under `dir` (e.g. `freshdesk-api-key`). */
  name: string;
  /** Environment variable used when the file does not exist (local runs). */
  envVar?: string;
  /** @default /var/openfaas/secrets */
  dir?: string;
  /** The environment to read; passed in so `shared/` never reads process.env itself. */
  env?: Record<string, string | undefined>;
  /**
   * A secret file or variable that exists but is empty (or whitespace) is a `ConfigError` naming
   * it, not "no secret": for the signing secret, "empty" must never silently mean "off".
   */
  emptyIsError?: boolean;
}

/** The trimmed secret, or undefined when neither the file nor the variable is set. */
export function readSecret(source: SecretSource): string | undefined {
  const path = join(source.dir ?? DEFAULT_SECRETS_DIR, source.name);
  let file: string | undefined;
  try {
    file = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR')
      throw new ConfigError(`cannot read the secret ${source.name} (${path}): ${code ?? 'error'}`);
  }
  if (file !== undefined) {
    const value = file.trim();
    if (value !== '') return value;
    if (source.emptyIsError)
      throw new ConfigError(
        `the secret ${source.name} (${path}) is empty or whitespace: put the secret in it, or remove the secret to run without`,
      );
  }
  const raw = source.envVar ? source.env?.[source.envVar] : undefined;
  // Set but empty (`SIGNING_SECRET=`) is refused like whitespace: a typo must never mean "signing off".
  if (raw !== undefined && raw.trim() === '' && source.emptyIsError) {
    throw new ConfigError(
      `${source.envVar} (the ${source.name} secret) is empty or whitespace: set the secret, or unset the variable`,
    );
  }
  const fromEnv = raw?.trim();
  return fromEnv === '' ? undefined : fromEnv;
}
