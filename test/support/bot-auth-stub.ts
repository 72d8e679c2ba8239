/**
 * A local stand-in for login.botframework.com: an OpenID configuration (06c shape) and a JWKS
 * (06d shape) on loopback, plus a signer for Connector→bot tokens (header 06a, claims 06b).
 * Follows "How to use these in a self-signing test" in /work/shared/teams-payloads/README.md.
 *
 * Published keys:
 *  - `stub.kid`           endorsements ['msteams']            (the normal Teams signing key)
 *  - `stub.unendorsedKid` endorsements without 'msteams'       (for the endorsement negative test)
 * Plus one unpublished key used by `sign(..., { useOtherKey: true })`: a token signed by another
 * key under a published kid (bad signature test).
 *
 * Other bad tokens: `sign({ nbf: <future> })` (not valid yet; botbuilder allows 5 min of skew),
 * `sign(..., { alg: 'none' })` and `sign(..., { unsigned: true })`. `setDown(...)` makes the key
 * endpoints unreachable in three ways, for the "keys cannot be fetched" path.
 *
 * The JWKS entries have no `x5c` (node:crypto cannot mint X.509 certificates); botbuilder only
 * uses `kid`, `n`, `e` and `endorsements`.
 */
import { createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

export interface BotTokenClaims {
  iss: string;
  aud: string;
  serviceurl: string;
  exp: number;
  nbf: number;
}

/** Claims for `sign`. `aud` and `serviceurl` are required; pass `null` for any claim to leave it out of the token. */
export type SignClaims = { [K in keyof BotTokenClaims]?: BotTokenClaims[K] | null } & Record<string, unknown>;

export interface SignOptions {
  /** `kid` (and `x5t`) for the header. A published kid selects that key; any other kid signs with the main key. */
  kid?: string;
  /** Sign with a key that is not in the JWKS (header still names `kid` / `stub.kid`), so the signature fails. */
  useOtherKey?: boolean;
  /** Header `alg: "none"` and an empty signature. */
  alg?: 'none';
  /** RS256 header, but the signature segment is left empty. */
  unsigned?: boolean;
}

/**
 * How the stub is down: `refuse` stops listening (connection refused), `error` answers 503,
 * `hang` accepts and never answers. `false` brings it back on the same port.
 */
export type StubDown = 'refuse' | 'error' | 'hang' | false;

export interface Jwk {
  kty: 'RSA';
  use: 'sig';
  kid: string;
  x5t: string;
  n: string;
  e: string;
  endorsements: string[];
}

export interface BotAuthStub {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** `http://127.0.0.1:PORT/stub-<random>/v1/.well-known/openidconfiguration` (random segment: see below) */
  readonly openIdMetadataUrl: string;
  /** `http://127.0.0.1:PORT/stub-<random>/v1/.well-known/keys` */
  readonly jwksUri: string;
  readonly issuer: string;
  /** Main key id (endorsements ['msteams']). */
  readonly kid: string;
  /** Published key whose endorsements lack 'msteams'. */
  readonly unendorsedKid: string;
  /** The JWKS as served. */
  readonly jwks: { keys: Jwk[] };
  /** Public key of a published kid (or undefined), for verifying with node:crypto. */
  publicKey(kid: string): KeyObject | undefined;
  /** Requests the stub served (method + path), e.g. to assert the metadata was fetched. */
  readonly requests: Array<{ method: string; path: string; at: number }>;
  sign(claims?: SignClaims, opts?: SignOptions): string;
  /** `'Bearer ' + sign(claims, opts)` */
  bearer(claims?: SignClaims, opts?: SignOptions): string;
  /**
   * Options for botbuilder's `new ConfigurationBotFrameworkAuthentication(options, credentialsFactory?)`
   * (or teams-ai `new TeamsAdapter(options, credentialsFactory?)`) that validate inbound tokens against
   * this stub. ALL the parameterized values are set on purpose: as soon as any one of them is given,
   * BotFrameworkAuthenticationFactory drops every public-cloud default (issuer, login URL, scope,
   * callerId would be undefined). Outbound values stay the public-cloud ones; `extra` overrides anything
   * (e.g. MicrosoftAppPassword).
   */
  authConfig(appId: string, extra?: Record<string, string>): Record<string, string>;
  setDown(how: StubDown): Promise<void>;
  close(): Promise<void>;
}

interface KeyEntry {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  endorsements: string[];
}

function b64url(v: unknown): string {
  return Buffer.from(JSON.stringify(v)).toString('base64url');
}

function newKey(kid: string, endorsements: string[]): KeyEntry {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey, endorsements };
}

function toJwk(k: KeyEntry): Jwk {
  const jwk = k.publicKey.export({ format: 'jwk' });
  return { kty: 'RSA', use: 'sig', kid: k.kid, x5t: k.kid, n: String(jwk.n), e: String(jwk.e), endorsements: [...k.endorsements] };
}

