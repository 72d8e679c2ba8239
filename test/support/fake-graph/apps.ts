import type { FakeAnswer, FakeGraph } from './server.js';

/**
 * Apps installed for a user on the fake Graph: POST /users/{id | userPrincipalName}/teamwork/installedApps
 * with {"teamsApp@odata.bind": ".../appCatalogs/teamsApps/{id}"} (201, no body), 409 when the
 * app is there already, 404 for a user not in the tenant, 403 when the app may not install apps;
 * GET the list, one installation, and its chat. `onInstall` lets a test play Teams, which tells
 * the bot about the new installation.
 */

export interface AppUser {
  id: string;
  userPrincipalName: string;
}

export interface AppsState {
  /** The tenant's users, by Entra id and by user principal name (both lower-case). */
  users: Map<string, AppUser>;
  /** Installation ids by user id, then by Teams app id. */
  installed: Map<string, Map<string, string>>;
  /** Apps in the tenant's catalog. */
  catalog: Set<string>;
  /** False: the app was not granted TeamsAppInstallation.ReadWriteSelfForUser.All. */
  permitted: boolean;
  onInstall?: (user: AppUser, teamsAppId: string) => void;
}

export function newAppsState(catalog: string[], users: AppUser[] = []): AppsState {
  const state: AppsState = { users: new Map(), installed: new Map(), catalog: new Set(catalog.map((c) => c.toLowerCase())), permitted: true };
  for (const u of users) addAppUser(state, u);
  return state;
}

export function addAppUser(state: AppsState, user: AppUser): void {
  state.users.set(user.id.toLowerCase(), user);
  state.users.set(user.userPrincipalName.toLowerCase(), user);
}

const INSTALLED = /^\/users\/([^/]+)\/teamwork\/installedApps(?:\/([^/]+)(\/chat)?)?$/;
const BIND = /\/appCatalogs\/teamsApps\/([^/]+)$/;

const error = (status: number, code: string, message: string): FakeAnswer => ({ status, body: { error: { code, message } } });

export function addAppsRoutes(fake: FakeGraph, state: AppsState): void {
  fake.routes.add('apps', (req): FakeAnswer | undefined => {
    const m = INSTALLED.exec(req.path);
    if (!m) return undefined;
    if (!state.permitted) return error(403, 'Forbidden', 'Missing role permissions on the request. API requires one of \'TeamsAppInstallation.ReadWriteSelfForUser.All\'.');
    const user = state.users.get(m[1].toLowerCase());
    if (!user) return error(404, 'NotFound', 'User not found in the tenant.');
    const mine = state.installed.get(user.id) ?? new Map<string, string>();
    if (req.method === 'POST' && !m[2]) {
      const bind = typeof req.body?.['teamsApp@odata.bind'] === 'string' ? BIND.exec(req.body['teamsApp@odata.bind']) : null;
      if (!bind) return error(400, 'BadRequest', 'teamsApp@odata.bind is required.');
      const appId = bind[1].toLowerCase();
      if (!state.catalog.has(appId)) return error(404, 'NotFound', 'The app is not in the tenant\'s app catalog.');
      if (mine.has(appId)) return error(409, 'Conflict', 'App is already installed for the user.');
      mine.set(appId, `inst-${user.id}-${appId}`);
      state.installed.set(user.id, mine);
      state.onInstall?.(user, appId);
      return { status: 201 };
    }
    if (req.method !== 'GET') return undefined;
    if (!m[2]) return { status: 200, body: { value: [...mine].map(([appId, id]) => ({ id, teamsApp: { id: appId } })) } };
    const found = [...mine].find(([, id]) => id === m[2]);
    if (!found) return error(404, 'NotFound', 'No such installation.');
    if (m[3]) return { status: 200, body: { id: `19:${user.id}_bot@unq.gbl.spaces`, chatType: 'oneOnOne' } };
    return { status: 200, body: { id: found[1], teamsApp: { id: found[0] } } };
  });
}
