import type { FakeGraph } from './server.js';

/**
 * SharePoint sites, lists, columns and items on the fake Graph, shaped on Graph's documented
 * JSON. Skeleton: sites only; lists, columns and items follow.
 */

export const FAKE_SITE_ID = 'contoso.sharepoint.com,1b1a1b1a-0000-4000-8000-000000000001,2c2c2c2c-0000-4000-8000-000000000002';

export interface FakeSite {
  id: string;
  name: string;
  displayName: string;
  webUrl: string;
}

export interface ListsState {
  sites: Map<string, FakeSite>;
}

export function newListsState(siteIds: string[] = [FAKE_SITE_ID]): ListsState {
  return {
    sites: new Map(siteIds.map((id) => [id, { id, name: 'nscp', displayName: 'NSCP Engage', webUrl: `https://${id.split(',')[0]}/sites/nscp` }])),
  };
}

export function addListsRoutes(fake: FakeGraph, state: ListsState): void {
  fake.routes.add('lists', (req) => {
    const m = /^\/sites\/([^/]+)$/.exec(req.path);
    if (!m || req.method !== 'GET') return undefined;
    const site = state.sites.get(m[1]);
    if (!site) return { status: 404, body: { error: { code: 'itemNotFound', message: 'Requested site could not be found' } } };
    return { status: 200, body: site };
  });
}
