import type { AppInstallConfig } from '../config.js';
import { GraphSignInFailed, type GraphApi, type GraphResponse } from '../graph/graph-api.js';
import type { RatePacer, Sleep } from './rate-pacer.js';

export type InstallOutcome = 'installed' | 'already' | 'cannot' | 'failed';

export interface InstallResult {
  outcome: InstallOutcome;
  /** For cannot and failed: what the business unit can do about it. */
  why?: string;
  /** For already: the 1:1 chat the bot has with them, when Graph named it. */
  chatId?: string;
}

/** Whom to install for: their Entra id if known, else the address they sign in with. */
export interface InstallTarget {
  aadObjectId?: string;
  email: string;
  /** The tenant their Teams is in, when an earlier installation told us. */
  tenantId?: string;
}

/**
 * Graph answers 404 for a user id or address the partnership's tenant does not hold: someone in
 * another organisation, or an account that was removed. The bot cannot tell which, so it says both.
 */
export const NOT_IN_TENANT = 'Not found in the partnership\'s tenant (another organisation, or the account was removed). If they are in another organisation, its Teams admin must allow the app and install it for them (or they open it once themselves); if their account was removed, take them off the roster.';
export const OTHER_TENANT = 'They use Teams in another organisation\'s tenant, where the bot cannot install apps. Their organisation\'s Teams admin must allow the app and install it for them (or they open it once themselves).';
const NOT_PERMITTED = 'The bot is not allowed to install apps: an Entra admin must grant the application permission TeamsAppInstallation.ReadWriteSelfForUser.All (API permissions, Grant admin consent). If it is granted, check the app is allowed for them in the Teams admin centre.';
const MAX_THROTTLED = 8;
const MAX_TRANSIENT = 3;

/**
 * Installs the bot's Teams app for one person through Graph (POST /users/{id}/teamwork/installedApps),
 * waiting its turn on the shared pacer; a 429 holds every request for its Retry-After and this
 * one is tried again. Never throws: every end is an outcome with its reason.
 */
export class AppInstaller {
  private readonly bind: string;

  constructor(
    private readonly graph: GraphApi,
    private readonly config: AppInstallConfig,
    private readonly tenantId: string,
    private readonly pacer: RatePacer,
    private readonly sleep: Sleep,
    endpoint = 'https://graph.microsoft.com',
  ) {
    this.bind = `${endpoint}/v1.0/appCatalogs/teamsApps/${config.catalogId}`;
  }

  async install(target: InstallTarget): Promise<InstallResult> {
    if (target.tenantId && target.tenantId.toLowerCase() !== this.tenantId.toLowerCase()) return { outcome: 'cannot', why: OTHER_TENANT };
    const user = encodeURIComponent(target.aadObjectId ?? target.email);
    let throttled = 0;
    let transient = 0;
    for (;;) {
      await this.pacer.turn();
      let res: GraphResponse;
      try {
        res = await this.graph.send({ method: 'POST', url: `/users/${user}/teamwork/installedApps`, body: { 'teamsApp@odata.bind': this.bind } });
      } catch (e) {
        if (e instanceof GraphSignInFailed) return { outcome: 'failed', why: `The bot could not sign in to Microsoft Graph: ${e.fix}` };
        if (++transient >= MAX_TRANSIENT) return { outcome: 'failed', why: 'Microsoft Graph could not be reached. The next send tries again.' };
        await this.sleep(1000 * transient);
        continue;
      }
      if (res.status >= 200 && res.status < 300) return { outcome: 'installed' };
      if (res.status === 409) {
        const chatId = await this.chatOf(user);
        return chatId ? { outcome: 'already', chatId } : { outcome: 'already' };
      }
      if (res.status === 429) {
        if (++throttled > MAX_THROTTLED) return { outcome: 'failed', why: 'Microsoft Graph kept asking the bot to slow down. The next send tries again.' };
        this.pacer.holdFor(res.retryAfterMs ?? 5000);
        continue;
      }
      if (res.status >= 500) {
        if (++transient >= MAX_TRANSIENT) return { outcome: 'failed', why: `Microsoft Graph had a problem (${res.status}). The next send tries again.` };
        await this.sleep(1000 * transient);
        continue;
      }
      if (res.status === 404) return { outcome: 'cannot', why: NOT_IN_TENANT };
      if (res.status === 401 || res.status === 403) return { outcome: 'failed', why: NOT_PERMITTED };
      return { outcome: 'failed', why: `Microsoft Graph refused (${res.status}${graphCode(res)}).` };
    }
  }

  /**
   * The bot's 1:1 chat with someone who has the app already: their installation of it, then its
   * chat. Paced like the installs; any failure leaves them to be reached once they open the app.
   */
  private async chatOf(user: string): Promise<string | undefined> {
    try {
      await this.pacer.turn();
      const filter = encodeURIComponent(`teamsApp/id eq '${this.config.catalogId}'`);
      const list = await this.graph.send<InstalledApps>({ method: 'GET', url: `/users/${user}/teamwork/installedApps?$expand=teamsApp&$filter=${filter}` });
      if (list.status !== 200) return undefined;
      const mine = list.body?.value?.find((a) => a.teamsApp?.id?.toLowerCase() === this.config.catalogId);
      if (!mine?.id) return undefined;
      await this.pacer.turn();
      const chat = await this.graph.send<{ id?: unknown }>({ method: 'GET', url: `/users/${user}/teamwork/installedApps/${encodeURIComponent(mine.id)}/chat` });
      return chat.status === 200 && typeof chat.body?.id === 'string' ? chat.body.id : undefined;
    } catch {
      return undefined;
    }
  }
}

/** A page of a user's installed apps, with each app's catalog id. */
interface InstalledApps {
  value?: Array<{ id?: string; teamsApp?: { id?: string } }>;
}

function graphCode(res: GraphResponse): string {
  const code = (res.body as { error?: { code?: unknown } } | undefined)?.error?.code;
  return typeof code === 'string' ? `: ${code.slice(0, 80)}` : '';
}
