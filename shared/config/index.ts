/** Configuration helpers for the functions' config.ts files. */
export { ConfigError, FreshdeskEnv, once, parseEnv, signingSettings, stringBool, ticketSystemSettings, type Env, type SigningSettings } from './env';
export { DEFAULT_SECRETS_DIR, readSecret } from './secrets';
