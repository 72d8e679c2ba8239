import assert from 'node:assert/strict';
import { confirmSendCard, reachText } from '../../adaptive-cards/features/newsletter/compose-card.js';
import { AnswersInvalidError } from '../../services/forms/errors.js';
import { audienceChannels } from '../../services/features/newsletter/audience.js';
import { FIELD } from '../../services/features/newsletter/compose.js';
import { issueReport, reportCsv } from '../../services/features/newsletter/report.js';
import { progressText } from '../../services/features/newsletter/views.js';
import { channelKey, REMOVED_FROM_TEAM } from '../../services/people/teams.js';
import { UserFacingError } from '../../services/validation.js';
import { TransportError } from '../../services/delivery/deliveries.js';
import { ManualClock, memoryServices, RecordingTransport, seedPeople } from '../support/services.js';

const TEAM = '19:00000000000000000000000000000a01@thread.tacv2';
const BRIEFINGS = '19:00000000000000000000000000000b02@thread.tacv2';

const PEOPLE = [
  { email: 'cat@nchc.example', name: 'Cat Champion', org: 'NCHC', groups: 'Neglect champions' },
  { email: 'dan@police.example', name: 'Dan Champion', org: 'Norfolk Constabulary', groups: 'Neglect champions' },
  { email: 'eve@school.example', name: 'Eve South', org: 'Acle Primary School', groups: 'LSCG South' },
];

const ISSUE = {
  [FIELD.title]: 'ANOOF bite-size briefing',
  [FIELD.heading(1)]: 'Patterns of disengagement',
  [FIELD.text(1)]: 'What to look for, and what to do.',
  [FIELD.audience]: `neglect-champions,${channelKey(BRIEFINGS)}`,
  [FIELD.ask]: 'read-cascade',
};

async function setup(opts: { start?: boolean } = {}) {
  const clock = new ManualClock(Date.parse('2025-03-03T10:00:00Z'));
  const transport = new RecordingTransport();
  const s = await memoryServices(clock, undefined, transport);
  await seedPeople(s, PEOPLE);
  await s.teams.added({ id: TEAM, name: 'Neglect champions network', tenantId: 't', serviceUrl: 'https://smba.example/', botId: '28:bot', channels: [{ id: TEAM }, { id: BRIEFINGS, name: 'Bite-size briefings' }] });
  if (opts.start !== false) s.queue.start();
  return { s, clock, transport, n: s.newsletter };
}

const errorsOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (e instanceof AnswersInvalidError) return e.errors;
    throw e;
  }
  throw new Error('expected a refusal');
};

/** A press on the channel post, as the bot layer passes it: the channel comes from the activity. */
const inChannel = (teamsUserId: string, aadObjectId?: string) => ({ teamsUserId, aadObjectId, channelId: BRIEFINGS });

