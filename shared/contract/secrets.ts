/**
 * The OpenFaaS secrets the functions read (stack.yml lists them per function; `faas-cli secret
 * create <name>`), the variable each falls back to for local runs, and where the files are.
 */
import { z } from 'zod';

export const DEFAULT_SECRETS_DIR = '/var/openfaas/secrets';

/** `SECRETS_DIR`: the runner points it at `.secrets/` locally. */
export const SecretsDir = z.string().default(DEFAULT_SECRETS_DIR);

export interface SecretName {
  /** The file name under the secrets directory. */
  name: string;
  /** The environment variable used when the file does not exist. */
  envVar: string;
}

export const SECRETS = {
  freshdeskApiKey: { name: 'freshdesk-api-key', envVar: 'FRESHDESK_API_KEY' },
  signing: { name: 'triage-signing-secret', envVar: 'SIGNING_SECRET' },
  webhookToken: { name: 'triage-webhook-token', envVar: 'WEBHOOK_TOKEN' },
} as const satisfies Record<string, SecretName>;
