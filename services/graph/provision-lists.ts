import type { ReplicaColumn, ReplicaList } from '../replica/replica-spec.js';
import { BOT_ID_COLUMN } from '../replica/replica-spec.js';
import type { GraphApi, GraphRequest, GraphResponse } from './graph-api.js';
import { GraphSignInFailed } from './graph-api.js';
import { explainGraphFailure } from './graph-failure.js';
import { BOT_ID_SPEC, columnDefinition, columnType, missingChoices, type GraphColumn } from './list-columns.js';

/**
 * `npm run graph:provision`: one SharePoint list per replica list, with its typed columns and
 * the indexed, unique BotId column. Lists and columns are found by their internal names, which
 * SharePoint never changes when someone renames them in the browser: a renamed list or column is
 * kept as the business unit named it, and the bot goes on filling it. Running it again changes
 * nothing; a new form question becomes a new column.
 */

export type ProvisionStep =
  | { kind: 'created-list'; list: string; text: string }
  | { kind: 'added-column'; list: string; text: string }
  | { kind: 'changed-column'; list: string; text: string }
  | { kind: 'kept'; list: string; text: string }
  | { kind: 'warning'; list: string; text: string };

export interface ProvisionReport {
  steps: ProvisionStep[];
  /** True when something was created or changed. */
  changed: boolean;
}

/** Provisioning stopped: `message` names the fix. Lists done before it stay done; running again carries on. */
export class ProvisionFailed extends Error {
  constructor(
    message: string,
    readonly steps: ProvisionStep[],
  ) {
    super(message);
    this.name = 'ProvisionFailed';
  }
}

export interface ProvisionDeps {
  graph: GraphApi;
  siteId: string;
  lists: ReplicaList[];
  /** Waits out a Retry-After (injected so tests need not wait). */
  sleep?: (ms: number) => Promise<void>;
  /** How many times one request is tried when Graph throttles or is briefly unavailable. */
  attempts?: number;
}

interface SiteList {
  id: string;
  name: string;
  displayName: string;
}

const RETRYABLE = new Set([429, 503, 502, 504]);
/** graph:provision exits on a failure: its messages must not promise that it tries again. */
const ONCE = { keepsTrying: false };

