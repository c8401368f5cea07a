/** Configuration helpers for the functions' config.ts files. */
export {
  ConfigError,
  once,
  parseEnv,
  signingSettings,
  stringBool,
  ticketSystemSettings,
  type Env,
  type SigningSettings,
} from './env';
export { readSecret } from './secrets';
