import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FIELD } from '../../services/features/newsletter/compose.js';
import { channelKey } from '../../services/people/teams.js';
import { VERBS } from '../support/verbs.js';
import { cardText, makeUser, sentCard, ShiftedClock, startHarness, type Harness, type TestUser } from '../support/bot-harness.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));

// The ids of shared/teams-payloads: the team (= its General channel) and the channel the installer picked.
const TEAM = '19:00000000000000000000000000000a01@thread.tacv2';
const BRIEFINGS = '19:00000000000000000000000000000b02@thread.tacv2';

const bu = makeUser('A', 1, 'bu@norfolk.gov.uk', 'Business Unit');
const cat = makeUser('B', 2, 'cat@nchc.example', 'Cat Champion');
const dan = makeUser('C', 3, 'dan@police.example', 'Dan South');
const gus = makeUser('D', 4, 'gus@ncc.example', 'Gus Lead');
/** On the roster, in the team, but has never installed the app: known only through the connector's member look-up. */
const ida = makeUser('E', 5, 'ida@ncc.example', 'Ida Noapp');

const ROWS = [
  'cat@nchc.example\tCat Champion\tNCHC\tNeglect champions',
  'dan@police.example\tDan South\tNorfolk Constabulary\tLSCG South',
  'gus@ncc.example\tGus Lead\tNorfolk County Council\tSection 11 leads',
  'ida@ncc.example\tIda Noapp\tNorfolk County Council\tJAGS facilitators',
].join('\n');

const ISSUE = {
  [FIELD.title]: 'ANOOF bite-size briefing',
  [FIELD.heading(1)]: 'Patterns of disengagement',
  [FIELD.text(1)]: 'What to look for, and what to do next.',
  [FIELD.audience]: `neglect-champions,${channelKey(BRIEFINGS)}`,
  [FIELD.ask]: 'read-cascade',
};

/** A team activity as Teams sends it (the shared payloads), from the fake connector, added by the business unit. */
function teamActivity(h: Harness, name: string, overrides: Record<string, unknown> = {}) {
  const a = fixture(`inbound/${name}`);
  return { ...a, serviceUrl: h.fake.serviceUrl, timestamp: new Date().toISOString(), from: { ...a.from, id: bu.id, aadObjectId: bu.aadObjectId }, ...overrides };
}

/** A press on the channel post: the envelope of a channel message (04), the thread of the post, the presser's ids. */
async function pressInChannel(h: Harness, user: TestUser, post: { conversationId: string; activityId: string }, data: Record<string, unknown>) {
  const a = fixture('channel.adaptiveCard-action.invoke.DERIVED.json');
  a.serviceUrl = h.fake.serviceUrl;
  a.from = { id: user.id, aadObjectId: user.aadObjectId, name: user.name };
  a.conversation = { ...a.conversation, id: post.conversationId };
  a.replyToId = post.activityId;
  a.value = { action: { type: 'Action.Execute', id: '', verb: VERBS.newsletterAck, data }, trigger: 'manual' };
  const res = await h.post(a);
  return { ...res, card: res.body?.value };
}

const channelChoices = (card: unknown) => {
  const found: Array<{ title: string; value: string }> = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.id === FIELD.audience && Array.isArray(o.choices)) found.push(...(o.choices as typeof found));
    Object.values(o).forEach(walk);
  };
  walk(card);
  return found.filter((c) => c.value.startsWith('channel:'));
};

