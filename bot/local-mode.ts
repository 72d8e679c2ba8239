import type { AppConfig } from '../services/config.js';
import { isLoopback, LOCAL_MODE_OPT_IN } from '../services/listen-host.js';

/**
 * The start-up warning for local mode, in one line: what is not checked, who counts as business
 * unit, and who can reach the bot. An operator who meant to run for real sees at once what is wrong.
 */
export function localModeWarning(config: AppConfig): { note: string; host: string; everyoneIsBusinessUnit: boolean } | undefined {
  if (config.auth) return undefined;
  const who = config.everyoneIsBusinessUnit
    ? 'every user is business unit staff, as BUSINESS_UNIT_IDS is unset'
    : `business unit staff are the ${config.businessUnitIds.length} Entra id(s) in BUSINESS_UNIT_IDS, but any caller can claim to be one of them`;
  const reach = isLoopback(config.host)
    ? `it listens on ${config.host}, so only this machine can reach it`
    : `it listens on ${config.host} because ${LOCAL_MODE_OPT_IN}=true, so other machines can reach it`;
  return {
    note: `Local mode (no MicrosoftAppId): requests are not checked for a Bot Framework token, so a caller can claim to be any Teams user; ${who}; ${reach}. For trying the bot, not for real people's data.`,
    host: config.host,
    everyoneIsBusinessUnit: config.everyoneIsBusinessUnit,
  };
}
