import assert from 'node:assert/strict';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { MsalServiceClientCredentialsFactory } from 'botframework-connector';
import { readFileSync } from 'node:fs';
import { VERBS } from '../support/verbs.js';
import { startBotAuthStub, type BotAuthStub } from '../support/bot-auth-stub.js';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector.js';
import { cardText, makeUser, sentCard, startHarness, type Harness } from '../support/bot-harness.js';

const APP_ID = '22222222-2222-4222-8222-222222222222';
const message = (serviceUrl: string, text = 'help') => ({
  ...JSON.parse(readFileSync(new URL('../fixtures/personal.message.json', import.meta.url), 'utf8')),
  serviceUrl,
  text,
});

describe('requests to /api/messages when MicrosoftAppId is set', function () {
  this.timeout(60000);
  let stub: BotAuthStub;
  let fake: FakeConnector;
  let h: Harness;

  before(async () => {
    stub = await startBotAuthStub();
    fake = await startFakeConnector({ requireAuth: true });
    const cca = new ConfidentialClientApplication(fake.msalConfiguration(APP_ID, 'test-secret'));
    h = await startHarness({
      fake,
      env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'test-secret', BOT_OPENID_METADATA_URL: stub.openIdMetadataUrl },
      credentialsFactory: new MsalServiceClientCredentialsFactory(APP_ID, cca as never),
    });
  });
  after(async () => {
    await h?.close();
    await fake?.close();
    await stub?.close();
  });

  it('refuses a request with no token', async () => {
    const res = await h.post(message(fake.serviceUrl));
    assert.equal(res.status, 401);
    assert.equal(fake.requests.filter((r) => r.route !== 'token').length, 0, 'nothing was sent');
  });

  const bad: Array<[string, Record<string, unknown>, { kid?: string; useOtherKey?: boolean }?]> = [
    ['a token for another bot', { aud: '99999999-9999-4999-8999-999999999999' }],
    ['a token from another issuer', { iss: 'https://evil.example' }],
    ['an expired token', { exp: Math.floor(Date.now() / 1000) - 600 }],
    ['a token for another serviceUrl', { serviceurl: 'https://smba.trafficmanager.net/amer/' }],
    ['a token signed by a key not in the JWKS', {}, { useOtherKey: true }],
    ['a token signed by a key not endorsed for msteams', {}, { kid: 'unendorsed' }],
  ];
  for (const [what, claims, opts] of bad) {
    it(`refuses ${what}`, async () => {
      const o = opts?.kid === 'unendorsed' ? { kid: stub.unendorsedKid } : opts;
      const token = stub.bearer({ aud: APP_ID, serviceurl: fake.serviceUrl, ...claims }, o);
      const res = await h.post(message(fake.serviceUrl), { authorization: token });
      assert.ok(res.status === 401 || res.status === 403 || res.status === 500, `status ${res.status}`);
      assert.notEqual(res.status, 200);
      assert.equal(fake.sentActivities().length, 0);
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
