import type { FakeAnswer, FakeGraph } from './server.js';

/**
 * Entra groups on the fake Graph: GET /groups/{id}/transitiveMembers/microsoft.graph.user, paged
 * with @odata.nextLink as Graph pages it ($top up to 999, a $skiptoken in the next link),
 * honouring $select. An unknown group is 404 Request_ResourceNotFound; with the permission not
 * granted, 403 Authorization_RequestDenied, as Graph answers an app without GroupMember.Read.All.
 */

export interface FakeUser {
  id: string;
  displayName: string | null;
  mail: string | null;
  userPrincipalName: string | null;
}

export interface GroupsState {
  /** Members by group id (lower-case), nested groups already flattened. */
  groups: Map<string, FakeUser[]>;
  /** The most a page holds, whatever $top asks (Graph's own ceiling is 999). */
  maxPageSize: number;
  /** False: the app was not granted GroupMember.Read.All. */
  granted: boolean;
}

export function newGroupsState(groups: Record<string, FakeUser[]> = {}, opts: Partial<Pick<GroupsState, 'maxPageSize' | 'granted'>> = {}): GroupsState {
  return { groups: new Map(Object.entries(groups).map(([id, m]) => [id.toLowerCase(), m])), maxPageSize: opts.maxPageSize ?? 999, granted: opts.granted ?? true };
}

const MEMBERS = /^\/groups\/([^/]+)\/transitiveMembers\/microsoft\.graph\.user$/;
const SELECTABLE = ['id', 'displayName', 'mail', 'userPrincipalName'] as const;

export function addGroupsRoutes(fake: FakeGraph, state: GroupsState): void {
  fake.routes.add('groups', (req): FakeAnswer | undefined => {
    const m = MEMBERS.exec(req.path);
    if (!m || req.method !== 'GET') return undefined;
    if (!state.granted) return { status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } } };
    const groupId = m[1].toLowerCase();
    const members = state.groups.get(groupId);
    if (!members) return { status: 404, body: { error: { code: 'Request_ResourceNotFound', message: `Resource '${m[1]}' does not exist or one of its queried reference-property objects are not present.` } } };
    const top = Math.min(Number(req.query.get('$top') ?? 100) || 100, 999, state.maxPageSize);
    const from = Number(req.query.get('$skiptoken') ?? 0) || 0;
    const select = (req.query.get('$select') ?? SELECTABLE.join(',')).split(',').filter((f): f is (typeof SELECTABLE)[number] => (SELECTABLE as readonly string[]).includes(f));
    const value = members.slice(from, from + top).map((u) => ({ '@odata.type': '#microsoft.graph.user', ...Object.fromEntries(select.map((f) => [f, u[f]])) }));
    const next = from + top < members.length ? new URL(`${fake.url}/v1.0/groups/${m[1]}/transitiveMembers/microsoft.graph.user`) : undefined;
    if (next) {
      for (const [k, v] of req.query) if (k !== '$skiptoken') next.searchParams.set(k, v);
      next.searchParams.set('$skiptoken', String(from + top));
    }
    return { status: 200, body: { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users', value, ...(next ? { '@odata.nextLink': next.toString() } : {}) } };
  });
}

/** A member as the fake lists them. */
export function fakeUser(n: number, domain = 'norfolk.gov.uk'): FakeUser {
  const hex = n.toString(16).padStart(12, '0');
  return { id: `44444444-4444-4444-8444-${hex}`, displayName: `Member ${n}`, mail: `member${n}@${domain}`, userPrincipalName: `member${n}@${domain}` };
}
