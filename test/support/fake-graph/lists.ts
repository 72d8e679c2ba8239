import { randomUUID } from 'node:crypto';
import type { FakeAnswer, FakeGraph, FakeRequest } from './server.js';

/**
 * SharePoint sites, lists, columns and items on the fake Graph, shaped on Graph's documented
 * JSON (site, list, columnDefinition, listItem with fields). Enough of SharePoint's behaviour
 * to catch what would fail for real: lists found by id or name, columns by internal name,
 * unique columns refusing a duplicate with 409, $filter only on indexed columns unless the
 * Prefer header allows it, unknown fields and wrongly typed values refused with 400.
 */

export const FAKE_SITE_ID = 'contoso.sharepoint.com,1b1a1b1a-0000-4000-8000-000000000001,2c2c2c2c-0000-4000-8000-000000000002';

export type FakeColumnType = 'text' | 'note' | 'number' | 'dateTime' | 'boolean' | 'choice';

export interface FakeColumn {
  id: string;
  name: string;
  displayName: string;
  description: string;
  enforceUniqueValues: boolean;
  hidden: boolean;
  indexed: boolean;
  readOnly: boolean;
  required: boolean;
  /** One of Graph's type facets, e.g. { text: { allowMultipleLines: false, maxLength: 255 } }. */
  facet: Record<string, unknown>;
}

export interface FakeItem {
  id: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  eTag: string;
  fields: Record<string, unknown>;
}

export interface FakeList {
  id: string;
  name: string;
  displayName: string;
  description: string;
  createdDateTime: string;
  columns: FakeColumn[];
  items: Map<string, FakeItem>;
  nextItemId: number;
}

export interface FakeSite {
  id: string;
  name: string;
  displayName: string;
  webUrl: string;
  lists: Map<string, FakeList>;
}

export interface ListsState {
  sites: Map<string, FakeSite>;
}

export function newListsState(siteIds: string[] = [FAKE_SITE_ID]): ListsState {
  return {
    sites: new Map(siteIds.map((id) => [id, { id, name: 'nscp', displayName: 'NSCP Engage', webUrl: `https://${id.split(',')[0]}/sites/nscp`, lists: new Map() }])),
  };
}

/** A list on a site by its internal name, for assertions. */
export function listNamed(state: ListsState, name: string, siteId = FAKE_SITE_ID): FakeList | undefined {
  return [...(state.sites.get(siteId)?.lists.values() ?? [])].find((l) => l.name === name);
}

/** How many items hold each value of a column, e.g. rows per BotId: a value counted twice is a doubled row. */
export function countBy(list: FakeList, column: string): Map<unknown, number> {
  const counts = new Map<unknown, number>();
  for (const item of list.items.values()) counts.set(item.fields[column], (counts.get(item.fields[column]) ?? 0) + 1);
  return counts;
}

const TYPE_FACETS: FakeColumnType[] = ['text', 'note', 'number', 'dateTime', 'boolean', 'choice'];

