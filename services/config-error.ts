/** A configuration problem: names the key and the fix so the operator can act on it. */
export class ConfigError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`${key}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** A value from a config file as a message quotes it: JSON for objects and lists, never "[object Object]". */
export function shown(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}
