import { ConfigError } from './config-error.js';

type Env = Record<string, string | undefined>;

export const LOCAL_MODE_OPT_IN = 'LOCAL_MODE_LISTEN_ON_ALL_INTERFACES';

// 127.0.0.0/8, ::1 and localhost never leave the machine.
const LOOPBACK = /^(127(\.\d{1,3}){3}|::1|localhost)$/i;

export const isLoopback = (host: string): boolean => LOOPBACK.test(host);

/**
 * The interface the server listens on. Local mode (no MicrosoftAppId) checks no token, so anyone
 * who reaches the port can act as any Teams user, and as business unit while BUSINESS_UNIT_IDS is
 * unset: it stays on loopback unless the operator opts in by a name that says what it does.
 */
export function listenHost(env: Env, localMode: boolean): string {
  const host = env.HOST?.trim();
  const optIn = env[LOCAL_MODE_OPT_IN]?.trim().toLowerCase();
  if (optIn && optIn !== 'true' && optIn !== 'false') {
    throw new ConfigError(LOCAL_MODE_OPT_IN, `"${env[LOCAL_MODE_OPT_IN]}" is not true or false.`);
  }
  if (!localMode) return host || '0.0.0.0';
  if (optIn === 'true') return host || '0.0.0.0';
  if (!host) return '127.0.0.1';
  if (isLoopback(host)) return host;
  throw new ConfigError(
    'HOST',
    `is ${host}, but without MicrosoftAppId (local mode) the bot checks no token, so other machines could act as any user. ` +
      `Remove HOST to listen on 127.0.0.1 only, set MicrosoftAppId, or set ${LOCAL_MODE_OPT_IN}=true if other machines really must reach an unauthenticated bot.`,
  );
}
