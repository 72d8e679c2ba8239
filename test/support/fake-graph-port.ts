import type { GraphApi, GraphBatchResponse, GraphRequest, GraphResponse } from '../../services/graph/graph-api.js';

interface FakeList {
  id: string;
  name: string;
  items: Map<string, Record<string, unknown>>;
}

/**
 * An in-process fake of the GraphApi port for unit tests with a fake clock: SharePoint lists and
 * items with a unique BotId column, and hooks to throttle or fail requests. The integration tests
 * use the https fake Graph on loopback instead.
 */
export class FakeGraphPort implements GraphApi {
  readonly lists = new Map<string, FakeList>();
  /** Every inner request, in order. */
  readonly seen: GraphRequest[] = [];
  /** Answer for the whole $batch, instead of running it (e.g. 429). */
  outer: (() => GraphBatchResponse | Error | undefined) | undefined;
  /** Answer for one request, instead of running it. */
  inner: ((req: GraphRequest) => GraphResponse | undefined) | undefined;
  private nextItem = 1;

  constructor(listNames: string[]) {
    for (const [i, name] of listNames.entries()) this.lists.set(`list-${i + 1}`, { id: `list-${i + 1}`, name, items: new Map() });
  }

  rows(name: string): Array<Record<string, unknown>> {
    return [...[...this.lists.values()].find((l) => l.name === name)!.items.values()];
  }

  async send<T = unknown>(req: GraphRequest): Promise<GraphResponse<T>> {
    return this.run(req) as GraphResponse<T>;
  }

  async batch(reqs: GraphRequest[]): Promise<GraphBatchResponse> {
    if (reqs.length > 20) throw new Error('a $batch holds at most 20 requests');
    const o = this.outer?.();
    if (o instanceof Error) throw o;
    if (o) return o;
    return { status: 200, responses: reqs.map((r) => this.inner?.(r) ?? this.run(r)) };
  }

  async all<T = unknown>(url: string): Promise<{ items: T[]; failed?: GraphResponse }> {
    const r = this.run({ method: 'GET', url });
    if (r.status !== 200) return { items: [], failed: r };
    return { items: (r.body as { value: T[] }).value };
  }

  private run(req: GraphRequest): GraphResponse {
    this.seen.push(req);
    const ok = (status: number, body?: unknown): GraphResponse => ({ status, body, headers: {} });
    const [pathPart, query = ''] = req.url.split('?');
    const p = pathPart.split('/').filter(Boolean);
    if (p[0] !== 'sites') return ok(404, { error: { code: 'itemNotFound', message: 'no such route' } });
    if (p.length === 3 && p[2] === 'lists') return ok(200, { value: [...this.lists.values()].map((l) => ({ id: l.id, name: l.name })) });
    const list = this.lists.get(p[3]);
    if (!list) return ok(404, { error: { code: 'itemNotFound', message: 'The list was not found' } });
    const itemId = p[5];
    if (p.length === 5 && req.method === 'GET') {
      const m = /fields\/BotId eq '((?:[^']|'')*)'/.exec(decodeURIComponent(new URLSearchParams(query).get('$filter') ?? ''));
      const want = m?.[1].replace(/''/g, "'");
      return ok(200, { value: [...list.items.entries()].filter(([, f]) => want === undefined || f.BotId === want).map(([id]) => ({ id })) });
    }
    if (p.length === 5 && req.method === 'POST') {
      const fields = (req.body as { fields: Record<string, unknown> }).fields;
      if ([...list.items.values()].some((f) => f.BotId === fields.BotId)) return ok(409, { error: { code: 'nameAlreadyExists', message: 'The value for BotId must be unique' } });
      const id = String(this.nextItem++);
      list.items.set(id, { ...fields });
      return ok(201, { id, fields });
    }
    if (!itemId || !list.items.has(itemId)) return ok(404, { error: { code: 'itemNotFound', message: 'Item not found' } });
    if (req.method === 'PATCH') {
      list.items.set(itemId, { ...list.items.get(itemId), ...(req.body as object) });
      return ok(200, list.items.get(itemId));
    }
    if (req.method === 'DELETE') {
      list.items.delete(itemId);
      return ok(204);
    }
    return ok(405);
  }
}