describe('newsletters posted to a Teams channel', () => {
  it('a channel is its own target: people are counted once each, and the channel once beside them', async () => {
    const { n } = await setup();
    const draft = await n.saveDraft({ ...ISSUE, [FIELD.audience]: `neglect-champions,${channelKey(BRIEFINGS)},${channelKey(BRIEFINGS)},lscg-south` }, 'bu');
    assert.deepEqual(audienceChannels(draft.audience).map((c) => c.channelId), [BRIEFINGS], 'chosen twice, posted once');
    assert.deepEqual(draft.audience.find((a) => a.kind === 'channel'), { kind: 'channel', teamId: TEAM, channelId: BRIEFINGS });
    assert.deepEqual(n.members(draft).map((m) => m.personId).sort(), ['cat@nchc.example', 'dan@police.example', 'eve@school.example'], 'the channel adds no person: its members see the post');
    const reach = n.reach(draft);
    assert.deepEqual(reach, { people: 3, reachable: 3, notInstalled: 0, blocked: 0, channels: 1 });
    assert.equal(reachText(reach), '3 people and 1 channel in the audience: it will reach 3 in Teams. It is also posted in 1 channel, one message each, which everyone in the team sees.');
    const confirm = confirmSendCard({ issueId: draft.id, title: draft.title, audience: 'x', reach });
    assert.match(JSON.stringify(confirm), /"title":"Send to 3 people and 1 channel now"/);
    const onlyChannel = await n.saveDraft({ ...ISSUE, [FIELD.audience]: channelKey(BRIEFINGS) }, 'bu');
    assert.match(JSON.stringify(confirmSendCard({ issueId: onlyChannel.id, title: 'x', audience: 'x', reach: n.reach(onlyChannel) })), /"title":"Send to 1 channel now"/);
  });

  it('refuses, on the compose card, a channel the app was removed from or that was deleted, and sends nothing', async () => {
    const { s, n, transport } = await setup();
    const draft = await n.saveDraft(ISSUE, 'bu');
    await s.teams.removed(TEAM);
    const errors = await errorsOf(n.saveDraft({ ...ISSUE, issueId: draft.id }, 'bu'));
    assert.match(errors[FIELD.audience], /Nothing can be posted to Neglect champions network › Bite-size briefings: the app was removed from that team\. Untick it/);
    await assert.rejects(n.sendNow(draft.id, 'bu'), AnswersInvalidError);
    assert.match((await errorsOf(n.saveDraft({ ...ISSUE, [FIELD.audience]: channelKey('19:nowhere@thread.tacv2') }, 'bu')))[FIELD.audience], /not in a team the app was added to/);
    await s.queue.idle();
    assert.equal(transport.delivered.length, 0);
    assert.equal(n.issue(draft.id).sentAt, undefined);
  });

  it('posts once in the channel, through the queue as one conversation, beside each person\'s card', async () => {
    const { s, n, transport } = await setup();
    const draft = await n.saveDraft(ISSUE, 'bu');
    await n.sendNow(draft.id, 'bu');
    await s.queue.idle();
    const posts = transport.delivered.filter((d) => d.delivery.personId === channelKey(BRIEFINGS));
    assert.equal(posts.length, 1);
    assert.equal(posts[0].installation.id, BRIEFINGS);
    assert.equal((posts[0].installation.reference as { conversation: { conversationType: string } }).conversation.conversationType, 'channel');
    assert.deepEqual(transport.delivered.filter((d) => d.delivery.personId !== channelKey(BRIEFINGS)).map((d) => d.delivery.personId).sort(), ['cat@nchc.example', 'dan@police.example']);
    const report = await issueReport(n, n.issue(draft.id));
    assert.deepEqual(report.channelCounts, { posted: 1, posting: 0, failed: 0, recalled: 0 });
    assert.equal(report.counts.people, 2, 'the channel is not a person');
    assert.match(progressText(report), /^Sent 2 of 2\. Posted in 1 of 1 channel\.$/);
  });

  it('counts presses on the channel post per person, under their organisation, and refuses someone it cannot name', async () => {
    const { s, n } = await setup();
    await s.people.recordInstallation({ id: '29:eve-second-account', aadObjectId: 'aad-eve', email: 'eve@school.example', reference: {} });
    const draft = await n.saveDraft({ ...ISSUE, [FIELD.audience]: channelKey(BRIEFINGS) }, 'bu');
    await n.sendNow(draft.id, 'bu');
    await s.queue.idle();
    // Eve is in no chosen group: she saw it in the channel. Cat pressed the channel post too.
    await n.acknowledge(inChannel('29:eve@school.example'), draft.id, 'read');
    await n.acknowledge(inChannel('29:cat@nchc.example'), draft.id, 'yes');
    await n.acknowledge(inChannel('29:cat@nchc.example'), draft.id, 'yes');
    await assert.rejects(n.acknowledge(inChannel('29:stranger', 'aad-unknown'), draft.id, 'read'), (e: unknown) => e instanceof UserFacingError && /not on the NSCP list of people/.test(e.message));
    await assert.rejects(n.acknowledge({ teamsUserId: '29:dan@police.example', channelId: '19:another@thread.tacv2' }, draft.id, 'read'), (e: unknown) => e instanceof UserFacingError && /not sent to you/.test(e.message), 'a press in another channel is not a press on this post');
    const report = await issueReport(n, n.issue(draft.id));
    assert.deepEqual([report.counts.read, report.counts.cascaded, report.counts['via-channel']], [2, 1, 2]);
    assert.deepEqual(report.byOrganisation.map((o) => `${o.organisation}: ${o.rows.map((r) => r.name).join(', ')}`), ['Acle Primary School: Eve South', 'NCHC: Cat Champion']);
    const csv = reportCsv(n, report, 'Europe/London').content;
    assert.match(csv, /"NCHC","Cat Champion","cat@nchc\.example","Answered on a channel post"/);
    assert.match(csv, /"Channel post","Neglect champions network › Bite-size briefings","","Posted"/);
  });

  it('knows a presser who never installed the app by their Entra id on the roster', async () => {
    const { s, n } = await setup();
    await s.people.recordInstallation({ id: '29:dan-old', aadObjectId: 'aad-dan', email: 'dan@police.example', reference: {} });
    await s.people.markInstallation('29:dan-old', 'uninstalled');
    const draft = await n.saveDraft({ ...ISSUE, [FIELD.audience]: channelKey(BRIEFINGS) }, 'bu');
    await n.sendNow(draft.id, 'bu');
    await s.queue.idle();
    const { ack } = await n.acknowledge(inChannel('29:dan-on-a-new-device', 'AAD-DAN'), draft.id, 'read');
    assert.equal(ack.id, 'dan@police.example');
  });

  it('records the post failed, in plain words, when the app is removed from the team while it waits in the queue', async () => {
    const { s, n, transport } = await setup({ start: false });
    const draft = await n.saveDraft(ISSUE, 'bu');
    await n.sendNow(draft.id, 'bu');
    await s.teams.removed(TEAM);
    s.queue.start();
    await s.queue.idle();
    assert.equal(transport.delivered.filter((d) => d.delivery.personId === channelKey(BRIEFINGS)).length, 0);
    const report = await issueReport(n, n.issue(draft.id));
    assert.deepEqual(report.channels.map((c) => [c.outcome, c.reason]), [['failed', REMOVED_FROM_TEAM]]);
    assert.equal(report.counts.sent, 2, 'the people still got theirs');
    await s.scheduler.runNow();
    await s.scheduler.runNow();
    await s.queue.idle();
    const posts = (await n.deliveryRecords(n.issue(draft.id))).filter((d) => d.personId === channelKey(BRIEFINGS));
    assert.deepEqual(posts.map((d) => [d.status, d.attempts]), [['failed', 0]], 'not tried again by later runs, and never sent');
  });

  it('a 403 on a channel post means the app is no longer in that team: the post fails and the channel is no longer offered', async () => {
    const { s, n, transport } = await setup();
    const draft = await n.saveDraft({ ...ISSUE, [FIELD.audience]: channelKey(BRIEFINGS) }, 'bu');
    transport.failures = [new TransportError('blocked', '403 BotNotInConversationRoster', undefined, 'BotNotInConversationRoster')];
    await n.sendNow(draft.id, 'bu');
    await s.queue.idle();
    assert.deepEqual(s.teams.offered(), []);
    const report = await issueReport(n, n.issue(draft.id));
    assert.deepEqual(report.channels.map((c) => [c.outcome, c.reason]), [['failed', 'Teams refused: the app is no longer in that team']]);
    assert.equal(s.people.installationOf('cat@nchc.example')?.status, 'installed', 'nobody\'s own installation is touched');
  });

  it('any other 403 on a channel post (a moderated channel) fails only that post: the team and its other channels stay', async () => {
    const { s, n, transport } = await setup();
    const draft = await n.saveDraft({ ...ISSUE, [FIELD.audience]: channelKey(BRIEFINGS) }, 'bu');
    transport.failures = [new TransportError('blocked', '403 MessageWritesBlocked', undefined, 'MessageWritesBlocked')];
    await n.sendNow(draft.id, 'bu');
    await s.queue.idle();
    assert.deepEqual(s.teams.offered().map((c) => c.channelId).sort(), [TEAM, BRIEFINGS].sort(), 'the team is still offered');
    const report = await issueReport(n, n.issue(draft.id));
    assert.deepEqual(report.channels.map((c) => [c.outcome, c.reason]), [['failed', 'Teams refused this post in the channel (MessageWritesBlocked): the channel may be moderated, or the app may not post there. The app is still in the team.']]);
    const next = await n.saveDraft({ ...ISSUE, [FIELD.title]: 'Next briefing', [FIELD.audience]: channelKey(TEAM) }, 'bu');
    await n.sendNow(next.id, 'bu');
    await s.queue.idle();
    assert.deepEqual((await issueReport(n, n.issue(next.id))).channels.map((c) => c.outcome), ['posted'], 'the General channel of the same team still gets posts');
  });

  it('edits and recalls the channel post like a person\'s card, and never reminds a channel', async () => {
    const { s, n, transport } = await setup();
    const draft = await n.saveDraft(ISSUE, 'bu');
    await n.sendNow(draft.id, 'bu');
    await s.queue.idle();
    const postRecord = (await s.queue.records(n.campaign.deliveryCampaign(n.issue(draft.id)))).find((d) => d.personId === channelKey(BRIEFINGS) && d.op === 'send')!;
    const { queued } = await n.remind(draft.id, 'bu');
    assert.equal(queued, 2, 'the two people, not the channel');
    await s.queue.idle();
    const { updating } = await n.edit(draft.id, { ...ISSUE, [FIELD.title]: 'ANOOF briefing (corrected)' }, 'bu');
    assert.equal(updating, 5, 'two cards, two reminders and the channel post');
    await s.queue.idle();
    const update = transport.delivered.find((d) => d.delivery.op === 'update' && d.delivery.personId === channelKey(BRIEFINGS))!;
    assert.deepEqual([update.delivery.replaces, update.delivery.targetActivityId, update.delivery.targetConversationId], [postRecord.id, postRecord.activityId, postRecord.conversationId], 'the post as Teams numbered it, in the thread it started');
    await n.recall(draft.id, 'bu');
    await s.queue.idle();
    assert.equal(transport.delivered.filter((d) => d.delivery.op === 'delete' && d.delivery.personId === channelKey(BRIEFINGS)).length, 1);
    assert.deepEqual((await issueReport(n, n.issue(draft.id))).channelCounts, { posted: 0, posting: 0, failed: 0, recalled: 1 });
  });

  it('an edit after the app left the team still saves: who it went to stays as sent', async () => {
    const { s, n } = await setup();
    const draft = await n.saveDraft(ISSUE, 'bu');
    await n.sendNow(draft.id, 'bu');
    await s.queue.idle();
    await s.teams.removed(TEAM);
    const { issue } = await n.edit(draft.id, { ...ISSUE, [FIELD.title]: 'Corrected' }, 'bu');
    assert.equal(issue.title, 'Corrected');
    assert.ok(issue.audience.some((a) => a.kind === 'channel'));
  });
});
