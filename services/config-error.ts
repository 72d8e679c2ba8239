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

/**
 * A bad form definition. `key` is like `config/norfolk.json forms.jags-feedback.sections[1].questions[2]`;
 * the message names the form, the question and the fix.
 */
export class FormDefinitionError extends ConfigError {
  constructor(key: string, message: string) {
    super(key, message);
    this.name = 'FormDefinitionError';
  }
}