function error(status: number, code: string, message: string): FakeAnswer {
  return { status, body: { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': 'fake' } } } };
}
const notFound = (what: string) => error(404, 'itemNotFound', what);

function builtInColumns(): FakeColumn[] {
  const base = { description: '', enforceUniqueValues: false, hidden: false, indexed: false, readOnly: true, required: false };
  return [
    { ...base, id: randomUUID(), name: 'Title', displayName: 'Title', readOnly: false, required: true, facet: { text: { allowMultipleLines: false, maxLength: 255 } } },
    { ...base, id: randomUUID(), name: 'ID', displayName: 'ID', facet: { number: {} } },
    { ...base, id: randomUUID(), name: 'Created', displayName: 'Created', facet: { dateTime: { format: 'dateTime' } } },
    { ...base, id: randomUUID(), name: 'Modified', displayName: 'Modified', facet: { dateTime: { format: 'dateTime' } } },
    { ...base, id: randomUUID(), name: 'ContentType', displayName: 'Content Type', facet: { text: {} } },
  ];
}

function columnJson(c: FakeColumn): Record<string, unknown> {
  const { facet, ...rest } = c;
  return { ...rest, ...facet };
}

function listJson(site: FakeSite, l: FakeList, withColumns = false): Record<string, unknown> {
  return {
    id: l.id,
    name: l.name,
    displayName: l.displayName,
    description: l.description,
    createdDateTime: l.createdDateTime,
    lastModifiedDateTime: l.createdDateTime,
    webUrl: `${site.webUrl}/Lists/${encodeURIComponent(l.name)}`,
    list: { template: 'genericList', hidden: false, contentTypesEnabled: false },
    ...(withColumns ? { columns: l.columns.map(columnJson) } : {}),
  };
}

function itemJson(l: FakeList, item: FakeItem, withFields: boolean): Record<string, unknown> {
  return {
    id: item.id,
    eTag: item.eTag,
    createdDateTime: item.createdDateTime,
    lastModifiedDateTime: item.lastModifiedDateTime,
    contentType: { id: '0x0100', name: 'Item' },
    ...(withFields ? { fields: { '@odata.etag': item.eTag, id: item.id, ...item.fields } } : {}),
  };
}

/** A columnDefinition from a request body, or the reason it is refused. */
function columnFrom(body: Record<string, unknown> | undefined): FakeColumn | string {
  if (!body || typeof body.name !== 'string' || !/^[A-Za-z][A-Za-z0-9_]*$/.test(body.name)) return 'A column needs a name of letters, digits and underscores, starting with a letter.';
  const facets = TYPE_FACETS.filter((t) => t in body);
  if (facets.length !== 1) return `Column '${body.name}' needs exactly one type facet (${TYPE_FACETS.join(', ')}).`;
  const type = facets[0];
  if (body.enforceUniqueValues === true && body.indexed !== true) return 'A column that enforces unique values must be indexed.';
  const given = (body[type] ?? {}) as Record<string, unknown>;
  const facet = type === 'note' ? { text: { allowMultipleLines: true, ...given } } : { [type]: given };
  if (type === 'choice' && !Array.isArray(given.choices)) return `Choice column '${body.name}' needs choice.choices.`;
  return {
    id: randomUUID(),
    name: body.name,
    displayName: typeof body.displayName === 'string' ? body.displayName : body.name,
    description: typeof body.description === 'string' ? body.description : '',
    enforceUniqueValues: body.enforceUniqueValues === true,
    hidden: body.hidden === true,
    indexed: body.indexed === true,
    readOnly: false,
    required: body.required === true,
    facet,
  };
}

/** The reason a value does not fit a column, or undefined when it does. */
function misfit(c: FakeColumn, value: unknown): string | undefined {
  if (value === null) return undefined;
  const [type] = Object.keys(c.facet);
  const settings = c.facet[type] as Record<string, unknown>;
  if (type === 'text') {
    if (typeof value !== 'string') return `Field '${c.name}' expects text.`;
    const max = settings.allowMultipleLines ? 63_999 : ((settings.maxLength as number | undefined) ?? 255);
    if (value.length > max) return `Field '${c.name}' is longer than ${max} characters.`;
  }
  if (type === 'number' && typeof value !== 'number') return `Field '${c.name}' expects a number.`;
  if (type === 'boolean' && typeof value !== 'boolean') return `Field '${c.name}' expects true or false.`;
  if (type === 'dateTime' && (typeof value !== 'string' || Number.isNaN(Date.parse(value)))) return `Field '${c.name}' expects a date and time.`;
  if (type === 'choice') {
    const choices = (settings.choices as string[] | undefined) ?? [];
    if (typeof value !== 'string' || (!settings.allowTextEntry && !choices.includes(value))) return `Field '${c.name}' expects one of ${choices.join(', ')}.`;
  }
  return undefined;
}

function checkFields(l: FakeList, fields: Record<string, unknown>, itemId?: string): FakeAnswer | undefined {
  for (const [name, value] of Object.entries(fields)) {
    if (name === '@odata.etag') continue;
    const c = l.columns.find((col) => col.name === name);
    if (!c || c.readOnly) return error(400, 'invalidRequest', `Field '${name}' is not recognized`);
    const why = misfit(c, value);
    if (why) return error(400, 'invalidRequest', why);
    if (c.enforceUniqueValues && value !== null && [...l.items.values()].some((i) => i.id !== itemId && i.fields[name] === value)) {
      return error(409, 'nameAlreadyExists', `The list item could not be added or updated because duplicate values were found in the following field(s) in the list: [${name}].`);
    }
  }
  return undefined;
}

/** `fields/BotId eq 'x'` (and `and`-joined terms of that form): the only $filter the bot uses. */
function filterItems(l: FakeList, filter: string, preferNonIndexed: boolean): FakeItem[] | FakeAnswer {
  const terms = filter.split(/\s+and\s+/i);
  const tests: ((i: FakeItem) => boolean)[] = [];
  for (const term of terms) {
    const m = /^fields\/([A-Za-z0-9_]+)\s+eq\s+(?:'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?)|(true|false))$/.exec(term.trim());
    if (!m) return error(400, 'invalidRequest', `Invalid filter clause: ${term}`);
    const c = l.columns.find((col) => col.name === m[1]);
    if (!c) return error(400, 'invalidRequest', `Field '${m[1]}' is not recognized`);
    if (!c.indexed && !preferNonIndexed) {
      return error(400, 'invalidRequest', `Field '${m[1]}' cannot be referenced in filter or orderby as it is not indexed. Provide the 'Prefer: HonorNonIndexedQueriesWarningMayFailRandomly' header to allow this, but be warned that such queries may fail on large lists.`);
    }
    const want = m[2] !== undefined ? m[2].replace(/''/g, "'") : m[3] !== undefined ? Number(m[3]) : m[4] === 'true';
    tests.push((i) => i.fields[m[1]] === want);
  }
  return [...l.items.values()].filter((i) => tests.every((t) => t(i)));
}

export function addListsRoutes(fake: FakeGraph, state: ListsState, now: () => number = Date.now): void {
  const iso = () => new Date(now()).toISOString();

  function findList(site: FakeSite, ref: string): FakeList | undefined {
    return site.lists.get(ref) ?? [...site.lists.values()].find((l) => l.name === ref || l.displayName === ref);
  }

  fake.routes.add('lists', (req: FakeRequest): FakeAnswer | undefined => {
    const parts = req.path.split('/').filter(Boolean);
    if (parts[0] !== 'sites' || parts.length < 2) return undefined;

    // GET /sites/{hostname}:/sites/{path}: how an admin finds the site id.
    const byPath = /^\/sites\/([^/:]+):\/sites\/([^/]+)$/.exec(req.path);
    if (byPath && req.method === 'GET') {
      const site = [...state.sites.values()].find((s) => s.id.startsWith(`${byPath[1]},`) && s.name === byPath[2]);
      return site ? { status: 200, body: { id: site.id, name: site.name, displayName: site.displayName, webUrl: site.webUrl } } : notFound('Requested site could not be found');
    }

    const site = state.sites.get(parts[1]);
    if (!site) return notFound('Requested site could not be found');
    const rest = parts.slice(2);
    const m = req.method;

    if (rest.length === 0) return m === 'GET' ? { status: 200, body: { id: site.id, name: site.name, displayName: site.displayName, webUrl: site.webUrl } } : undefined;
    if (rest[0] !== 'lists') return undefined;

    if (rest.length === 1) {
      if (m === 'GET') {
        const expand = (req.query.get('$expand') ?? '').includes('columns');
        return { status: 200, body: { value: [...site.lists.values()].map((l) => listJson(site, l, expand)) } };
      }
      if (m === 'POST') {
        const body = (req.body ?? {}) as Record<string, unknown>;
        const title = body.displayName;
        if (typeof title !== 'string' || !title.trim()) return error(400, 'invalidRequest', 'A list needs a displayName.');
        const name = title.replace(/[^A-Za-z0-9 _-]/g, '');
        if ([...site.lists.values()].some((l) => l.name.toLowerCase() === name.toLowerCase() || l.displayName.toLowerCase() === title.toLowerCase())) {
          return error(409, 'nameAlreadyExists', `A list, survey, discussion board, or document library with the specified title already exists in this Web site.  Please choose another title.`);
        }
        const columns = builtInColumns();
        for (const raw of (body.columns as Record<string, unknown>[] | undefined) ?? []) {
          const c = columnFrom(raw);
          if (typeof c === 'string') return error(400, 'invalidRequest', c);
          if (columns.some((o) => o.name === c.name)) return error(409, 'nameAlreadyExists', `A duplicate field name "${c.name}" was found.`);
          columns.push(c);
        }
        const list: FakeList = { id: randomUUID(), name, displayName: title, description: typeof body.description === 'string' ? body.description : '', createdDateTime: iso(), columns, items: new Map(), nextItemId: 1 };
        site.lists.set(list.id, list);
        return { status: 201, body: listJson(site, list, true) };
      }
      return undefined;
    }

    const list = findList(site, rest[1]);
    if (!list) return notFound('The specified list was not found');

    if (rest.length === 2) {
      if (m === 'GET') return { status: 200, body: listJson(site, list, (req.query.get('$expand') ?? '').includes('columns')) };
      if (m === 'PATCH') {
        const body = (req.body ?? {}) as Record<string, unknown>;
        if (typeof body.displayName === 'string') list.displayName = body.displayName;
        if (typeof body.description === 'string') list.description = body.description;
        return { status: 200, body: listJson(site, list) };
      }
      if (m === 'DELETE') {
        site.lists.delete(list.id);
        return { status: 204 };
      }
      return undefined;
    }

    if (rest[2] === 'columns') {
      if (rest.length === 3 && m === 'GET') return { status: 200, body: { value: list.columns.map(columnJson) } };
      if (rest.length === 3 && m === 'POST') {
        const c = columnFrom(req.body as Record<string, unknown>);
        if (typeof c === 'string') return error(400, 'invalidRequest', c);
        if (list.columns.some((o) => o.name.toLowerCase() === c.name.toLowerCase())) return error(409, 'nameAlreadyExists', `A duplicate field name "${c.name}" was found.`);
        list.columns.push(c);
        return { status: 201, body: columnJson(c) };
      }
      const column = list.columns.find((c) => c.id === rest[3] || c.name === rest[3]);
      if (!column) return notFound('Column not found');
      if (rest.length === 4 && m === 'GET') return { status: 200, body: columnJson(column) };
      if (rest.length === 4 && m === 'PATCH') {
        const body = (req.body ?? {}) as Record<string, unknown>;
        if ('name' in body && body.name !== column.name) return error(400, 'invalidRequest', 'The internal name of a column cannot be changed.');
        for (const key of ['displayName', 'description'] as const) if (typeof body[key] === 'string') column[key] = body[key];
        for (const key of ['indexed', 'enforceUniqueValues', 'required', 'hidden'] as const) if (typeof body[key] === 'boolean') column[key] = body[key];
        const [type] = Object.keys(column.facet);
        const facetKey = type === 'text' && (column.facet.text as Record<string, unknown>).allowMultipleLines ? 'note' : type;
        for (const t of TYPE_FACETS) {
          if (!(t in body)) continue;
          if (t !== facetKey && t !== type) return error(400, 'invalidRequest', `Column '${column.name}' is ${facetKey}; its type cannot be changed to ${t}.`);
          column.facet = { [type]: { ...(column.facet[type] as object), ...(body[t] as object) } };
        }
        return { status: 200, body: columnJson(column) };
      }
      if (rest.length === 4 && m === 'DELETE') {
        list.columns = list.columns.filter((c) => c !== column);
        for (const item of list.items.values()) delete item.fields[column.name];
        return { status: 204 };
      }
      return undefined;
    }

    if (rest[2] !== 'items') return undefined;
    const withFields = (req.query.get('$expand') ?? '').includes('fields');

    if (rest.length === 3) {
      if (m === 'GET') {
        const filter = req.query.get('$filter');
        let found: FakeItem[];
        if (filter) {
          const r = filterItems(list, filter, /HonorNonIndexedQueriesWarningMayFailRandomly/.test(req.headers.prefer ?? ''));
          if (!Array.isArray(r)) return r;
          found = r;
        } else found = [...list.items.values()];
        const top = Math.min(Number(req.query.get('$top') ?? '200') || 200, 5000);
        const skip = Number(req.query.get('$skiptoken') ?? '0') || 0;
        const page = found.slice(skip, skip + top);
        const next = skip + top < found.length ? new URLSearchParams(req.query) : undefined;
        next?.set('$skiptoken', String(skip + top));
        return {
          status: 200,
          body: {
            value: page.map((i) => itemJson(list, i, withFields)),
            ...(next ? { '@odata.nextLink': `${fake.url}/v1.0${req.path}?${next.toString()}` } : {}),
          },
        };
      }
      if (m === 'POST') {
        const fields = ((req.body as { fields?: Record<string, unknown> } | undefined)?.fields ?? {});
        const refused = checkFields(list, fields);
        if (refused) return refused;
        const at = iso();
        const item: FakeItem = { id: String(list.nextItemId++), createdDateTime: at, lastModifiedDateTime: at, eTag: `"${randomUUID()},1"`, fields: Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null)) };
        list.items.set(item.id, item);
        return { status: 201, body: itemJson(list, item, true) };
      }
      return undefined;
    }

    const item = list.items.get(rest[3]);
    if (!item) return notFound('Item not found');
    if (rest.length === 4) {
      if (m === 'GET') return { status: 200, body: itemJson(list, item, withFields) };
      if (m === 'DELETE') {
        list.items.delete(item.id);
        return { status: 204 };
      }
      if (m === 'PATCH') {
        const fields = (req.body as { fields?: Record<string, unknown> } | undefined)?.fields;
        if (fields) {
          const refused = checkFields(list, fields, item.id);
          if (refused) return refused;
          applyFields(item, fields, iso());
        }
        return { status: 200, body: itemJson(list, item, true) };
      }
      return undefined;
    }
    if (rest.length === 5 && rest[4] === 'fields') {
      if (m === 'GET') return { status: 200, body: { '@odata.etag': item.eTag, id: item.id, ...item.fields } };
      if (m === 'PATCH') {
        const fields = (req.body ?? {}) as Record<string, unknown>;
        const refused = checkFields(list, fields, item.id);
        if (refused) return refused;
        applyFields(item, fields, iso());
        return { status: 200, body: { '@odata.etag': item.eTag, id: item.id, ...item.fields } };
      }
    }
    return undefined;
  });
}

function applyFields(item: FakeItem, fields: Record<string, unknown>, at: string): void {
  for (const [k, v] of Object.entries(fields)) {
    if (k === '@odata.etag') continue;
    if (v === null) delete item.fields[k];
    else item.fields[k] = v;
  }
  item.lastModifiedDateTime = at;
  const version = Number(/,(\d+)"$/.exec(item.eTag)?.[1] ?? '1') + 1;
  item.eTag = item.eTag.replace(/,\d+"$/, `,${version}"`);
}
