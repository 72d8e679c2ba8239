import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { GraphConfig } from '../../../services/config.js';
import { answerSignIn, type SignInState } from './sign-in.js';

/**
 * A stand-in for Microsoft Graph and the Microsoft sign-in service on one https server on
 * 127.0.0.1, shaped on Graph's documented JSON. https, not http, because the Graph client only
 * attaches the bearer token to https hosts; the test certificate is trusted through
 * NODE_EXTRA_CA_CERTS=test/fixtures/tls/ca.pem, which must be set when Node starts (npm test
 * does). Each area's routes live in a file of their own (lists.ts, …) and are added with
 * `routes.add`.
 */

export const TLS_DIR = path.resolve('test/fixtures/tls');
export const TEST_CA = path.join(TLS_DIR, 'ca.pem');

export interface FakeRequest {
  method: string;
  /** Relative to the version root and decoded, e.g. "/sites/{site-id}/lists". */
  path: string;
  query: URLSearchParams;
  body: any;
  /** True for a request inside a $batch. */
  inner: boolean;
  headers: Record<string, string>;
}

export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One area's endpoints; undefined = not mine. */
export type FakeRoute = (req: FakeRequest) => FakeAnswer | undefined;

export interface LoggedRequest {
  method: string;
  /** Graph: relative to the version root (with "/$batch" for the batch itself); sign-in: the server path. */
  path: string;
  query: string;
  inner: boolean;
  signIn: boolean;
  status: number;
  /** The Authorization header the request carried (outer requests; inner ones share the batch's). */
  authorization?: string;
  at: number;
}

export interface FakeGraphFaults {
  /** Added before every outer Graph answer. */
  latencyMs: number;
  /** Refuse every Graph request with 503 (sign-in still answers). */
  down: boolean;
  /** The Retry-After of those 503s, in seconds; none when undefined. */
  downRetryAfterSeconds?: number;
  /** Seconds for a 429's Retry-After, or undefined to let the request through; called for outer and inner requests. */
  throttle: (req: FakeRequest) => number | undefined;
  /** 403 accessDenied, as Graph answers an app without a grant on the site. */
  forbidden: (req: FakeRequest) => boolean;
  /** SharePoint resource units per minute for the app: a GET costs 1, a write 2; over it, 429 with Retry-After. */
  ruPerMinute?: number;
  /** The sign-in service says the client secret has expired (AADSTS7000222). */
  secretExpired: boolean;
  /** Graph answers 401 to every token, as it does to a token meant for another cloud or resource. */
  refuseTokens?: boolean;
}

