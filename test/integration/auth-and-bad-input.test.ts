import assert from 'node:assert/strict';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { MsalServiceClientCredentialsFactory } from 'botframework-connector';
import { readFileSync } from 'node:fs';
import { VERBS } from '../support/verbs.js';
import { startBotAuthStub, type BotAuthStub, type StubDown } from '../support/bot-auth-stub.js';
import { startAuthenticatedHarness, TEST_APP_ID } from '../support/authenticated-harness.js';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector.js';
import { cardText, makeUser, sentCard, startHarness, type Harness } from '../support/bot-harness.js';
import { stderrDuring } from '../support/stderr.js';

const APP_ID = TEST_APP_ID;
const message = (serviceUrl: string, text = 'help') => ({
  ...JSON.parse(readFileSync(new URL('../fixtures/personal.message.json', import.meta.url), 'utf8')),
  serviceUrl,
  text,
});

const REFUSED = { error: 'This request is not authorised.' };
const UNAVAILABLE = { error: 'The bot cannot check sign-in tokens just now. Try again shortly.' };

/**
 * Posts with `authorization` and checks what every refusal must look like: the status and its
 * header (Retry-After so Teams retries a 503), the neutral body (no library text), exactly one JSON
 * log line giving the reason, nothing printed on stderr (botbuilder used to print stack traces and
 * public keys there), and nothing sent to Teams.
 */
async function expectRefusal(h: Harness, fake: FakeConnector, authorization: string | undefined, want: { status: 401 | 503; event: string; reason: string }) {
  const logsBefore = h.logs.length;
  const sentBefore = fake.sentActivities().length;
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) };
  const { result: res, stderr } = await stderrDuring(() => fetch(`${h.bot.url}/api/messages`, { method: 'POST', headers, body: JSON.stringify(message(fake.serviceUrl)) }));
  const body = await res.json();
  assert.equal(res.status, want.status, JSON.stringify(body));
  assert.deepEqual(body, want.status === 401 ? REFUSED : UNAVAILABLE);
  if (want.status === 503) assert.equal(res.headers.get('retry-after'), '10');
  else assert.equal(res.headers.get('www-authenticate'), 'Bearer');
  const lines = h.logs.slice(logsBefore);
  assert.equal(lines.length, 1, `one log line, got:\n${lines.join('\n')}`);
  const line = JSON.parse(lines[0]);
  assert.equal(line.event, want.event);
  assert.equal(line.reason, want.reason, line.detail);
  if (authorization) assert.ok(!lines[0].includes(authorization.replace(/^\S+ /, '')), 'the token is not logged');
  assert.equal(stderr, '', 'nothing printed on stderr');
  assert.equal(fake.sentActivities().length, sentBefore, 'nothing sent');
}

describe('requests to /api/messages when MicrosoftAppId is set', function () {
  this.timeout(60000);
  let stub: BotAuthStub;
  let fake: FakeConnector;
  let h: Harness;

  let close: (() => Promise<void>) | undefined;

  before(async () => {
    ({ h, fake, stub, close } = await startAuthenticatedHarness({ allowHttpLoopbackServiceUrl: true }));
  });
  after(async () => close?.());

  it('refuses a request with no token with 401, a neutral body, one log line and nothing on stderr', async () => {
    await expectRefusal(h, fake, undefined, { status: 401, event: 'http.auth_refused', reason: 'no_token' });
    assert.equal(fake.requests.filter((r) => r.route !== 'token').length, 0, 'nothing was sent');
  });

  const now = () => Math.floor(Date.now() / 1000);
  const bad: Array<[string, string, () => string]> = [
    ['a token for another bot', 'wrong_audience', () => stub.bearer({ aud: '99999999-9999-4999-8999-999999999999', serviceurl: fake.serviceUrl })],
    ['a token from another issuer', 'invalid_token', () => stub.bearer({ aud: APP_ID, serviceurl: fake.serviceUrl, iss: 'https://evil.example' })],
    ['an expired token', 'expired', () => stub.bearer({ aud: APP_ID, serviceurl: fake.serviceUrl, exp: now() - 600 })],
    // botbuilder allows five minutes of clock skew; an hour is well past it.
    ['a token not valid yet (nbf an hour ahead)', 'not_yet_valid', () => stub.bearer({ aud: APP_ID, serviceurl: fake.serviceUrl, nbf: now() + 3600 })],
    ['a token for another serviceUrl', 'service_url_mismatch', () => stub.bearer({ aud: APP_ID, serviceurl: 'https://smba.trafficmanager.net/amer/' })],
    ['a token signed by another key under a published kid', 'bad_signature', () => stub.bearer({ aud: APP_ID, serviceurl: fake.serviceUrl }, { useOtherKey: true })],
    ['a token whose kid is not in the JWKS', 'unknown_key', () => stub.bearer({ aud: APP_ID, serviceurl: fake.serviceUrl }, { kid: 'NotAPublishedKid' })],
    ['a token signed by a key not endorsed for msteams', 'key_not_endorsed', () => stub.bearer({ aud: APP_ID, serviceurl: fake.serviceUrl }, { kid: stub.unendorsedKid })],
    ['a token with alg none', 'invalid_token', () => stub.bearer({ aud: APP_ID, serviceurl: fake.serviceUrl }, { alg: 'none' })],
    ['an unsigned token', 'invalid_token', () => stub.bearer({ aud: APP_ID, serviceurl: fake.serviceUrl }, { unsigned: true })],
    ['something that is not a JWT', 'invalid_token', () => 'Bearer not-a-jwt'],
    ['a token in another scheme', 'invalid_token', () => `Basic ${stub.sign({ aud: APP_ID, serviceurl: fake.serviceUrl })}`],
  ];
  for (const [what, reason, authorization] of bad) {
    it(`refuses ${what} with 401 (reason ${reason})`, async () => {
      await expectRefusal(h, fake, authorization(), { status: 401, event: 'http.auth_refused', reason });
    });
  }

  it('accepts a token signed for this bot and answers through the connector with its own bearer token', async () => {
    const token = stub.bearer({ aud: APP_ID, serviceurl: fake.serviceUrl });
    const res = await h.post(message(fake.serviceUrl), { authorization: token });
    assert.equal(res.status, 200);
    const reply = await fake.waitFor((r) => r.route === 'replyToActivity' && r.status === 201);
    assert.match(String(reply.headers.authorization), /^Bearer /);
    assert.match(cardText(sentCard(reply.body)), /What would you like to do/);
  });
});

