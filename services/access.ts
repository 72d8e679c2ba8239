import type { AppConfig } from './config.js';

/** Who is asking, as far as the rules care: taken from the activity by the bot layer. */
export interface Actor {
  teamsUserId: string;
  aadObjectId?: string;
  tenantId?: string;
  name?: string;
}

export function tenantAllowed(config: AppConfig, tenantId: string | undefined): boolean {
  if (config.allowedTenantIds.length === 0) return true;
  return !!tenantId && config.allowedTenantIds.includes(tenantId.toLowerCase());
}

export function isBusinessUnit(config: AppConfig, actor: Actor): boolean {
  if (config.everyoneIsBusinessUnit) return true;
  return !!actor.aadObjectId && config.businessUnitIds.includes(actor.aadObjectId.toLowerCase());
}