export async function provisionLists(deps: ProvisionDeps): Promise<ProvisionReport> {
  const { graph, siteId } = deps;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const attempts = deps.attempts ?? 5;
  const steps: ProvisionStep[] = [];
  const site = `/sites/${siteId}`;

  async function send<T>(req: GraphRequest, doing: string): Promise<GraphResponse<T>> {
    for (let attempt = 1; ; attempt++) {
      let res: GraphResponse<T>;
      try {
        res = await graph.send<T>(req);
      } catch (e) {
        throw new ProvisionFailed(e instanceof GraphSignInFailed ? explainGraphFailure(e) : `${doing}: ${explainGraphFailure(e as Error, ONCE)}`, steps);
      }
      if (RETRYABLE.has(res.status) && attempt < attempts) {
        await sleep(res.retryAfterMs ?? 2 ** attempt * 1000);
        continue;
      }
      if (res.status >= 400) throw new ProvisionFailed(failure(res, doing, siteId), steps);
      return res;
    }
  }

  await send({ method: 'GET', url: `${site}?$select=id,displayName,webUrl` }, 'Reading the site');
  const existing = await send<{ value: SiteList[] }>({ method: 'GET', url: `${site}/lists?$select=id,name,displayName&$top=999` }, 'Listing the site\'s lists');
  const byName = new Map(existing.body.value.map((l) => [l.name.toLowerCase(), l]));

  for (const spec of deps.lists) {
    const wanted: ReplicaColumn[] = [BOT_ID_SPEC, ...spec.columns.filter((c) => c.name !== BOT_ID_COLUMN)];
    let list = byName.get(spec.list.toLowerCase());
    if (!list) {
      // SharePoint takes a new list's internal name (and web address) from the title it is
      // created with: create it under the internal name, then give it the title people see.
      const created = await send<SiteList>(
        { method: 'POST', url: `${site}/lists`, body: { displayName: spec.list, description: spec.description ?? '', columns: wanted.map(columnDefinition), list: { template: 'genericList' } } },
        `Creating the list "${spec.displayName}"`,
      );
      list = created.body;
      if (spec.displayName !== spec.list) {
        await send({ method: 'PATCH', url: `${site}/lists/${list.id}`, body: { displayName: spec.displayName } }, `Naming the list "${spec.displayName}"`);
      }
      // When other lists of the bot are there already, a missing one is new or was deleted by hand.
      const missing = deps.lists.some((l) => byName.has(l.list.toLowerCase())) ? ' It was not on the site: new, or deleted by hand.' : '';
      steps.push({ kind: 'created-list', list: spec.list, text: `Created the list "${spec.displayName}" with ${wanted.length} columns.${missing}` });
    } else if (list.displayName !== spec.displayName && list.displayName !== spec.list) {
      steps.push({ kind: 'kept', list: spec.list, text: `The list "${spec.displayName}" is called "${list.displayName}" in SharePoint (renamed there): kept, the bot still fills it.` });
    }
    await reconcileColumns(spec, list, wanted);
  }
  return { steps, changed: steps.some((s) => s.kind === 'created-list' || s.kind === 'added-column' || s.kind === 'changed-column') };

  async function reconcileColumns(spec: ReplicaList, list: SiteList, wanted: ReplicaColumn[]): Promise<void> {
    const columns = `${site}/lists/${list.id}/columns`;
    const have = (await send<{ value: GraphColumn[] }>({ method: 'GET', url: columns }, `Reading the columns of "${spec.displayName}"`)).body.value;
    for (const c of wanted) {
      const g = have.find((h) => h.name === c.name);
      const shown = c.displayName ?? c.name;
      if (!g) {
        await send({ method: 'POST', url: columns, body: columnDefinition(c) }, `Adding the column "${shown}" to "${spec.displayName}"`);
        steps.push({ kind: 'added-column', list: spec.list, text: `"${spec.displayName}": added the column "${shown}" (${c.type}).` });
        continue;
      }
      const type = columnType(g);
      if (type !== c.type) {
        steps.push({
          kind: 'warning',
          list: spec.list,
          text: `"${spec.displayName}": the column "${g.displayName ?? g.name}" (${g.name}) is ${type ?? 'another kind'} in SharePoint but the bot writes ${c.type}. Left as it is; rows may fail until it is deleted in SharePoint and this command is run again.`,
        });
        continue;
      }
      const change: Record<string, unknown> = {};
      if (c.name === BOT_ID_COLUMN && (!g.indexed || !g.enforceUniqueValues)) Object.assign(change, { indexed: true, enforceUniqueValues: true });
      const newChoices = c.type === 'choice' ? missingChoices(c, g) : [];
      if (newChoices.length) change.choice = { ...g.choice, choices: [...(g.choice?.choices ?? []), ...newChoices] };
      if (Object.keys(change).length) {
        await send({ method: 'PATCH', url: `${columns}/${g.id}`, body: change }, `Updating the column "${shown}" of "${spec.displayName}"`);
        const what = newChoices.length ? `added the choices ${newChoices.map((x) => `"${x}"`).join(', ')}` : 'made it indexed and unique';
        steps.push({ kind: 'changed-column', list: spec.list, text: `"${spec.displayName}": column "${shown}": ${what}.` });
      }
      if (g.displayName && g.displayName !== shown && g.displayName !== c.name) {
        steps.push({ kind: 'kept', list: spec.list, text: `"${spec.displayName}": the column "${shown}" is called "${g.displayName}" in SharePoint (renamed there): kept, the bot fills it by its internal name ${g.name}.` });
      }
    }
  }
}

function failure(res: GraphResponse, doing: string, siteId: string): string {
  if (res.status === 404 && /^Reading the site|^Listing/.test(doing)) {
    return `${doing}: SHAREPOINT_SITE_ID "${siteId}" is not a site Microsoft Graph knows. Find the site's id with GET /sites/{host name}:/sites/{site path} (README, "SharePoint replica") and put it in SHAREPOINT_SITE_ID.`;
  }
  if (res.status === 403 && /^(Creating|Naming|Adding|Updating)/.test(doing)) {
    return `${doing}: the app may read the site but not change its lists. Creating lists and columns needs more than write access: give the app the fullcontrol role on this site while you run npm run graph:provision (README, "SharePoint replica"), then set it back to write.`;
  }
  return `${doing}: ${explainGraphFailure(res, ONCE)}`;
}
