import { graphProvision } from '../../bot/graph-provision.js';
import { addListsRoutes, FAKE_SITE_ID, listNamed, newListsState, type FakeList, type ListsState } from './fake-graph/lists.js';
import { fakeGraphEnv, startFakeGraph, type FakeGraph, type FakeGraphOptions } from './fake-graph/server.js';

/** The fake Graph on loopback with the site's lists provisioned as `npm run graph:provision` makes them. */
export async function provisionedFakeGraph(env: Record<string, string>, opts: FakeGraphOptions = {}): Promise<{ fake: FakeGraph; state: ListsState; env: Record<string, string> }> {
  const fake = await startFakeGraph(opts);
  const state = newListsState();
  addListsRoutes(fake, state);
  const graphEnv = { ...env, ...fakeGraphEnv(fake, FAKE_SITE_ID) };
  const out: string[] = [];
  const code = await graphProvision({ env: { DATA_DIR: '/nonexistent-not-used', ...graphEnv }, out: (l) => out.push(l), sleep: async () => undefined });
  if (code !== 0) throw new Error(`provisioning failed:\n${out.join('\n')}`);
  return { fake, state, env: graphEnv };
}

/** The rows of a list as the fake Graph holds them: its fields. */
export function rowsOf(state: ListsState, list: string): Array<Record<string, unknown>> {
  return [...(listNamed(state, list) as FakeList).items.values()].map((i) => i.fields);
}

/** How many rows carry each BotId: every value 1 means no row was doubled. */
export function rowsPerBotId(state: ListsState, list: string): Map<unknown, number> {
  const n = new Map<unknown, number>();
  for (const f of rowsOf(state, list)) n.set(f.BotId, (n.get(f.BotId) ?? 0) + 1);
  return n;
}

/** Polls until `check` holds; fails with `what` after `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what} (waited ${ms} ms)`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
