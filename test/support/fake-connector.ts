/**
 * A fake Bot Connector (the `serviceUrl` side of Teams) on loopback, for tests.
 *
 * Activities POSTed to the bot under test carry `serviceUrl: fake.serviceUrl`; botbuilder then
 * sends its replies, updates and member look-ups here. Every request is recorded. The payload
 * shapes follow /work/shared/teams-payloads (05c, 05e, 05h, 05j, 05m, 05n, 05p, 05q, 06g, 06h).
 *
 * Plain http on 127.0.0.1 only. botbuilder's connector client accepts an `http:` serviceUrl
 * (botbuilder-stdlib sets `allowInsecureConnection` when the base URI starts with `http:`).
 *
 * `GET /v3/teams/{teamId}/conversations` lists a team's channels as Microsoft documents it,
 * `{ conversations: [{ id, name }] }` with no name for the General channel (`setTeamChannels`).
 *
 * Things botbuilder 4.23.3 does that tests meet here:
 *  - Its HTTP pipeline retries 3 times (4 attempts) on 5xx (except 501/505) and 408, with backoff of
 *    0.5-1 s, 1-2 s, 2-4 s; and on 429/503 WITH a Retry-After header, waiting exactly that long.
 *    The bot takes that retry policy out for proactive sends (bot/single-attempt-connector.ts), so
 *    there one failed request is one failed queue attempt; replies inside a user's turn keep it.
 *    The queue retries a 5xx after 1 s, so prefer `throttled(0)` to keep tests fast.
 *  - Proactive sends (`continueConversationAsync` + `sendActivity`) arrive as replies:
 *    POST .../activities/<random uuid of the continuation event>, i.e. route `replyToActivity`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The bot's tenant in the shared payloads (anonymisation key). */
export const FAKE_TENANT_ID = '11111111-1111-4111-8111-111111111111';
/** The botframework.com tenant that appears in the issuer of bot→Connector tokens (06h). */
const BOTFRAMEWORK_TENANT = 'd6d49420-f39b-4df7-a1dc-d59a935871db';
const MSAL_PUBLIC_AUTHORITY_HOST = 'https://login.microsoftonline.com/';

/**
 * Tokens minted by any fake in this process. botbuilder caches bot tokens process-wide
 * (AppCredentials.cache, keyed by appId+scope, ~55 min), so a later fake must accept a token an
 * earlier fake issued, or `requireAuth` would fail for reasons that have nothing to do with the bot.
 */
const tokensIssuedInProcess = new Set<string>();

export type FakeRoute =
  | 'createConversation'
  | 'sendToConversation'
  | 'replyToActivity'
  | 'updateActivity'
  | 'deleteActivity'
  | 'getMember'
  | 'teamChannels'
  | 'token'
  | 'unknown';

export interface RecordedRequest {
  method: string;
  /** Raw path and query as received (conversation ids still URL-encoded). */
  path: string;
  route: FakeRoute;
  /** Decoded conversation id from the URL, e.g. `a:1Fake...` or `19:...@thread.tacv2;messageid=...`. */
  conversationId?: string;
  /** Decoded activity id from the URL (reply / update / delete). */
  activityId?: string;
  /** Decoded user id from the URL (GET members/:userId). */
  userId?: string;
  /** Decoded tenant segment of the token URL (`botframework.com` or a tenant id). */
  tenant?: string;
  /** Decoded team id from the URL (GET teams/:teamId/conversations). */
  teamId?: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; for the token endpoint the form fields as an object; else the raw text or undefined. */
  body: any;
  /** Epoch ms when the request arrived. */
  at: number;
  /** Status the fake answered with. */
  status: number;
  /** Body the fake answered with (parsed form), undefined for none. */
  responseBody: unknown;
  /** True when the answer came from `failNext`. */
  injected: boolean;
}

export interface SentActivity {
  conversationId: string;
  /** The activity as POSTed by the bot. */
  activity: any;
  /** The ResourceResponse id the fake returned. */
  id: string;
  /** For replies (POST .../activities/:activityId): the activity id in the URL. */
  replyToId?: string;
  at: number;
  headers: IncomingHttpHeaders;
}

export interface UpdatedActivity {
  conversationId: string;
  activityId: string;
  activity: any;
  at: number;
  headers: IncomingHttpHeaders;
}

