import { ClientCertificateCredential, ClientSecretCredential, type TokenCredential } from '@azure/identity';
import { AuthenticationHandler, Client, ResponseType, TelemetryHandler, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import type { GraphConfig } from '../config.js';
import type { GraphApi, GraphBatchResponse, GraphRequest, GraphResponse } from './graph-api.js';
import { GraphUnreachable } from './graph-api.js';
import { retryAfterMs } from './retry-after.js';
import { signInFailure, tenantOrUnreachable, untrustedCertificate } from './sign-in-failure.js';

export const GRAPH_VERSION = 'v1.0';
export const MAX_BATCH = 20;
const PUBLIC_CLOUD_AUTHORITY = 'https://login.microsoftonline.com';

export interface OpenGraphOptions {
  /** For Retry-After given as a date. */
  now?: () => number;
  /** How long one HTTP request may take before it counts as unreachable. */
  timeoutMs?: number;
}

/**
 * The real GraphApi: app-only sign-in through @azure/identity, requests through the Graph
 * client with a middleware chain of our own (sign-in, telemetry, fetch) that leaves out the
 * client's RetryHandler, because callers pace and retry themselves.
 */
export function openGraph(cfg: GraphConfig, opts: OpenGraphOptions = {}): GraphApi {
  const now = opts.now ?? Date.now;
  // A 401 means Graph no longer takes the token we hold (the token service or the secret changed
  // while the bot ran): a fresh credential has an empty token cache, so the next request signs in again.
  let credential = credentialFor(cfg);
  let generation = 0;
  const current: TokenCredential = { getToken: (scopes, options) => credential.getToken(scopes, options) };
  const authProvider = new TokenCredentialAuthenticationProvider(current, { scopes: [`${cfg.endpoint}/.default`] });
  const chain: Middleware[] = [new KeepFailure(), new AuthenticationHandler(authProvider), new TelemetryHandler(), new FetchHandler(opts.timeoutMs ?? 60_000)];
  for (let i = 0; i < chain.length - 1; i++) chain[i].setNext!(chain[i + 1]);
  const client = Client.initWithMiddleware({
    middleware: chain[0],
    baseUrl: `${cfg.endpoint}/`,
    defaultVersion: GRAPH_VERSION,
    // Without this the client would send the token only to Microsoft's own Graph hosts.
    customHosts: new Set([new URL(cfg.endpoint).hostname]),
  });

  /** Once more after a 401, with a token got afresh; a second 401 is the caller's to explain (explainGraphFailure). */
  async function send<T = unknown>(req: GraphRequest): Promise<GraphResponse<T>> {
    const signedInAs = generation;
    const res = await sendOnce<T>(req);
    if (res.status !== 401) return res;
    // Requests refused together sign in again once, not once each.
    if (signedInAs === generation) {
      credential = credentialFor(cfg);
      generation++;
    }
    return sendOnce<T>(req);
  }

  async function sendOnce<T = unknown>(req: GraphRequest): Promise<GraphResponse<T>> {
    const slot = new FailureSlot();
    let request = client.api(req.url).middlewareOptions([slot]).responseType(ResponseType.RAW);
    for (const [k, v] of Object.entries(req.headers ?? {})) request = request.header(k, v);
    let raw: Response;
    try {
      switch (req.method) {
        case 'GET': raw = (await request.get()) as Response; break;
        case 'POST': raw = (await request.post(req.body ?? {})) as Response; break;
        case 'PATCH': raw = (await request.patch(req.body ?? {})) as Response; break;
        case 'PUT': raw = (await request.put(req.body ?? {})) as Response; break;
        case 'DELETE': raw = (await request.delete()) as Response; break;
      }
    } catch (e) {
      // The client wraps whatever a middleware threw in a GraphError; the slot keeps the original.
      throw await classify(slot.error ?? e, cfg);
    }
    const headers: Record<string, string> = {};
    raw.headers.forEach((v, k) => (headers[k] = v));
    const text = await raw.text();
    let body: unknown = text;
    if (!text) body = undefined;
    else if (/json/i.test(headers['content-type'] ?? '')) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const wait = retryAfterMs(headers['retry-after'], now());
    return { status: raw.status, body: body as T, headers, ...(wait === undefined ? {} : { retryAfterMs: wait }) };
  }

  async function batch(reqs: GraphRequest[]): Promise<GraphBatchResponse> {
    if (reqs.length > MAX_BATCH) throw new Error(`A Graph $batch holds at most ${MAX_BATCH} requests; ${reqs.length} were given.`);
    if (reqs.length === 0) return { status: 200, responses: [] };
    const ids = reqs.map((r, i) => r.id ?? String(i + 1));
    if (new Set(ids).size !== ids.length) throw new Error(`The requests of a Graph $batch need distinct ids; got ${ids.join(', ')}.`);
    const requests = reqs.map((r, i) => ({
      id: ids[i],
      method: r.method,
      url: r.url,
      ...(r.body === undefined ? {} : { body: r.body }),
      ...(r.body === undefined && !r.headers ? {} : { headers: { ...(r.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...r.headers } }),
    }));
    const outer = await send<{ responses?: BatchItem[] }>({ method: 'POST', url: '/$batch', body: { requests } });
    if (outer.status !== 200 || !Array.isArray(outer.body?.responses)) {
      // Nothing inside ran: every request gets the batch's own answer, so callers treat both alike.
      const one: GraphResponse = { status: outer.status === 200 ? 502 : outer.status, body: outer.body, headers: outer.headers, ...(outer.retryAfterMs === undefined ? {} : { retryAfterMs: outer.retryAfterMs }) };
      return { status: one.status, ...(outer.retryAfterMs === undefined ? {} : { retryAfterMs: outer.retryAfterMs }), responses: reqs.map(() => ({ ...one })) };
    }
    const byId = new Map(outer.body.responses.map((r) => [String(r.id), r]));
    const responses = ids.map((id): GraphResponse => {
      const item = byId.get(id);
      if (!item) return { status: 502, body: { error: { code: 'missingFromBatch', message: `Graph's $batch answer had no response for request ${id}.` } }, headers: {} };
      const headers = lowerCaseKeys(item.headers);
      const wait = retryAfterMs(headers['retry-after'], now());
      return { status: item.status, body: item.body, headers, ...(wait === undefined ? {} : { retryAfterMs: wait }) };
    });
    return { status: outer.status, ...(outer.retryAfterMs === undefined ? {} : { retryAfterMs: outer.retryAfterMs }), responses };
  }

  async function all<T = unknown>(url: string): Promise<{ items: T[]; failed?: GraphResponse }> {
    const items: T[] = [];
    let next: string | undefined = url;
    while (next) {
      const page: GraphResponse<{ value?: T[]; '@odata.nextLink'?: string }> = await send({ method: 'GET', url: next });
      if (page.status !== 200) return { items, failed: page };
      items.push(...(page.body?.value ?? []));
      next = page.body?.['@odata.nextLink'];
    }
    return { items };
  }

  return { send, batch, all };
}

interface BatchItem {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

function lowerCaseKeys(h: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) out[k.toLowerCase()] = String(v);
  return out;
}

function credentialFor(cfg: GraphConfig): TokenCredential {
  const options = {
    authorityHost: cfg.authorityHost,
    // Instance discovery asks the public cloud whether the authority is known; a national cloud
    // or a stand-in sign-in service is not in that list, so skip it for anything but the default.
    disableInstanceDiscovery: cfg.authorityHost !== PUBLIC_CLOUD_AUTHORITY,
    // Callers decide when to try again (graph-api.ts): no hidden retries inside sign-in either.
    retryOptions: { maxRetries: 0 },
  };
  if (cfg.clientSecret) return new ClientSecretCredential(cfg.tenantId, cfg.clientId, cfg.clientSecret, options);
  return new ClientCertificateCredential(cfg.tenantId, cfg.clientId, { certificatePath: cfg.certificatePath! }, options);
}

/** What went wrong inside the chain, before the Graph client wrapped it. */
class FailureSlot {
  error?: unknown;
}

/** First in the chain: remembers the original error for `send` to explain. */
class KeepFailure implements Middleware {
  private next?: Middleware;
  async execute(context: Context): Promise<void> {
    try {
      await this.next!.execute(context);
    } catch (e) {
      const slot = context.middlewareControl?.getMiddlewareOptions(FailureSlot);
      if (slot instanceof FailureSlot) slot.error = e;
      throw e;
    }
  }
  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** Last in the chain: the request itself, with a time limit. */
class FetchHandler implements Middleware {
  constructor(private readonly timeoutMs: number) {}
  async execute(context: Context): Promise<void> {
    const init = { ...(context.options as RequestInit), signal: AbortSignal.timeout(this.timeoutMs) };
    context.response = await fetch(context.request, init);
  }
}

async function classify(e: unknown, cfg: GraphConfig): Promise<Error> {
  const signIn = signInFailure(e, cfg);
  if (signIn instanceof GraphUnreachable && /endpoints_resolution_error/.test(signIn.message)) return tenantOrUnreachable(cfg, signIn);
  if (signIn) return signIn;
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) {
    return new GraphUnreachable(`Microsoft Graph at ${cfg.endpoint} did not answer in time.`);
  }
  if (e instanceof TypeError && /fetch failed/i.test(e.message)) {
    const certificate = untrustedCertificate(e, cfg.endpoint);
    if (certificate) return certificate;
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return new GraphUnreachable(`Cannot reach Microsoft Graph at ${cfg.endpoint}: ${cause?.code ?? cause?.message ?? e.message}.`);
  }
  return e instanceof Error ? e : new Error(String(e));
}
