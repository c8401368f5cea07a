/** A bad or missing setting: the message names the variable or secret and the fix, never a value. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(`configuration: ${message}`);
    this.name = 'ConfigError';
  }
}