export async function startBotAuthStub(): Promise<BotAuthStub> {
  const tag = randomBytes(6).toString('hex');
  const main = newKey(`TestKeyId${tag}00000001`, ['msteams']);
  const unendorsed = newKey(`TestKeyId${tag}00000003`, ['skype', 'webchat', 'directline', 'test']);
  const other = newKey(`TestKeyId${tag}00000009`, ['msteams']); // never published
  const published = [main, unendorsed];
  const jwks = { keys: published.map(toJwk) };
  const requests: Array<{ method: string; path: string; at: number }> = [];

  // botbuilder caches OpenID metadata per URL for the whole process (JwtTokenExtractor.openIdMetadataCache,
  // keys kept 24 h). A random base path keeps a later stub that reuses the port from hitting a stale cache.
  const base = `/stub-${randomBytes(6).toString('hex')}`;
  let origin = '';
  let down: StubDown = false;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push({ method: req.method ?? 'GET', path, at: Date.now() });
    if (down === 'hang') return; // close() drops the connection
    if (down === 'error') {
      res.writeHead(503, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: 'stub is down' }));
      return;
    }
    let body: unknown;
    if (req.method === 'GET' && path === `${base}/v1/.well-known/openidconfiguration`) {
      // 06c, with jwks_uri pointing here.
      body = {
        issuer: BOT_FRAMEWORK_ISSUER,
        authorization_endpoint: 'https://invalid.botframework.com',
        jwks_uri: `${origin}${base}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      };
    } else if (req.method === 'GET' && path === `${base}/v1/.well-known/keys`) {
      body = jwks;
    }
    if (body === undefined) {
      res.writeHead(404, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: 'not found' }));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  const listening = () => server.listening;
  const stopListening = () =>
    new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    });
  const setDown = async (how: StubDown) => {
    if (how === 'refuse' && listening()) await stopListening();
    if (how !== 'refuse' && !listening()) {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
      });
    }
    down = how;
  };

  const sign = (claims: SignClaims = {}, opts: SignOptions = {}): string => {
    if (claims.aud === undefined || claims.serviceurl === undefined) {
      throw new Error('bot auth stub: sign() needs `aud` (bot app id) and `serviceurl` (activity.serviceUrl); pass null to omit one on purpose');
    }
    const now = Math.floor(Date.now() / 1000);
    const defaults: Record<string, unknown> = { iss: BOT_FRAMEWORK_ISSUER, nbf: now - 60, exp: now + 3600 };
    // Claim order as in 06b: serviceurl, nbf, exp, iss, aud, then any extras.
    const merged: Record<string, unknown> = { ...defaults, ...claims };
    const payload: Record<string, unknown> = {};
    for (const k of ['serviceurl', 'nbf', 'exp', 'iss', 'aud', ...Object.keys(merged)]) {
      if (k in payload) continue;
      const v = merged[k];
      if (v !== null && v !== undefined) payload[k] = v;
    }
    const kid = opts.kid ?? main.kid;
    const signer = opts.useOtherKey ? other : (published.find((k) => k.kid === kid) ?? main);
    const header = { alg: opts.alg ?? 'RS256', kid, typ: 'JWT', x5t: kid }; // 06a
    const input = `${b64url(header)}.${b64url(payload)}`;
    if (opts.alg === 'none' || opts.unsigned) return `${input}.`;
    const signature = createSign('RSA-SHA256').update(input).sign(signer.privateKey).toString('base64url');
    return `${input}.${signature}`;
  };

  return {
    origin,
    openIdMetadataUrl: `${origin}${base}/v1/.well-known/openidconfiguration`,
    jwksUri: `${origin}${base}/v1/.well-known/keys`,
    issuer: BOT_FRAMEWORK_ISSUER,
    kid: main.kid,
    unendorsedKid: unendorsed.kid,
    jwks,
    requests,
    publicKey: (kid) => published.find((k) => k.kid === kid)?.publicKey,
    sign,
    bearer: (claims, opts) => `Bearer ${sign(claims, opts)}`,
    authConfig: (appId, extra = {}) => ({
      MicrosoftAppId: appId,
      ToBotFromChannelOpenIdMetadataUrl: `${origin}${base}/v1/.well-known/openidconfiguration`,
      ToBotFromChannelTokenIssuer: BOT_FRAMEWORK_ISSUER,
      // Emulator-issued tokens (iss sts.windows.net / login.microsoftonline.com) are looked up here too,
      // so no validation path ever leaves loopback.
      ToBotFromEmulatorOpenIdMetadataUrl: `${origin}${base}/v1/.well-known/openidconfiguration`,
      ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
      ToChannelFromBotOAuthScope: 'https://api.botframework.com',
      OAuthUrl: 'https://api.botframework.com',
      CallerId: 'urn:botframework:azure',
      ...extra,
    }),
    setDown,
    close: async () => {
      if (listening()) await stopListening();
    },
  };
}

