import { ConfigError, loadConfig, type AppConfig } from '../services/config.js';

/** Reads the configuration once; a bad value ends the process with the key and the fix, not a stack trace. */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`Configuration problem: ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}
