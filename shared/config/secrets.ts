/**
 * Secrets come from OpenFaaS secret files (`/var/openfaas/secrets/<name>`, freshdesk-api.md and
 * openfaas.md §4) or, for local runs, an environment variable. The value is trimmed and returned;
 * it is never logged, and errors name the file or variable, never the value.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEFAULT_SECRETS_DIR = '/var/openfaas/secrets';

export interface SecretSource {
  /** Secret name = file name under `dir` (e.g. `freshdesk-api-key`). */
  name: string;
  /** Environment variable used when the file does not exist (local runs). */
  envVar?: string;
  /** @default /var/openfaas/secrets */
  dir?: string;
  /** The environment to read; passed in so `shared/` never reads process.env itself. */
  env?: Record<string, string | undefined>;
}

/** The trimmed secret, or undefined when neither the file nor the variable is set. */
export function readSecret(source: SecretSource): string | undefined {
  const path = join(source.dir ?? DEFAULT_SECRETS_DIR, source.name);
  try {
    const value = readFileSync(path, 'utf8').trim();
    if (value !== '') return value;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new Error(`cannot read secret file ${path}: ${code ?? 'error'}`);
  }
  const fromEnv = source.envVar ? source.env?.[source.envVar]?.trim() : undefined;
  return fromEnv === '' ? undefined : fromEnv;
}
