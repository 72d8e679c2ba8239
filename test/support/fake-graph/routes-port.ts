import type { GraphApi, GraphRequest, GraphResponse } from '../../../services/graph/graph-api.js';
import type { FakeRoute } from './calendar.js';

/**
 * A GraphApi that answers from fake-Graph routes in process, with no HTTP: for unit tests of
 * services that use Graph. Every request is logged; an unrouted one answers 404 as Graph would.
 */
export function routesPort(routes: FakeRoute[], base = 'https://127.0.0.1'): GraphApi & { log: Array<{ method: string; url: string; status: number; body?: unknown }> } {
  const log: Array<{ method: string; url: string; status: number; body?: unknown }> = [];
  const send = async <T>(req: GraphRequest): Promise<GraphResponse<T>> => {
    const u = new URL(req.url.startsWith('https://') ? req.url : `${base}/v1.0${req.url}`);
    const fake = { method: req.method, path: decodeURIComponent(u.pathname.replace(/^\/v1\.0/, '')), query: u.searchParams, body: req.body === undefined ? undefined : JSON.parse(JSON.stringify(req.body)), inner: false, headers: {} };
    let answer = undefined;
    for (const r of routes) if ((answer = r(fake))) break;
    const res = answer ?? { status: 404, body: { error: { code: 'NotFound', message: 'no such route' } } };
    const headers = res.headers ?? {};
    log.push({ method: req.method, url: req.url, status: res.status, body: fake.body });
    return { status: res.status, body: res.body as T, headers, ...(headers['Retry-After'] ? { retryAfterMs: Number(headers['Retry-After']) * 1000 } : {}) };
  };
  return {
    log,
    send,
    async batch() {
      throw new Error('batch is not used by these tests');
    },
    async all<T>(url: string) {
      const items: T[] = [];
      let next: string | undefined = url;
      while (next) {
        const res: GraphResponse<{ value?: T[]; '@odata.nextLink'?: string }> = await send({ method: 'GET', url: next });
        if (res.status !== 200) return { items, failed: res };
        items.push(...(res.body.value ?? []));
        next = res.body['@odata.nextLink'];
      }
      return { items };
    },
  };
}
