import type { AppConfig } from './config.js';

/** Who is asking, as far as the rules care: taken from the activity by the bot layer. */
export interface Actor {
  teamsUserId: string;
  aadObjectId?: string;
  tenantId?: string;
  name?: string;
}

/**
 * Ids come from an activity. The HTTP edge refuses ones that are not strings, but these rules are
 * the last check before access is granted, so anything else counts as no id at all.
 */
const idOrNothing = (id: unknown): string | undefined => (typeof id === 'string' && id ? id.toLowerCase() : undefined);

export function tenantAllowed(config: AppConfig, tenantId: string | undefined): boolean {
  if (config.allowedTenantIds.length === 0) return true;
  const id = idOrNothing(tenantId);
  return !!id && config.allowedTenantIds.includes(id);
}

export function isBusinessUnit(config: AppConfig, actor: Actor): boolean {
  if (config.everyoneIsBusinessUnit) return true;
  const id = idOrNothing(actor.aadObjectId);
  return !!id && config.businessUnitIds.includes(id);
}