export interface FakeGraphApp {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

export interface FakeGraphOptions {
  app?: Partial<FakeGraphApp>;
  faults?: Partial<FakeGraphFaults>;
  /** The clock of the resource-unit budget (defaults to Date.now). */
  now?: () => number;
  /** The port on 127.0.0.1 (0, the default: any free one). */
  port?: number;
  /** Told of each request as it is answered (npm run graph:stand-in prints them). */
  onRequest?: (r: LoggedRequest) => void;
}

export interface FakeGraph {
  /** https://127.0.0.1:port — use as both GRAPH_ENDPOINT and GRAPH_AUTHORITY_HOST. */
  url: string;
  app: FakeGraphApp;
  faults: FakeGraphFaults;
  requests: LoggedRequest[];
  routes: { add(area: string, handler: FakeRoute): void };
  /** Access tokens handed out so far. */
  tokens: Set<string>;
  /** Resource units spent in the last minute. */
  unitsInLastMinute(): number;
  close(): Promise<void>;
}

export const FAKE_APP: FakeGraphApp = {
  tenantId: '0b7b3f5e-9d1c-4c59-a1f0-5d2a8e6c4b10',
  clientId: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
  clientSecret: 'test-only-secret~not-a-real-one',
};

const MAX_BATCH = 20;

function graphError(status: number, code: string, message: string, headers?: Record<string, string>): FakeAnswer {
  return { status, headers, body: { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': 'fake' } } } };
}

export async function startFakeGraph(opts: FakeGraphOptions = {}): Promise<FakeGraph> {
  if (!process.env.NODE_EXTRA_CA_CERTS || path.resolve(process.env.NODE_EXTRA_CA_CERTS) !== TEST_CA) {
    throw new Error('The fake Graph needs Node started with NODE_EXTRA_CA_CERTS=test/fixtures/tls/ca.pem (npm test sets it; add it in front of a single mocha run).');
  }
  const now = opts.now ?? Date.now;
  const app: FakeGraphApp = { ...FAKE_APP, ...opts.app };
  const faults: FakeGraphFaults = { latencyMs: 0, down: false, throttle: () => undefined, forbidden: () => false, secretExpired: false, ...opts.faults };
  const requests: LoggedRequest[] = [];
  const logged = (r: LoggedRequest) => {
    requests.push(r);
    opts.onRequest?.(r);
  };
  const areas = new Map<string, FakeRoute[]>();
  const spent: { at: number; units: number }[] = [];
  const tokens = new Set<string>();

  function unitsInLastMinute(): number {
    const since = now() - 60_000;
    while (spent.length && spent[0].at <= since) spent.shift();
    return spent.reduce((sum, s) => sum + s.units, 0);
  }

  /** One Graph request, outer or inside a batch, through the faults and then the areas' routes. */
  function answer(req: FakeRequest): FakeAnswer {
    if (faults.forbidden(req)) return graphError(403, 'accessDenied', 'Access denied');
    const wait = faults.throttle(req);
    if (wait !== undefined) return graphError(429, 'TooManyRequests', 'Too many requests', { 'Retry-After': String(wait) });
    if (faults.ruPerMinute !== undefined) {
      const cost = req.method === 'GET' ? 1 : 2;
      const used = unitsInLastMinute();
      if (used + cost > faults.ruPerMinute) {
        const freeAt = (spent[0]?.at ?? now()) + 60_000;
        const seconds = Math.max(1, Math.ceil((freeAt - now()) / 1000));
        return graphError(429, 'activityLimitReached', 'The request has been throttled', { 'Retry-After': String(seconds) });
      }
      spent.push({ at: now(), units: cost });
    }
    for (const handlers of areas.values()) {
      for (const handler of handlers) {
        const a = handler(req);
        if (a) return a;
      }
    }
    return graphError(400, 'BadRequest', `Resource not found for the segment '${req.path.split('/').filter(Boolean)[0] ?? ''}'.`);
  }

  function batch(outer: FakeRequest): FakeAnswer {
    const items: { id: string; method: string; url: string; body?: unknown; headers?: Record<string, string> }[] = outer.body?.requests;
    if (!Array.isArray(items) || items.length === 0) return graphError(400, 'BadRequest', 'Invalid batch payload format.');
    if (items.length > MAX_BATCH) return graphError(400, 'BadRequest', `Number of batch request steps exceeds the maximum of ${MAX_BATCH}.`);
    const responses = items.map((item) => {
      const url = new URL(item.url, 'https://graph.invalid/');
      const req: FakeRequest = {
        method: item.method.toUpperCase(),
        path: decodeURIComponent(url.pathname),
        query: url.searchParams,
        body: item.body,
        inner: true,
        headers: lower(item.headers ?? {}),
      };
      const a = answer(req);
      logged({ method: req.method, path: req.path, query: url.search, inner: true, signIn: false, status: a.status, at: now() });
      return { id: item.id, status: a.status, headers: { 'Content-Type': 'application/json', ...a.headers }, ...(a.body === undefined ? {} : { body: a.body }) };
    });
    // Graph does not promise the order of a batch's answers: give them back to front, so a
    // client that matches answers to requests by position instead of by id fails here too.
    return { status: 200, body: { responses: responses.reverse() } };
  }

  const signIn: SignInState = { app, faults, tokens, url: '' };
  const server = https.createServer({ key: readFileSync(path.join(TLS_DIR, 'server-key.pem')), cert: readFileSync(path.join(TLS_DIR, 'server.pem')) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', signIn.url);
        const text = Buffer.concat(chunks).toString('utf8');
        const headers = lower(req.headers);
        const send = (a: FakeAnswer) => {
          res.writeHead(a.status, { ...(a.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...a.headers });
          res.end(a.body === undefined ? undefined : JSON.stringify(a.body));
        };

        if (!url.pathname.startsWith('/v1.0/')) {
          const a = answerSignIn(signIn, req.method ?? 'GET', url, text);
          logged({ method: req.method ?? 'GET', path: url.pathname, query: url.search, inner: false, signIn: true, status: a.status, at: now() });
          return send(a);
        }

        if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
        const relative = decodeURIComponent(url.pathname.slice('/v1.0'.length));
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        const fr: FakeRequest = { method: req.method ?? 'GET', path: relative, query: url.searchParams, body, inner: false, headers };
        let a: FakeAnswer;
        const bearer = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
        if (faults.down) a = graphError(503, 'serviceNotAvailable', 'Service unavailable', faults.downRetryAfterSeconds === undefined ? undefined : { 'Retry-After': String(faults.downRetryAfterSeconds) });
        else if (!bearer || !tokens.has(bearer) || faults.refuseTokens) a = graphError(401, 'InvalidAuthenticationToken', 'Access token is empty or not valid.');
        else if (relative === '/$batch' && fr.method === 'POST') {
          const wait = faults.throttle(fr);
          a = wait !== undefined ? graphError(429, 'TooManyRequests', 'Too many requests', { 'Retry-After': String(wait) }) : batch(fr);
        } else a = answer(fr);
        logged({ method: fr.method, path: relative, query: url.search, inner: false, signIn: false, status: a.status, authorization: headers.authorization, at: now() });
        send(a);
      })();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  signIn.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: signIn.url,
    app,
    faults,
    requests,
    tokens,
    unitsInLastMinute,
    routes: {
      add(area, handler) {
        areas.set(area, [...(areas.get(area) ?? []), handler]);
      },
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function lower(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  return out;
}

/** The settings that point the bot at this fake, as it would read them from the environment. */
export function fakeGraphEnv(fake: FakeGraph, siteId: string): Record<string, string> {
  return {
    GRAPH_TENANT_ID: fake.app.tenantId,
    GRAPH_CLIENT_ID: fake.app.clientId,
    GRAPH_CLIENT_SECRET: fake.app.clientSecret,
    SHAREPOINT_SITE_ID: siteId,
    GRAPH_ENDPOINT: fake.url,
    GRAPH_AUTHORITY_HOST: fake.url,
  };
}

/** The same as a GraphConfig, for services tested without loadConfig. */
export function fakeGraphConfig(fake: FakeGraph, siteId: string, change: Partial<GraphConfig> = {}): GraphConfig {
  return {
    tenantId: fake.app.tenantId,
    clientId: fake.app.clientId,
    clientSecret: fake.app.clientSecret,
    siteId,
    endpoint: fake.url,
    authorityHost: fake.url,
    ...change,
  };
}