describe('requests to /api/messages when the signing keys cannot be fetched', function () {
  this.timeout(60000);
  let fake: FakeConnector;
  let cca: ConfidentialClientApplication;
  // A fresh stub and bot per test: botbuilder keeps fetched keys for 24 h per metadata URL, so
  // only a stub this bot has never reached successfully shows the "cannot fetch" path.
  let stub: BotAuthStub;
  let h: Harness;

  before(async () => {
    fake = await startFakeConnector({ requireAuth: true });
    cca = new ConfidentialClientApplication(fake.msalConfiguration(APP_ID, 'test-secret'));
  });
  after(async () => fake?.close());
  beforeEach(async () => {
    stub = await startBotAuthStub();
    h = await startHarness({
      fake,
      env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'test-secret', BOT_OPENID_METADATA_URL: stub.openIdMetadataUrl },
      credentialsFactory: new MsalServiceClientCredentialsFactory(APP_ID, cca as never),
      edge: { allowHttpLoopbackServiceUrl: true, authTimeoutMs: 500 },
    });
  });
  afterEach(async () => {
    await h?.close();
    await stub?.close();
  });

  const downs: Array<[StubDown, string, string]> = [
    ['refuse', 'refuses connections', 'keys_unreachable'],
    ['error', 'answers 503', 'keys_unreachable'],
    ['hang', 'never answers', 'keys_timeout'],
  ];
  for (const [how, what, reason] of downs) {
    it(`answers 503 with Retry-After, not 500, when the key endpoint ${what}`, async () => {
      await stub.setDown(how);
      await expectRefusal(h, fake, stub.bearer({ aud: APP_ID, serviceurl: fake.serviceUrl }), { status: 503, event: 'http.auth_unavailable', reason });
      if (how !== 'refuse') assert.ok(stub.requests.length > 0, 'the bot did try to fetch the keys');
    });
  }

  it('gives the same 503 to a bad token while the keys cannot be fetched, and checks tokens again once they can', async () => {
    await stub.setDown('refuse');
    await expectRefusal(h, fake, stub.bearer({ aud: APP_ID, serviceurl: fake.serviceUrl }, { useOtherKey: true }), { status: 503, event: 'http.auth_unavailable', reason: 'keys_unreachable' });
    await stub.setDown(false);
    const res = await h.post(message(fake.serviceUrl), { authorization: stub.bearer({ aud: APP_ID, serviceurl: fake.serviceUrl }) });
    assert.equal(res.status, 200);
    await expectRefusal(h, fake, stub.bearer({ aud: APP_ID, serviceurl: fake.serviceUrl }, { useOtherKey: true }), { status: 401, event: 'http.auth_refused', reason: 'bad_signature' });
  });
});