/** A directory entry; rendered like 05j (regular user) or 05k (anonymous: name, no objectId/email). */
export interface FakeMember {
  /** `29:...` Teams user id (MRI). */
  id: string;
  /** Entra object id. On the wire Teams calls it `objectId`, NOT `aadObjectId`. */
  objectId?: string;
  email?: string;
  userPrincipalName?: string;
  givenName?: string;
  surname?: string;
  tenantId: string;
  /** Defaults to 'user'. 05k shows 'anonymous'. */
  userRole?: string;
  /** Regular-user samples carry no `name`; the anonymous one does. Only sent when set. */
  name?: string;
}

export interface FailMatch {
  method?: string;
  conversationId?: string;
  pathIncludes?: string;
  route?: FakeRoute;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FakeConnectorOptions {
  /**
   * Status for GET members/:userId of an unknown user. Default 404 (as specified for this fake).
   * Public reports (botbuilder-js / Agents-for-js issues) show live Teams answering 400 with the same
   * `MemberNotFoundInConversation` body, so bot code should key on the error code, not the status.
   */
  memberNotFoundStatus?: number;
  /**
   * When true, /v3 calls without `Authorization: Bearer <token issued by a fake's token endpoint in this
   * process>` get 401 `{"message":"Authorization has been denied for this request."}`. Default false.
   */
  requireAuth?: boolean;
  /** False keeps no request bodies (sentActivities() then has none): a bench of thousands of cards. Default true. */
  recordBodies?: boolean;
}

/** A slow and flaky Teams, for the broadcast bench: applied to sends, replies and updates. */
export interface FakeNoise {
  /** Added before every /v3 answer. */
  latencyMs?: number;
  /** Share (0-1) of sends and updates answered 429 Throttled. */
  throttledShare?: number;
  retryAfterSeconds?: number;
  /** Share (0-1) of sends and updates answered 500 ServiceError. */
  serverErrorShare?: number;
  /** Seed of the random choice, so runs can be compared. */
  seed?: number;
}

/** Structural copy of MSAL's INetworkModule, so this file needs no import of @azure/msal-node. */
export interface FakeMsalNetworkModule {
  sendGetRequestAsync<T>(url: string, options?: { headers?: Record<string, string>; body?: string }, timeout?: number): Promise<{ headers: Record<string, string>; body: T; status: number }>;
  sendPostRequestAsync<T>(url: string, options?: { headers?: Record<string, string>; body?: string }): Promise<{ headers: Record<string, string>; body: T; status: number }>;
}

/** Structural subset of MSAL's `Configuration` for `new ConfidentialClientApplication(...)`. */
export interface FakeMsalConfiguration {
  auth: { clientId: string; clientSecret: string; authority: string };
  system: { networkClient: FakeMsalNetworkModule };
}

export interface FakeConnector {
  /** `http://127.0.0.1:PORT/` (trailing slash, like Teams' serviceUrls). */
  readonly serviceUrl: string;
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  readonly origin: string;
  /** Token endpoint for a tenant, e.g. `http://127.0.0.1:PORT/botframework.com/oauth2/v2.0/token`. */
  tokenUrl(tenant?: string): string;
  readonly requests: RecordedRequest[];
  /** Access tokens handed out by the token endpoint, newest last. */
  readonly issuedTokens: string[];
  /**
   * MSAL network module that sends everything addressed to https://login.microsoftonline.com/ to this
   * fake instead (plain http on loopback). MSAL has built-in endpoint metadata for that host, so no
   * instance discovery or openid-configuration request is made: only the token POST.
   */
  readonly msalNetworkClient: FakeMsalNetworkModule;
  /**
   * Configuration for `new ConfidentialClientApplication(fake.msalConfiguration(appId, secret))`, to pass
   * to botframework-connector's `MsalServiceClientCredentialsFactory(appId, cca)`: bot→Connector tokens
   * then come from this fake's token endpoint.
   */
  msalConfiguration(clientId: string, clientSecret: string, tenant?: string): FakeMsalConfiguration;
  addMember(member: FakeMember): void;
  /** The channels GET /v3/teams/:teamId/conversations lists (the General channel: id = team id, no name); undefined: that team answers 404. */
  setTeamChannels(teamId: string, channels: Array<{ id: string; name?: string }> | undefined): void;
  /** Successfully answered sends and replies (2xx), in arrival order. Failed attempts are only in `requests`. */
  sentActivities(): SentActivity[];
  /** Successfully answered PUTs (2xx), in arrival order. */
  updatedActivities(): UpdatedActivity[];
  /** Resolves with the first recorded request matching `predicate` (already recorded ones first). */
  waitFor(predicate: (r: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  /** The next `times` requests matching `match` get `response` instead of the normal answer (still recorded). */
  failNext(match: FailMatch, response: FakeResponse, times?: number): void;
  /** Latency and a share of random 429s and 500s from now on (noise({}) turns them off). */
  noise(noise: FakeNoise): void;
  /** Forget recorded requests and pending failures (members and tokens are kept). */
  reset(): void;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Ready-made failure responses, shaped on the payload files.

/** 429 Throttled with `Retry-After: <seconds>` (05q; the body shape and header format are DERIVED there). */
export function throttled(retryAfterSeconds: number): FakeResponse {
  return {
    status: 429,
    headers: { 'Retry-After': String(retryAfterSeconds) },
    body: { error: { code: 'Throttled', message: 'Too many requests.' } },
  };
}

/** 500 ServiceError (05o: code ServiceError, message "*various"; envelope is the standard ErrorResponse). */
export function serverError(message = 'Unknown'): FakeResponse {
  return { status: 500, body: { error: { code: 'ServiceError', message } } };
}

/** 403 ConversationBlockedByUser (05m, a real captured body). */
export function blockedByUser(): FakeResponse {
  return {
    status: 403,
    body: { error: { code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.' } },
  };
}

/** 403 MessageWritesBlocked (05n): NOT the standard envelope; `message` is itself a JSON string with CRLFs. */
export function messageWritesBlocked(): FakeResponse {
  return {
    status: 403,
    headers: {
      'Cache-Control': 'no-store, must-revalidate, no-cache',
      Pragma: 'no-cache',
      'MS-CV': 'FakeCorrelationVector.0',
      ContextId: 'tcid=0,server=msgapi-fake-0,cv=FakeCorrelationVector.0',
    },
    body: {
      errorCode: 209,
      message:
        '{\r\n  "subCode": "MessageWritesBlocked",\r\n  "details": "Thread is blocked from message writes.",\r\n  "errorCode": null,\r\n  "errorSubCode": null\r\n}',
    },
  };
}

/** 404 ConversationNotFound (05p, DERIVED envelope). */
export function conversationNotFound(): FakeResponse {
  return { status: 404, body: { error: { code: 'ConversationNotFound', message: 'Conversation not found.' } } };
}

// ---------------------------------------------------------------------------------------------

const JSON_TYPE = 'application/json; charset=utf-8';

function b64url(v: unknown): string {
  return Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(text: string, contentType: string | undefined): any {
  if (!text) return undefined;
  if (contentType?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

interface Routed {
  route: FakeRoute;
  teamId?: string;
  conversationId?: string;
  activityId?: string;
  userId?: string;
  tenant?: string;
}

function route(method: string, pathname: string): Routed {
  const seg = pathname.split('/').filter((s) => s.length > 0);
  const dec = (s: string | undefined) => (s === undefined ? undefined : decodeURIComponent(s));
  if (seg[0] === 'v3' && seg[1] === 'conversations') {
    const conversationId = dec(seg[2]);
    if (seg.length === 2 && method === 'POST') return { route: 'createConversation' };
    if (seg.length === 4 && seg[3] === 'activities' && method === 'POST') return { route: 'sendToConversation', conversationId };
    if (seg.length === 5 && seg[3] === 'activities') {
      const activityId = dec(seg[4]);
      if (method === 'POST') return { route: 'replyToActivity', conversationId, activityId };
      if (method === 'PUT') return { route: 'updateActivity', conversationId, activityId };
      if (method === 'DELETE') return { route: 'deleteActivity', conversationId, activityId };
    }
    if (seg.length === 5 && seg[3] === 'members' && method === 'GET') return { route: 'getMember', conversationId, userId: dec(seg[4]) };
    return { route: 'unknown', conversationId };
  }
  if (seg[0] === 'v3' && seg[1] === 'teams' && seg.length === 4 && seg[3] === 'conversations' && method === 'GET') return { route: 'teamChannels', teamId: dec(seg[2]) };
  if (seg.length === 4 && seg[1] === 'oauth2' && seg[2] === 'v2.0' && seg[3] === 'token' && method === 'POST') {
    return { route: 'token', tenant: dec(seg[0]) };
  }
  return { route: 'unknown' };
}

function matches(m: FailMatch, method: string, path: string, r: Routed): boolean {
  if (m.method && m.method.toUpperCase() !== method) return false;
  if (m.conversationId !== undefined && m.conversationId !== r.conversationId) return false;
  if (m.pathIncludes !== undefined && !path.includes(m.pathIncludes) && !safeDecode(path).includes(m.pathIncludes)) return false;
  if (m.route !== undefined && m.route !== r.route) return false;
  return true;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function renderMember(m: FakeMember): Record<string, string> {
  // Field order and presence as in 05j / 05k. `objectId`, never `aadObjectId`.
  const out: Record<string, string> = { id: m.id };
  if (m.name !== undefined) out.name = m.name;
  if (m.objectId !== undefined) out.objectId = m.objectId;
  if (m.givenName !== undefined) out.givenName = m.givenName;
  if (m.surname !== undefined) out.surname = m.surname;
  if (m.email !== undefined) out.email = m.email;
  if (m.userPrincipalName !== undefined) out.userPrincipalName = m.userPrincipalName;
  out.tenantId = m.tenantId;
  out.userRole = m.userRole ?? 'user';
  return out;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same 429s and 500s. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function describe(r: RecordedRequest): string {
  return `${r.method} ${r.path} -> ${r.status}${r.injected ? ' (injected)' : ''}`;
}

export async function startFakeConnector(options: FakeConnectorOptions = {}): Promise<FakeConnector> {
  const memberNotFoundStatus = options.memberNotFoundStatus ?? 404;
  const requests: RecordedRequest[] = [];
  const issuedTokens: string[] = [];
  const members = new Map<string, FakeMember>();
  const personalConversations = new Map<string, string>();
  const teamChannels = new Map<string, Array<{ id: string; name?: string }>>();
  let failures: Array<{ match: FailMatch; response: FakeResponse; remaining: number }> = [];
  interface Waiter {
    predicate: (r: RecordedRequest) => boolean;
    resolve: (r: RecordedRequest) => void;
    reject: (e: Error) => void;
  }
  let waiters: Waiter[] = [];
  let lastId = 0;
  let noise: FakeNoise = {};
  let random = mulberry32(1);

  /** Numeric epoch-ms-like message id, strictly increasing so it is unique. */
  const nextMessageId = () => {
    lastId = Math.max(Date.now(), lastId + 1);
    return String(lastId);
  };

  const findMember = (userId: string | undefined) => {
    if (!userId) return undefined;
    const byId = members.get(userId);
    if (byId) return byId;
    // Teams also accepts the Entra object id in place of the 29: id.
    for (const m of members.values()) if (m.objectId && m.objectId.toLowerCase() === userId.toLowerCase()) return m;
    return undefined;
  };

  const issueToken = (clientId: string, scope: string) => {
    const now = Math.floor(Date.now() / 1000);
    const header = { typ: 'JWT', alg: 'RS256', x5t: 'FakeConnectorKey', kid: 'FakeConnectorKey' };
    const payload = {
      aud: scope.replace(/\/\.default$/, ''),
      iss: `https://sts.windows.net/${BOTFRAMEWORK_TENANT}/`,
      nbf: now - 5,
      exp: now + 3600,
      appid: clientId,
      jti: randomUUID(),
    };
    // Not verifiable (random signature): the fake only checks that it issued the exact string.
    const token = `${b64url(header)}.${b64url(payload)}.${randomBytes(32).toString('base64url')}`;
    issuedTokens.push(token);
    tokensIssuedInProcess.add(token);
    return token;
  };

  const normalAnswer = (method: string, r: Routed, body: any, headers: IncomingHttpHeaders): FakeResponse => {
    if (r.route === 'token') {
      const form = (body ?? {}) as Record<string, string>;
      if (form.grant_type !== 'client_credentials' || !form.client_id) {
        return {
          status: 400,
          body: { error: 'invalid_request', error_description: 'fake connector: expected grant_type=client_credentials and client_id' },
        };
      }
      // 06g
      return {
        status: 200,
        body: {
          token_type: 'Bearer',
          expires_in: 3600,
          ext_expires_in: 3600,
          access_token: issueToken(form.client_id, form.scope ?? 'https://api.botframework.com/.default'),
        },
      };
    }
    if (options.requireAuth && r.route !== 'unknown') {
      const auth = headers.authorization ?? '';
      const token = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : '';
      if (!tokensIssuedInProcess.has(token)) return { status: 401, body: { message: 'Authorization has been denied for this request.' } };
    }
    switch (r.route) {
      case 'createConversation': {
        const b = body ?? {};
        const channelId: string | undefined = b.channelData?.channel?.id ?? b.channelData?.teamsChannelId;
        if (b.isGroup && channelId) {
          // New channel thread (05e): id is `<channel>;messageid=<root>` plus activityId.
          const activityId = nextMessageId();
          return { status: 201, body: { id: `${channelId};messageid=${activityId}`, activityId } };
        }
        // 1:1 (05c): the same user gets the same conversation id, like Teams.
        const userId: string = b.members?.[0]?.id ?? 'unknown';
        let id = personalConversations.get(userId);
        if (!id) {
          id = `a:1FakePersonalConversation-${randomBytes(24).toString('hex')}`;
          personalConversations.set(userId, id);
        }
        return { status: 201, body: { id } };
      }
      case 'sendToConversation':
      case 'replyToActivity':
        return { status: 201, body: { id: nextMessageId() } }; // 05h
      case 'updateActivity':
        return { status: 200, body: { id: r.activityId } }; // 05h
      case 'deleteActivity':
        return { status: 200 };
      case 'teamChannels': {
        // Microsoft's documented answer: { conversations: [{ id, name }] }; the General channel (id = team id) has no name.
        const list = teamChannels.get(r.teamId ?? '');
        if (!list) return { status: 404, body: { error: { code: 'NotFound', message: 'fake connector: the bot is not in that team' } } };
        return { status: 200, body: { conversations: list.map((c) => (c.name === undefined ? { id: c.id } : { id: c.id, name: c.name })) } };
      }
      case 'getMember': {
        const m = findMember(r.userId);
        if (!m) {
          return {
            status: memberNotFoundStatus,
            body: { error: { code: 'MemberNotFoundInConversation', message: 'Member not found in conversation.' } },
          };
        }
        return { status: 200, body: renderMember(m) };
      }
      default:
        return {
          status: 404,
          body: { error: { code: 'NotFound', message: `fake connector: no route for ${method} ${r.conversationId ?? ''}` } },
        };
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const at = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const path = req.url ?? '/';
    const pathname = path.split('?')[0] ?? '/';
    const text = await readBody(req);
    const body = parseBody(text, req.headers['content-type']);
    const r = route(method, pathname);

    let answer: FakeResponse;
    let injected = false;
    const failure = failures.find((f) => f.remaining > 0 && matches(f.match, method, path, r));
    const noisy = r.route === 'sendToConversation' || r.route === 'replyToActivity' || r.route === 'updateActivity';
    const roll = noisy ? random() : 1;
    const throttledShare = noise.throttledShare ?? 0;
    if (failure) {
      failure.remaining -= 1;
      failures = failures.filter((f) => f.remaining > 0);
      answer = failure.response;
      injected = true;
    } else if (roll < throttledShare) {
      answer = throttled(noise.retryAfterSeconds ?? 1);
      injected = true;
    } else if (roll < throttledShare + (noise.serverErrorShare ?? 0)) {
      answer = serverError();
      injected = true;
    } else {
      answer = normalAnswer(method, r, body, req.headers);
    }

    const record: RecordedRequest = {
      method,
      path,
      route: r.route,
      ...(r.conversationId !== undefined ? { conversationId: r.conversationId } : {}),
      ...(r.activityId !== undefined ? { activityId: r.activityId } : {}),
      ...(r.userId !== undefined ? { userId: r.userId } : {}),
      ...(r.tenant !== undefined ? { tenant: r.tenant } : {}),
      ...(r.teamId !== undefined ? { teamId: r.teamId } : {}),
      headers: req.headers,
      body: options.recordBodies === false ? undefined : body,
      at,
      status: answer.status,
      responseBody: answer.body,
      injected,
    };
    requests.push(record);
    // Recorded on arrival, as Teams would have the message then; answered after the latency.
    if (noise.latencyMs && r.route !== 'token') await new Promise((resolve) => setTimeout(resolve, noise.latencyMs));

    const headers: Record<string, string> = { ...(answer.headers ?? {}) };
    let payload: string | undefined;
    if (answer.body !== undefined) {
      payload = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = JSON_TYPE;
    }
    res.writeHead(answer.status, headers);
    res.end(payload);

    // Notify after the response is written so the awaited record is complete.
    const ready = waiters.filter((w) => w.predicate(record));
    waiters = waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve(record);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500, { 'Content-Type': JSON_TYPE });
      res.end(JSON.stringify({ error: { code: 'FakeConnectorError', message: String(err) } }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  const viaFake = async <T>(url: string, init: RequestInit) => {
    const target = url.startsWith(MSAL_PUBLIC_AUTHORITY_HOST) ? `${origin}/${url.slice(MSAL_PUBLIC_AUTHORITY_HOST.length)}` : url;
    if (!target.startsWith(`${origin}/`)) throw new Error(`fake connector: MSAL tried to reach ${url}; only ${MSAL_PUBLIC_AUTHORITY_HOST} is redirected`);
    const r = await fetch(target, init);
    const text = await r.text();
    return { status: r.status, headers: Object.fromEntries(r.headers.entries()), body: (text ? JSON.parse(text) : {}) as T };
  };
  const msalNetworkClient: FakeMsalNetworkModule = {
    sendGetRequestAsync: (url, options) => viaFake(url, { method: 'GET', headers: options?.headers }),
    sendPostRequestAsync: (url, options) => viaFake(url, { method: 'POST', headers: options?.headers, body: options?.body }),
  };

  const fake: FakeConnector = {
    serviceUrl: `${origin}/`,
    origin,
    tokenUrl: (tenant = 'botframework.com') => `${origin}/${tenant}/oauth2/v2.0/token`,
    requests,
    issuedTokens,
    msalNetworkClient,
    msalConfiguration: (clientId, clientSecret, tenant = 'botframework.com') => ({
      auth: { clientId, clientSecret, authority: `${MSAL_PUBLIC_AUTHORITY_HOST}${tenant}` },
      system: { networkClient: msalNetworkClient },
    }),
    addMember(member) {
      members.set(member.id, { ...member });
    },
    setTeamChannels(teamId, channels) {
      if (channels) teamChannels.set(teamId, channels.map((c) => ({ ...c })));
      else teamChannels.delete(teamId);
    },
    sentActivities() {
      return requests
        .filter((r) => (r.route === 'sendToConversation' || r.route === 'replyToActivity') && r.status >= 200 && r.status < 300)
        .map((r) => ({
          conversationId: r.conversationId ?? '',
          activity: r.body,
          id: String((r.responseBody as { id?: string } | undefined)?.id ?? ''),
          ...(r.route === 'replyToActivity' && r.activityId !== undefined ? { replyToId: r.activityId } : {}),
          at: r.at,
          headers: r.headers,
        }));
    },
    updatedActivities() {
      return requests
        .filter((r) => r.route === 'updateActivity' && r.status >= 200 && r.status < 300)
        .map((r) => ({
          conversationId: r.conversationId ?? '',
          activityId: r.activityId ?? '',
          activity: r.body,
          at: r.at,
          headers: r.headers,
        }));
    },
    waitFor(predicate, timeoutMs = 5000) {
      const existing = requests.find(predicate);
      if (existing) return Promise.resolve(existing);
      return new Promise<RecordedRequest>((resolve, reject) => {
        const waiter: Waiter = {
          predicate,
          resolve: (r) => {
            clearTimeout(timer);
            resolve(r);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          const seen = requests.length ? requests.map(describe).join('\n  ') : '(none)';
          reject(new Error(`fake connector: no matching request within ${timeoutMs} ms. Requests received:\n  ${seen}`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    failNext(match, response, times = 1) {
      if (times > 0) failures.push({ match, response, remaining: times });
    },
    noise(next) {
      noise = { ...next };
      random = mulberry32(next.seed ?? 1);
    },
    reset() {
      requests.length = 0;
      failures = [];
    },
    close() {
      const pending = waiters;
      waiters = [];
      for (const w of pending) w.reject(new Error('fake connector: closed while waiting for a request'));
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
  return fake;
}