describe('Newsletters posted to a Teams channel, through the real server', function () {
  this.timeout(60000);
  let h: Harness;
  const clock = new ShiftedClock('2025-06-02T08:00:00Z');
  let issueId = '';
  let post = { conversationId: '', activityId: '' };

  before(async () => {
    h = await startHarness({ clock, env: { BUSINESS_UNIT_IDS: bu.aadObjectId } });
    for (const u of [bu, cat, dan, gus]) await h.install(u);
    const preview = await h.press(bu, VERBS.rosterPreview, { rows: ROWS });
    await h.press(bu, VERBS.rosterApply, { importId: preview.card.actions.find((a: { verb?: string }) => a.verb === VERBS.rosterApply).data.importId });
  });
  after(async () => h?.close());

  it('is added to a team (conversationUpdate and installationUpdate, as Teams sends both) and records the team and its channels', async () => {
    h.fake.setTeamChannels(TEAM, [{ id: TEAM }, { id: BRIEFINGS, name: 'Bite-size briefings' }]);
    assert.equal((await h.post(teamActivity(h, '01c-install-team.conversationUpdate.json'))).status, 200);
    assert.equal((await h.post(teamActivity(h, '01e-install-team.installationUpdate-add.json'))).status, 200);
    const lookups = h.fake.requests.filter((r) => r.route === 'teamChannels');
    assert.ok(lookups.length >= 1 && lookups.every((r) => r.teamId === TEAM), 'GET /v3/teams/{teamId}/conversations');
    const team = h.bot.services.teams.team(TEAM)!;
    assert.deepEqual([team.name, team.status, team.addedBy, team.serviceUrl], ['Test Team', 'installed', bu.aadObjectId, h.fake.serviceUrl]);
    assert.equal(h.fake.sentActivities().filter((a) => a.conversationId.startsWith('19:')).length, 0, 'nothing posted in the team on its own');
  });

  it('follows a channel created in the team and one deleted (conversationUpdate channelCreated / channelDeleted)', async () => {
    const reviews = { id: '19:00000000000000000000000000000c03@thread.tacv2', name: 'Learning from reviews' };
    const event = (eventType: string) => {
      const a = teamActivity(h, '01c-install-team.conversationUpdate.json');
      delete a.membersAdded;
      return { ...a, conversation: { ...a.conversation, id: TEAM }, channelData: { ...a.channelData, settings: undefined, eventType, channel: reviews } };
    };
    await h.post(event('channelCreated'));
    assert.ok(h.bot.services.teams.offered().some((c) => c.channelName === 'Learning from reviews'));
    await h.post(event('channelDeleted'));
    assert.ok(!h.bot.services.teams.offered().some((c) => c.channelName === 'Learning from reviews'));
  });

  it('the compose card offers the team\'s channels beside the groups, for the business unit only to pick', async () => {
    const blank = await h.press(bu, VERBS.newsletterNew);
    assert.deepEqual(channelChoices(blank.card), [
      { value: channelKey(TEAM), title: 'Channel post: Test Team › General' },
      { value: channelKey(BRIEFINGS), title: 'Channel post: Test Team › Bite-size briefings' },
    ]);
    const refused = await h.press(cat, VERBS.newsletterSave, ISSUE);
    assert.match(cardText(refused.card), /Only NSCP business unit staff can do that/);
  });

  it('preview and the count before sending say "N people and M channels"', async () => {
    await h.press(bu, VERBS.newsletterSave, ISSUE);
    issueId = h.bot.services.newsletter.all()[0].id;
    const preview = await h.press(bu, VERBS.newsletterPreview, { ...ISSUE, issueId });
    assert.match(cardText(preview.card), /1 person and 1 channel in the audience: it will reach 1 in Teams\. It is also posted in 1 channel/);
    const confirm = await h.press(bu, VERBS.newsletterConfirmSend, { ...ISSUE, issueId });
    assert.match(cardText(confirm.card), /To: Neglect champions, the channel Test Team › Bite-size briefings/);
    assert.match(JSON.stringify(confirm.card), /"title":"Send to 1 person and 1 channel now","verb":"newsletter\.send"/);
  });

  it('sending posts ONE message in the channel: a new thread (POST /v3/conversations with the channel id), beside the person\'s card', async () => {
    await h.press(bu, VERBS.newsletterSend, { issueId });
    await h.settle();
    const created = h.fake.requests.filter((r) => r.route === 'createConversation' && r.body?.isGroup === true);
    assert.equal(created.length, 1);
    const body = created[0].body;
    assert.equal(body.channelData.channel.id, BRIEFINGS);
    assert.equal(body.channelData.tenant.id, '11111111-1111-4111-8111-111111111111');
    assert.equal(body.bot.id, '28:22222222-2222-4222-8222-222222222222');
    assert.match(cardText(sentCard(body.activity)), /Posted for everyone in this team: your answer counts for you[\s\S]*ANOOF bite-size briefing/);
    post = { conversationId: (created[0].responseBody as { id: string }).id, activityId: (created[0].responseBody as { activityId: string }).activityId };
    assert.equal(post.conversationId, `${BRIEFINGS};messageid=${post.activityId}`);
    assert.equal(h.fake.sentActivities().filter((a) => a.conversationId === cat.conversationId && /ANOOF/.test(JSON.stringify(a.activity))).length, 1, 'Cat, in the chosen group, has her own card');
  });

  it('two people press Read it on the channel post: each counts for them, each sees only their own answer, and the post itself is not changed', async () => {
    const danPress = await pressInChannel(h, dan, post, { issueId, what: 'read' });
    assert.match(cardText(danPress.card), /Only you see this: the post stays the same for everyone else in the channel[\s\S]*You read this on/);
    // Ida never installed the app: the connector's member look-up gives her email, and the roster knows it.
    h.fake.addMember({ id: ida.id, objectId: ida.aadObjectId, email: ida.email, userPrincipalName: ida.email, tenantId: '11111111-1111-4111-8111-111111111111' });
    const idaPress = await pressInChannel(h, ida, post, { issueId, what: 'yes' });
    assert.match(cardText(idaPress.card), /Yes: you cascaded it to your team/);
    assert.ok(h.fake.requests.some((r) => r.route === 'getMember' && r.userId === ida.id && r.conversationId === TEAM));
    assert.equal(h.bot.services.people.installationOf(ida.email), undefined, 'the look-up installs nothing and stores nothing');
    assert.equal(h.fake.updatedActivities().filter((u) => u.activityId === post.activityId).length, 0, 'nobody\'s answer is pushed to the whole channel');
    const report = await h.press(bu, VERBS.newsletterReport, { issueId });
    const text = cardText(report.card);
    assert.match(text, /Read it: 2/);
    assert.match(text, /Cascaded to their team: 1/);
    assert.match(text, /Channel: Test Team › Bite-size briefings: Posted/);
    assert.match(text, /Norfolk Constabulary[\s\S]*Dan South: read; answered on a channel post/);
    assert.match(text, /Norfolk County Council[\s\S]*Ida Noapp: read, cascaded; answered on a channel post/);
    const stranger = makeUser('F', 6, 'stranger@elsewhere.example', 'Stranger');
    const refused = await pressInChannel(h, stranger, post, { issueId, what: 'read' });
    assert.match(cardText(refused.card), /not on the NSCP list of people[\s\S]*Nothing was recorded/);
    assert.equal((await h.bot.services.newsletter.acknowledgements(issueId)).length, 2);
    assert.match(text, /Posted in 1 of 1 channel\./);
  });

  it('edit updates the channel post in its thread, and recall deletes it', async () => {
    await h.press(bu, VERBS.newsletterEdit, { ...ISSUE, issueId, [FIELD.title]: 'ANOOF bite-size briefing (corrected)' });
    await h.settle();
    const updated = h.fake.updatedActivities().filter((u) => u.activityId === post.activityId);
    assert.equal(updated.length, 1);
    assert.equal(updated[0].conversationId, post.conversationId);
    assert.match(cardText(sentCard(updated[0].activity)), /\(corrected\)/);
    const confirm = await h.press(bu, VERBS.newsletterConfirmRecall, { issueId });
    assert.ok(confirm.card.actions.some((a: { title: string }) => a.title === 'Recall it: delete its 1 card and 1 channel post'));
    await h.press(bu, VERBS.newsletterRecall, { issueId });
    await h.settle();
    const deleted = h.fake.requests.filter((r) => r.route === 'deleteActivity' && r.activityId === post.activityId);
    assert.deepEqual(deleted.map((r) => [r.conversationId, r.status]), [[post.conversationId, 200]]);
    const report = await h.press(bu, VERBS.newsletterReport, { issueId });
    assert.match(cardText(report.card), /Channel: Test Team › Bite-size briefings: Recalled/);
    const late = await pressInChannel(h, dan, post, { issueId, what: 'yes' });
    assert.match(cardText(late.card), /withdrawn/);
  });

  it('removed from the team: its channels are no longer offered, and a draft naming one is refused with the reason, nothing sent', async () => {
    await h.press(bu, VERBS.newsletterSave, { ...ISSUE, [FIELD.title]: 'Next briefing' });
    const draft = h.bot.services.newsletter.all().find((i) => i.title === 'Next briefing')!;
    assert.equal((await h.post(teamActivity(h, '01d-uninstall-team.conversationUpdate-membersRemoved.captured-sentry.json'))).status, 200);
    assert.equal((await h.post(teamActivity(h, '01g-uninstall-team.installationUpdate-remove.DERIVED.json'))).status, 200);
    assert.equal(h.bot.services.teams.team(TEAM)?.status, 'removed');
    const blank = await h.press(bu, VERBS.newsletterNew);
    assert.deepEqual(channelChoices(blank.card), []);
    const reopened = await h.press(bu, VERBS.newsletterOpen, { issueId: draft.id });
    assert.deepEqual(channelChoices(reopened.card), [{ value: channelKey(BRIEFINGS), title: 'Channel post: Test Team › Bite-size briefings (cannot be posted to: the app was removed from that team)' }], 'the draft\'s channel is still shown, ticked, with the reason, not dropped without a word');
    const before = h.fake.requests.length;
    const refused = await h.press(bu, VERBS.newsletterConfirmSend, { ...ISSUE, [FIELD.title]: 'Next briefing', issueId: draft.id });
    assert.match(cardText(refused.card), /Nothing can be posted to Test Team › Bite-size briefings: the app was removed from that team/);
    await h.settle();
    assert.equal(h.fake.requests.slice(before).filter((r) => r.route === 'createConversation' || r.route === 'replyToActivity').length, 0);
    assert.equal(h.bot.services.newsletter.issue(draft.id).sentAt, undefined);
  });
});