describe('bad input never crashes the bot or changes anything', function () {
  this.timeout(60000);
  let h: Harness;
  const bu = makeUser('B', 2, 'bu@norfolk.gov.uk', 'Business Unit');

  before(async () => {
    h = await startHarness({ env: { BUSINESS_UNIT_IDS: bu.aadObjectId, ALLOWED_TENANT_IDS: '11111111-1111-4111-8111-111111111111' } });
    await h.install(bu);
  });
  after(async () => h?.close());

  it('answers a body that is not JSON with 400 and a message saying what to send', async () => {
    const res = await h.post('{"type": "message", oops');
    assert.equal(res.status, 400);
    assert.match(res.body.error, /not valid JSON/);
  });

  it('answers an activity that lacks fields with 400 naming the field', async () => {
    const res = await h.post({ type: 'message', text: 'hi', serviceUrl: h.fake.serviceUrl, conversation: { id: 'a:x' } });
    assert.equal(res.status, 400);
    assert.match(res.body.error, /from\.id/);
    const arr = await h.post([1, 2, 3]);
    assert.equal(arr.status, 400);
  });

  it('answers an unknown or forged verb with a card that says so, and changes nothing', async () => {
    const before = JSON.stringify(h.bot.services.meetings.upcoming());
    const res = await h.press(bu, 'meeting.delete-everything', { meetingId: 'x' });
    assert.equal(res.status, 200);
    assert.match(cardText(res.card), /out of date or not one of ours/);
    const submit = await h.post({ ...(await invokeFor(h, bu)), value: { action: { type: 'Action.Submit', verb: VERBS.meetingSchedule, data: {} } } });
    assert.match(cardText(submit.body.value), /not handle/);
    const empty = await h.post({ ...(await invokeFor(h, bu)), value: null });
    assert.match(cardText(empty.body.value), /sent nothing we can read/);
    assert.equal(JSON.stringify(h.bot.services.meetings.upcoming()), before);
  });

  it('treats card data of the wrong shape as missing values', async () => {
    const res = await h.press(bu, VERBS.meetingSchedule, { groupId: ['lscg-south'], date: 20250523, time: { h: 10 }, mode: 'online' });
    assert.match(cardText(res.card), /Choose the LSCG/);
    assert.match(cardText(res.card), /Give the date/);
    assert.equal(h.bot.services.meetings.upcoming().length, 0);
  });

  it('refuses a user from a tenant not on the allow-list politely and stores nothing about them', async () => {
    const outsider = makeUser('Z', 9, 'x@other.example', 'Outsider');
    h.fake.addMember({ id: outsider.id, objectId: outsider.aadObjectId, email: outsider.email, tenantId: '99999999-9999-4999-8999-999999999999' });
    const a = JSON.parse(readFileSync(new URL('../fixtures/install-personal.conversationUpdate.json', import.meta.url), 'utf8'));
    a.serviceUrl = h.fake.serviceUrl;
    a.from = { id: outsider.id, aadObjectId: outsider.aadObjectId };
    a.membersAdded = [{ id: a.recipient.id }, { id: outsider.id, aadObjectId: outsider.aadObjectId }];
    a.conversation = { conversationType: 'personal', id: outsider.conversationId };
    a.channelData = { tenant: { id: '99999999-9999-4999-8999-999999999999' } };
    const res = await h.post(a);
    assert.equal(res.status, 200);
    const reply = await h.fake.waitFor((r) => r.conversationId === outsider.conversationId && r.method === 'POST');
    assert.match(cardText(sentCard(reply.body)), /only for Norfolk Safeguarding Children Partnership partners/);
    assert.equal(h.bot.services.people.installation(outsider.id), undefined);
    assert.ok(!h.fake.requests.some((r) => r.route === 'getMember' && r.userId === outsider.id), 'no look-up either');
  });

  it('answers /healthz while the store can be written', async () => {
    const res = await fetch(`${h.bot.url}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  it('never logs what people typed', async () => {
    await h.press(bu, VERBS.meetingSchedule, { groupId: 'lscg-south', date: '2099-01-01', time: '10:00', mode: 'in-person', venue: 'SECRET-VENUE-123', agenda: 'SECRET-AGENDA-456' });
    await h.message(bu, 'SECRET-MESSAGE-789');
    await h.press(bu, VERBS.rosterPreview, { rows: 'secret.person@x.example\tSECRET-NAME\tOrg\tLSCG South' });
    const logs = h.logs.join('\n');
    for (const secret of ['SECRET-VENUE-123', 'SECRET-AGENDA-456', 'SECRET-MESSAGE-789', 'SECRET-NAME', 'secret.person']) assert.ok(!logs.includes(secret), `${secret} in logs`);
    assert.ok(h.logs.length > 5, 'but events are logged');
    assert.ok(h.logs.every((l) => JSON.parse(l).event), 'one JSON object per line');
  });
});

async function invokeFor(h: Harness, u: ReturnType<typeof makeUser>) {
  const a = JSON.parse(readFileSync(new URL('../fixtures/personal.adaptiveCard-action.invoke.json', import.meta.url), 'utf8'));
  return { ...a, serviceUrl: h.fake.serviceUrl, from: { id: u.id, aadObjectId: u.aadObjectId }, conversation: { ...a.conversation, id: u.conversationId } };
}
