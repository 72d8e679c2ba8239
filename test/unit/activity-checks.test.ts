import type { Json } from '../support/json.js';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { activityProblem, MAX_FIELD_LENGTH } from '../../bot/activity-checks.js';

const fixtures = new URL('../fixtures/', import.meta.url);
const load = (name: string) => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8'));
const LOCAL = { httpLoopbackServiceUrl: true };
const AUTHENTICATED = { httpLoopbackServiceUrl: false };

describe('activity field checks at the edge', () => {
  const accepted = [
    'install-personal.conversationUpdate.json',
    'personal.message.json',
    'personal.adaptiveCard-action.invoke.json',
    ...readdirSync(new URL('inbound/', fixtures)).map((f) => `inbound/${f}`),
  ];
  for (const name of accepted) {
    it(`accepts the Teams payload ${name} in both modes`, () => {
      assert.equal(activityProblem(load(name), AUTHENTICATED), null);
      assert.equal(activityProblem(load(name), LOCAL), null);
    });
  }

  it('accepts optional fields that are absent or null', () => {
    const a = load('personal.message.json');
    delete a.channelData;
    delete a.conversation.tenantId;
    a.from = { id: a.from.id, aadObjectId: null, name: null };
    assert.equal(activityProblem(a, AUTHENTICATED), null);
  });

  // Each: what is wrong, how to break a real message, and the field the answer must name.
  const refused: Array<[string, (a: Json) => void, string]> = [
    ['a numeric type', (a) => (a.type = 1), '"type"'],
    ['an empty type', (a) => (a.type = ' '), '"type"'],
    ['a numeric activity id', (a) => (a.id = 1700000000003), '"id"'],
    ['a numeric tenant id in channelData', (a) => (a.channelData.tenant.id = 42), '"channelData.tenant.id"'],
    ['a tenant in channelData that is a string', (a) => (a.channelData.tenant = 'contoso'), '"channelData.tenant"'],
    ['channelData that is an array', (a) => (a.channelData = []), '"channelData"'],
    ['an object as conversation.tenantId', (a) => (a.conversation.tenantId = { id: 'x' }), '"conversation.tenantId"'],
    ['no conversation', (a) => delete a.conversation, '"conversation.id"'],
    ['a numeric conversation id', (a) => (a.conversation.id = 7), '"conversation.id"'],
    ['a numeric conversationType', (a) => (a.conversation.conversationType = 1), '"conversation.conversationType"'],
    ['no from', (a) => delete a.from, '"from.id"'],
    ['from as a string', (a) => (a.from = '29:x'), '"from"'],
    ['an empty from.id', (a) => (a.from.id = ''), '"from.id"'],
    ['a from.id past the length limit', (a) => (a.from.id = `29:${'x'.repeat(MAX_FIELD_LENGTH)}`), '"from.id" is longer'],
    ['a numeric Entra object id', (a) => (a.from.aadObjectId = 33333333), '"from.aadObjectId"'],
    ['an array as Entra object id', (a) => (a.from.aadObjectId = ['33333333-3333-4333-8333-333333333333']), '"from.aadObjectId"'],
    ['an object as from.name', (a) => (a.from.name = { first: 'Test' }), '"from.name"'],
    ['no recipient', (a) => delete a.recipient, '"recipient.id"'],
    ['a numeric recipient id', (a) => (a.recipient.id = 28), '"recipient.id"'],
    ['an object as text', (a) => (a.text = { html: 'hi' }), '"text"'],
    ['a numeric replyToId', (a) => (a.replyToId = 1), '"replyToId"'],
    ['a numeric invoke name', (a) => (a.name = 1), '"name"'],
    ['membersAdded that is an object', (a) => (a.membersAdded = { id: '29:x' }), '"membersAdded"'],
    ['a member without an id', (a) => (a.membersAdded = [{ id: '28:bot' }, { aadObjectId: 'x' }]), '"membersAdded[1].id"'],
    ['a member with a numeric Entra object id', (a) => (a.membersAdded = [{ id: '29:x', aadObjectId: 1 }]), '"membersAdded[0].aadObjectId"'],
    ['membersRemoved holding a string', (a) => (a.membersRemoved = ['29:x']), '"membersRemoved[0]"'],
    ['no serviceUrl', (a) => delete a.serviceUrl, '"serviceUrl"'],
    ['a serviceUrl that is not a URL', (a) => (a.serviceUrl = 'smba.trafficmanager.net/amer'), '"serviceUrl" is not a URL'],
    ['an http serviceUrl to a public host', (a) => (a.serviceUrl = 'http://smba.trafficmanager.net/amer/'), '"serviceUrl" must use https://'],
    ['an http serviceUrl to a host that only starts like loopback', (a) => (a.serviceUrl = 'http://127.0.0.1.nip.example/'), '"serviceUrl" must use https://'],
    ['an http serviceUrl to a private address', (a) => (a.serviceUrl = 'http://10.0.0.5:3978/'), '"serviceUrl" must use https://'],
    ['a serviceUrl of another scheme', (a) => (a.serviceUrl = 'ftp://127.0.0.1/'), '"serviceUrl" must use https://'],
  ];
  for (const [what, breakIt, field] of refused) {
    it(`refuses ${what}, naming ${field}`, () => {
      const a = load('personal.message.json');
      breakIt(a);
      for (const mode of [LOCAL, AUTHENTICATED]) {
        const problem = activityProblem(a, mode);
        assert.ok(problem?.includes(field), `${problem} should name ${field}`);
      }
    });
  }

  it('refuses a body that is not an object', () => {
    for (const body of [null, 'message', 42, [load('personal.message.json')]]) assert.match(String(activityProblem(body, LOCAL)), /a JSON object/);
  });

  it('never repeats the value it refuses', () => {
    const a = load('personal.message.json');
    a.from.name = { secret: 'SECRET-NAME-123' };
    a.serviceUrl = 'http://SECRET-HOST.example/';
    assert.doesNotMatch(String(activityProblem(a, LOCAL)), /SECRET/i);
    delete a.from.name;
    assert.doesNotMatch(String(activityProblem(a, LOCAL)), /SECRET/i);
  });

  for (const url of ['http://127.0.0.1:3978/', 'http://127.4.5.6/', 'http://localhost:56150/', 'http://[::1]:8080/']) {
    it(`accepts the loopback connector ${url} only in local mode`, () => {
      const a = { ...load('personal.message.json'), serviceUrl: url };
      assert.equal(activityProblem(a, LOCAL), null);
      assert.match(String(activityProblem(a, AUTHENTICATED)), /"serviceUrl" must use https:\/\/ when MicrosoftAppId is set/);
    });
  }
});
