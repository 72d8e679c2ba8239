import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { VERBS } from '../support/verbs.js';
import type { BotAuthStub } from '../support/bot-auth-stub.js';
import { startAuthenticatedHarness, TEST_APP_ID } from '../support/authenticated-harness.js';
import type { FakeConnector } from '../support/fake-connector.js';
import { makeUser, startHarness, TENANT, type Harness, type TestUser } from '../support/bot-harness.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));
const BOT_ID = '28:22222222-2222-4222-8222-222222222222';

/** Teams-shaped activities from user `u`, with the serviceUrl pointing at the fake connector. */
function activities(h: Harness, u: TestUser) {
  const envelope = (name: string) => ({
    ...fixture(name),
    serviceUrl: h.fake.serviceUrl,
    from: { id: u.id, aadObjectId: u.aadObjectId, name: u.name },
    conversation: { conversationType: 'personal', tenantId: TENANT, id: u.conversationId },
    channelData: { tenant: { id: TENANT } },
  });
  return {
    install: () => ({ ...envelope('install-personal.conversationUpdate.json'), membersAdded: [{ id: BOT_ID }, { id: u.id, aadObjectId: u.aadObjectId }] }),
    message: () => ({ ...envelope('personal.message.json'), text: 'help' }),
    press: () => ({ ...envelope('personal.adaptiveCard-action.invoke.json'), value: { action: { type: 'Action.Execute', id: '', verb: VERBS.meetingSchedule, data: {} }, trigger: 'manual' } }),
  };
}

describe('activity fields are checked before anything trusts them', function () {
  this.timeout(60000);
  let h: Harness;
  const bu = makeUser('B', 2, 'bu@norfolk.gov.uk', 'Business Unit');
  const newcomer = makeUser('N', 7, 'new@norfolk.gov.uk', 'New Person');

  before(async () => {
    h = await startHarness({ env: { BUSINESS_UNIT_IDS: bu.aadObjectId, ALLOWED_TENANT_IDS: TENANT } });
    await h.install(bu);
    h.fake.addMember({ id: newcomer.id, objectId: newcomer.aadObjectId, email: newcomer.email, tenantId: TENANT });
  });
  after(async () => h?.close());

  // Before these checks, a non-string tenant or Entra id failed the turn inside services/access.ts
  // ("toLowerCase is not a function") and an http serviceUrl was used for the reply.
  const cases: Array<[string, (h: Harness) => unknown, string]> = [
    ['a numeric tenant id in channelData on an install', (h) => ({ ...activities(h, newcomer).install(), channelData: { tenant: { id: 42 } } }), 'channelData.tenant.id'],
    ['an object as conversation.tenantId on an install', (h) => { const a = activities(h, newcomer).install(); return { ...a, channelData: {}, conversation: { ...a.conversation, tenantId: { id: TENANT } } }; }, 'conversation.tenantId'],
    ['a numeric Entra object id on an install', (h) => { const a = activities(h, newcomer).install(); return { ...a, from: { ...a.from, aadObjectId: 33333333 } }; }, 'from.aadObjectId'],
    ['a numeric Entra object id of the added member', (h) => ({ ...activities(h, newcomer).install(), membersAdded: [{ id: BOT_ID }, { id: newcomer.id, aadObjectId: 7 }] }), 'membersAdded[1].aadObjectId'],
    ['an array as Entra object id on a business unit card press', (h) => { const a = activities(h, bu).press(); return { ...a, from: { ...a.from, aadObjectId: [bu.aadObjectId] } }; }, 'from.aadObjectId'],
    ['a numeric tenant id on a message', (h) => ({ ...activities(h, bu).message(), channelData: { tenant: { id: 11111111 } } }), 'channelData.tenant.id'],
    ['an http serviceUrl to a host that is not this machine', (h) => ({ ...activities(h, bu).message(), serviceUrl: 'http://smba.trafficmanager.net/amer/' }), 'serviceUrl'],
  ];
  for (const [what, build, field] of cases) {
    it(`answers ${what} with 400 naming "${field}", storing and sending nothing`, async () => {
      const people = JSON.stringify(h.bot.services.people.all());
      const requests = h.fake.requests.length;
      const logsBefore = h.logs.length;
      const res = await h.post(build(h));
      assert.equal(res.status, 400);
      assert.ok(String(res.body.error).includes(`"${field}"`), res.body.error);
      assert.equal(JSON.stringify(h.bot.services.people.all()), people, 'nobody stored or changed');
      assert.equal(h.bot.services.people.installation(newcomer.id), undefined, 'no installation stored');
      assert.equal(h.fake.requests.length, requests, 'nothing sent, nothing looked up');
      const events = h.logs.slice(logsBefore).map((l) => JSON.parse(l).event);
      assert.deepEqual(events, ['http.bad_activity']);
    });
  }

  it('still serves the same activities once the fields are right', async () => {
    const res = await h.post(activities(h, newcomer).install());
    assert.equal(res.status, 200);
    assert.ok(h.bot.services.people.installation(newcomer.id), 'installed');
  });
});

describe('an http serviceUrl when MicrosoftAppId is set', function () {
  this.timeout(60000);
  const APP_ID = TEST_APP_ID;
  let stub: BotAuthStub;
  let fake: FakeConnector;
  let h: Harness;
  const user = makeUser('A', 1, 'a@norfolk.gov.uk', 'Test User');

  let close: (() => Promise<void>) | undefined;

  before(async () => {
    // No allowHttpLoopbackServiceUrl: the production setting.
    ({ h, fake, stub, close } = await startAuthenticatedHarness({ allowHttpLoopbackServiceUrl: false }));
  });
  after(async () => close?.());

  it('is refused with 400 naming "serviceUrl" even on loopback and with a valid token, and nothing is sent', async () => {
    const a = activities(h, user).message();
    const res = await h.post(a, { authorization: stub.bearer({ aud: APP_ID, serviceurl: a.serviceUrl }) });
    assert.equal(res.status, 400);
    assert.match(res.body.error, /"serviceUrl" must use https:\/\/ when MicrosoftAppId is set/);
    assert.equal(fake.requests.length, 0);
    assert.equal(h.bot.services.people.installation(user.id), undefined);
  });
});
