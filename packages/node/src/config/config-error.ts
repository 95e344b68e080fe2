/** A setting that cannot be used; the message names the flag, variable or key and its source. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
