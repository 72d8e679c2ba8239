import assert from 'node:assert/strict';
import { createPublicKey, createVerify } from 'node:crypto';
import { ConfigurationBotFrameworkAuthentication, TeamsInfo, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import { TeamsAdapter } from '@microsoft/teams-ai';
import {
  blockedByUser,
  conversationNotFound,
  messageWritesBlocked,
  serverError,
  startFakeConnector,
  throttled,
  type FakeConnector,
} from '../support/fake-connector.js';
import { startBotAuthStub, type BotAuthStub, type Jwk } from '../support/bot-auth-stub.js';
import type { Json } from '../support/json.js';

const APP_ID = '22222222-2222-4222-8222-222222222222';
const TENANT = '11111111-1111-4111-8111-111111111111';
const USER_A = '29:1FakeUserA-0000000000000000000000000000000000000000000000000000000000000000000000aa';
const CONV = 'a:1FakePersonalConversation-000000000000000000000000000000000000000000000000000000000000000000000000000000000001';
const CHANNEL_THREAD = '19:00000000000000000000000000000a01@thread.tacv2;messageid=1700000000030';

function convUrl(fake: FakeConnector, conversationId: string, rest = ''): string {
  return `${fake.serviceUrl}v3/conversations/${encodeURIComponent(conversationId)}${rest}`;
}

async function call(url: string, method: string, body?: unknown): Promise<{ status: number; headers: Headers; json: Json }> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

function decodePart(part: string): Json {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

/** RS256 verification with node:crypto only, against the JWKS the stub serves. */
async function verifyWithServedJwks(stub: BotAuthStub, token: string): Promise<boolean> {
  const [h, p, s] = token.split('.');
  const header = decodePart(h);
  const config = (await (await fetch(stub.openIdMetadataUrl)).json()) as { jwks_uri: string };
  const jwks = (await (await fetch(config.jwks_uri)).json()) as { keys: Jwk[] };
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (!jwk) return false;
  const key = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' });
  return createVerify('RSA-SHA256').update(`${h}.${p}`).verify(key, Buffer.from(s, 'base64url'));
}

describe('fake Bot Connector', () => {
  let fake: FakeConnector;
  beforeEach(async () => {
    fake = await startFakeConnector();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('serves a single member like 05j: objectId, not aadObjectId; unknown user gets the error envelope', async () => {
    assert.match(fake.serviceUrl, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    fake.addMember({
      id: USER_A,
      objectId: '33333333-3333-4333-8333-333333333333',
      givenName: 'Test',
      surname: 'User',
      email: 'Test.User@contoso.example',
      userPrincipalName: 'testuser@contoso.example',
      tenantId: TENANT,
    });
    const ok = await call(convUrl(fake, CONV, `/members/${encodeURIComponent(USER_A)}`), 'GET');
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.json, {
      id: USER_A,
      objectId: '33333333-3333-4333-8333-333333333333',
      givenName: 'Test',
      surname: 'User',
      email: 'Test.User@contoso.example',
      userPrincipalName: 'testuser@contoso.example',
      tenantId: TENANT,
      userRole: 'user',
    });
    assert.equal('aadObjectId' in ok.json, false);

    const byObjectId = await call(convUrl(fake, CONV, '/members/33333333-3333-4333-8333-333333333333'), 'GET');
    assert.equal(byObjectId.json.id, USER_A);

    const missing = await call(convUrl(fake, CONV, `/members/${encodeURIComponent('29:nobody')}`), 'GET');
    assert.equal(missing.status, 404);
    assert.equal(missing.json.error.code, 'MemberNotFoundInConversation');

    const rec = fake.requests[0];
    assert.equal(rec.route, 'getMember');
    assert.equal(rec.conversationId, CONV); // decoded from a%3A1Fake...
    assert.equal(rec.userId, USER_A);
  });

  it('answers send, reply and update with unique numeric ResourceResponse ids and records them', async () => {
    const a = await call(convUrl(fake, CONV, '/activities'), 'POST', { type: 'message', text: 'one' });
    const b = await call(convUrl(fake, CONV, '/activities/1700000000001'), 'POST', { type: 'message', text: 'two', replyToId: '1700000000001' });
    const u = await call(convUrl(fake, CONV, `/activities/${a.json.id}`), 'PUT', { type: 'message', text: 'edited' });
    assert.equal(a.status, 201);
    assert.match(a.json.id, /^\d{13,}$/);
    assert.match(b.json.id, /^\d{13,}$/);
    assert.notEqual(a.json.id, b.json.id);
    assert.deepEqual(u.json, { id: a.json.id });

    assert.deepEqual(
      fake.sentActivities().map((s) => [s.conversationId, s.activity.text, s.id, s.replyToId]),
      [
        [CONV, 'one', a.json.id, undefined],
        [CONV, 'two', b.json.id, '1700000000001'],
      ],
    );
    assert.deepEqual(
      fake.updatedActivities().map((x) => [x.conversationId, x.activityId, x.activity.text]),
      [[CONV, a.json.id, 'edited']],
    );
  });

  it('creates conversations shaped like 05c (1:1, stable per user) and 05e (channel thread)', async () => {
    const body = { bot: { id: `28:${APP_ID}` }, members: [{ id: USER_A }], channelData: { tenant: { id: TENANT } } };
    const first = await call(`${fake.serviceUrl}v3/conversations`, 'POST', body);
    const again = await call(`${fake.serviceUrl}v3/conversations`, 'POST', body);
    assert.deepEqual(Object.keys(first.json), ['id']);
    assert.match(first.json.id, /^a:/);
    assert.equal(again.json.id, first.json.id);

    const channel = '19:00000000000000000000000000000a01@thread.tacv2';
    const thread = await call(`${fake.serviceUrl}v3/conversations`, 'POST', {
      isGroup: true,
      activity: { type: 'message', text: 'new conversation' },
      channelData: { channel: { id: channel }, tenant: { id: TENANT } },
    });
    assert.equal(thread.json.id, `${channel};messageid=${thread.json.activityId}`);
  });

  it('lists a team\'s channels like Microsoft\'s documented answer, the General channel without a name; a team it does not know is 404', async () => {
    const team = '19:00000000000000000000000000000a01@thread.tacv2';
    fake.setTeamChannels(team, [{ id: team }, { id: '19:00000000000000000000000000000b02@thread.tacv2', name: 'Test Channel' }]);
    const listed = await call(`${fake.serviceUrl}v3/teams/${encodeURIComponent(team)}/conversations`, 'GET');
    assert.deepEqual(listed.json, { conversations: [{ id: team }, { id: '19:00000000000000000000000000000b02@thread.tacv2', name: 'Test Channel' }] });
    assert.equal(fake.requests.at(-1)?.route, 'teamChannels');
    assert.equal(fake.requests.at(-1)?.teamId, team);
    fake.setTeamChannels(team, undefined);
    assert.equal((await call(`${fake.serviceUrl}v3/teams/${encodeURIComponent(team)}/conversations`, 'GET')).status, 404);
  });

  it('failNext answers the next N matching requests with the given response and then counts down', async () => {
    fake.failNext({ method: 'POST', conversationId: CHANNEL_THREAD }, blockedByUser(), 2);
    const other = await call(convUrl(fake, CONV, '/activities'), 'POST', { type: 'message' });
    assert.equal(other.status, 201, 'a different conversation is unaffected');

    const r1 = await call(convUrl(fake, CHANNEL_THREAD, '/activities'), 'POST', { type: 'message' });
    const r2 = await call(convUrl(fake, CHANNEL_THREAD, '/activities'), 'POST', { type: 'message' });
    const r3 = await call(convUrl(fake, CHANNEL_THREAD, '/activities'), 'POST', { type: 'message' });
    assert.deepEqual([r1.status, r2.status, r3.status], [403, 403, 201]);
    assert.deepEqual(r1.json, { error: { code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.' } });
    assert.deepEqual(
      fake.requests.map((r) => r.injected),
      [false, true, true, false],
    );
    assert.equal(fake.sentActivities().length, 2, 'only delivered activities are listed');
  });

  it('noise adds latency and answers seeded shares of sends with 429 (Retry-After) and 500', async () => {
    fake.noise({ latencyMs: 50, throttledShare: 0.2, retryAfterSeconds: 1, serverErrorShare: 0.1, seed: 3 });
    const t0 = performance.now();
    const answers = await Promise.all(Array.from({ length: 200 }, () => call(convUrl(fake, CONV, '/activities'), 'POST', { type: 'message' })));
    assert.ok(performance.now() - t0 >= 45, 'answered after the latency');
    const count = (status: number) => answers.filter((a) => a.status === status).length;
    assert.ok(count(429) >= 25 && count(429) <= 55, `${count(429)} × 429 of 200`);
    assert.ok(count(500) >= 8 && count(500) <= 35, `${count(500)} × 500 of 200`);
    assert.equal(count(201), 200 - count(429) - count(500));
    assert.equal(fake.requests.find((r) => r.status === 429)?.injected, true);
    fake.noise({});
    assert.equal((await call(convUrl(fake, CONV, '/activities'), 'POST', { type: 'message' })).status, 201);
  });

  it('provides failure helpers shaped on 05m/05n/05p/05q', async () => {
    fake.failNext({ pathIncludes: '/activities' }, throttled(7));
    const t = await call(convUrl(fake, CONV, '/activities'), 'POST', { type: 'message' });
    assert.equal(t.status, 429);
    assert.equal(t.headers.get('retry-after'), '7');
    assert.equal(t.json.error.code, 'Throttled');

    fake.failNext({}, messageWritesBlocked());
    const w = await call(convUrl(fake, CONV, '/activities'), 'POST', { type: 'message' });
    assert.equal(w.status, 403);
    assert.equal(w.json.errorCode, 209);
    assert.equal(JSON.parse(w.json.message).subCode, 'MessageWritesBlocked');

    assert.equal(conversationNotFound().status, 404);
    assert.deepEqual(conversationNotFound().body, { error: { code: 'ConversationNotFound', message: 'Conversation not found.' } });
    assert.equal(serverError().status, 500);
  });

  it('waitFor resolves on a later request and rejects with the requests seen on timeout', async () => {
    const waiting = fake.waitFor((r) => r.route === 'sendToConversation' && r.body?.text === 'later');
    await call(convUrl(fake, CONV, '/activities'), 'POST', { type: 'message', text: 'earlier' });
    await call(convUrl(fake, CONV, '/activities'), 'POST', { type: 'message', text: 'later' });
    assert.equal((await waiting).body.text, 'later');

    const already = await fake.waitFor((r) => r.body?.text === 'earlier', 10);
    assert.equal(already.status, 201);

    await assert.rejects(fake.waitFor((r) => r.method === 'DELETE', 50), /no matching request within 50 ms[\s\S]*POST \/v3\/conversations/);
  });

  it('issues client-credential tokens like 06g and can require them', async () => {
    const strict = await startFakeConnector({ requireAuth: true });
    try {
      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: APP_ID,
        client_secret: 'fake-secret',
        scope: 'https://api.botframework.com/.default',
      });
      const res = await fetch(strict.tokenUrl(), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form });
      const tok = (await res.json()) as Record<string, unknown>;
      assert.deepEqual(Object.keys(tok), ['token_type', 'expires_in', 'ext_expires_in', 'access_token']);
      const claims = decodePart(String(tok.access_token).split('.')[1]);
      assert.equal(claims.appid, APP_ID);
      assert.equal(claims.aud, 'https://api.botframework.com');

      const denied = await fetch(convUrl(strict, CONV, '/activities'), { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
      assert.equal(denied.status, 401);
      const allowed = await fetch(convUrl(strict, CONV, '/activities'), {
        method: 'POST',
        body: '{}',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${String(tok.access_token)}` },
      });
      assert.equal(allowed.status, 201);
      assert.equal(strict.requests[0].route, 'token');
      assert.equal(strict.requests[0].tenant, 'botframework.com');
    } finally {
      await strict.close();
    }
  });
});

describe('bot auth stub', () => {
  let stub: BotAuthStub;
  before(async () => {
    stub = await startBotAuthStub();
  });
  after(async () => {
    await stub.close();
  });

  it('serves 06c-shaped OpenID metadata whose jwks_uri lists an msteams-endorsed RSA key', async () => {
    const config = (await (await fetch(stub.openIdMetadataUrl)).json()) as Record<string, unknown>;
    assert.equal(config.issuer, 'https://api.botframework.com');
    assert.equal(config.jwks_uri, stub.jwksUri);
    assert.deepEqual(config.id_token_signing_alg_values_supported, ['RS256']);
    const jwks = (await (await fetch(stub.jwksUri)).json()) as { keys: Jwk[] };
    const main = jwks.keys.find((k) => k.kid === stub.kid)!;
    assert.equal(main.kty, 'RSA');
    assert.equal(main.x5t, stub.kid);
    assert.equal(main.e, 'AQAB');
    assert.deepEqual(main.endorsements, ['msteams']);
    assert.equal(jwks.keys.find((k) => k.kid === stub.unendorsedKid)!.endorsements.includes('msteams'), false);
  });

  it('signs RS256 tokens shaped like 06a/06b that verify against the served JWKS', async () => {
    const token = stub.sign({ aud: APP_ID, serviceurl: 'http://127.0.0.1:1/' });
    const [h, p] = token.split('.');
    assert.deepEqual(decodePart(h), { alg: 'RS256', kid: stub.kid, typ: 'JWT', x5t: stub.kid });
    const claims = decodePart(p);
    assert.deepEqual(Object.keys(claims), ['serviceurl', 'nbf', 'exp', 'iss', 'aud']);
    assert.equal(claims.iss, 'https://api.botframework.com');
    assert.equal(claims.exp - claims.nbf, 3660);
    assert.equal(await verifyWithServedJwks(stub, token), true);
  });

  it('a token from useOtherKey does not verify; sign() insists on aud and serviceurl', async () => {
    const forged = stub.sign({ aud: APP_ID, serviceurl: 'http://127.0.0.1:1/' }, { useOtherKey: true });
    assert.equal(decodePart(forged.split('.')[0]).kid, stub.kid);
    assert.equal(await verifyWithServedJwks(stub, forged), false);
    assert.throws(() => stub.sign({ aud: APP_ID }), /serviceurl/);
    const noAud = stub.sign({ aud: null, serviceurl: 'x' });
    assert.equal('aud' in decodePart(noAud.split('.')[1]), false);
  });
});

describe('botbuilder against the fake and the stub', () => {
  let fake: FakeConnector;
  let stub: BotAuthStub;
  before(async () => {
    [fake, stub] = await Promise.all([startFakeConnector(), startBotAuthStub()]);
  });
  after(async () => {
    await Promise.all([fake.close(), stub.close()]);
  });

  it('accepts a stub-signed token and rejects a wrong audience and an unendorsed key (401)', async () => {
    const auth = new ConfigurationBotFrameworkAuthentication(stub.authConfig(APP_ID));
    const activity = { type: 'message', channelId: 'msteams', serviceUrl: fake.serviceUrl } as Activity;
    const ok = await auth.authenticateRequest(activity, stub.bearer({ aud: APP_ID, serviceurl: fake.serviceUrl }));
    assert.equal(ok.claimsIdentity.getClaimValue('aud'), APP_ID);
    await assert.rejects(auth.authenticateRequest(activity, stub.bearer({ aud: 'someone-else', serviceurl: fake.serviceUrl })), { statusCode: 401 });
    const quiet = console.error;
    console.error = () => undefined; // botbuilder logs the endorsement failure
    try {
      await assert.rejects(
        auth.authenticateRequest(activity, stub.bearer({ aud: APP_ID, serviceurl: fake.serviceUrl }, { kid: stub.unendorsedKid })),
        { statusCode: 401 },
      );
    } finally {
      console.error = quiet;
    }
  });

  it('local mode (no app id): sends, updates and looks up members on the fake without a token', async () => {
    fake.addMember({ id: USER_A, objectId: '33333333-3333-4333-8333-333333333333', email: 'a@contoso.example', userPrincipalName: 'a@contoso.example', tenantId: TENANT });
    const adapter = new TeamsAdapter();
    const reference = {
      channelId: 'msteams',
      serviceUrl: fake.serviceUrl,
      conversation: { id: CONV, conversationType: 'personal', tenantId: TENANT },
      bot: { id: `28:${APP_ID}` },
      user: { id: USER_A },
    } as ConversationReference;
    let entraId: string | undefined;
    await adapter.continueConversationAsync('', reference, async (ctx: TurnContext) => {
      const sent = await ctx.sendActivity('hello');
      await ctx.updateActivity({ type: 'message', id: sent!.id, text: 'hello again' });
      const member = await TeamsInfo.getMember(ctx, USER_A);
      entraId = (member as typeof member & { objectId?: string }).objectId ?? member.aadObjectId;
      assert.equal(member.aadObjectId, undefined, 'getMember does not map objectId to aadObjectId');
    });
    assert.equal(entraId, '33333333-3333-4333-8333-333333333333');
    const [sent] = fake.sentActivities();
    assert.equal(sent.activity.text, 'hello');
    assert.equal(sent.headers.authorization, undefined);
    assert.equal(fake.updatedActivities()[0].activityId, sent.id);
  });
});
