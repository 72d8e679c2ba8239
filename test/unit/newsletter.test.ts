import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { composeCard, confirmRecallCard, copiesWords, reachText } from '../../adaptive-cards/features/newsletter/compose-card.js';
import { sendingWords } from '../../bot/features/newsletter/compose-handlers.js';
import { LIMITS } from '../../services/features/newsletter/issue.js';
import { notYetAnswered } from '../../adaptive-cards/features/newsletter/report-card.js';
import { count } from '../../services/words.js';
import { inputId } from '../../services/forms/answers.js';
import { AnswersInvalidError, FormIncompleteError } from '../../services/forms/errors.js';
import { submitForm } from '../../services/features/newsletter/carried-form.js';
import { checkCompose, EVERYONE, FIELD } from '../../services/features/newsletter/compose.js';
import { failureWords, issueReport, reportCsv, type IssueReport } from '../../services/features/newsletter/report.js';
import { newsletterRetention } from '../../services/features/newsletter/retention.js';
import { progressText, recallText, reportView } from '../../services/features/newsletter/views.js';
import { TransportError } from '../../services/delivery/deliveries.js';
import { UserFacingError } from '../../services/validation.js';
import type { Newsletter } from '../../services/features/newsletter/newsletter.js';
import { CardsInChats } from '../support/cards-in-chats.js';
import { newsletterSamples } from '../support/newsletter-card-samples.js';
import { ManualClock, memoryServices, RecordingTransport, seedPeople, testConfig } from '../support/services.js';

const PEOPLE = [
  { email: 'cat@nchc.example', name: 'Cat Champion', org: 'NCHC', groups: 'Neglect champions;LSCG South' },
  { email: 'dan@police.example', name: 'Dan Champion', org: 'Norfolk Constabulary', groups: 'Neglect champions' },
  { email: 'eve@school.example', name: 'Eve South', org: 'Acle Primary School', groups: 'LSCG South' },
  { email: 'fin@ncc.example', name: 'Fin Noapp', org: 'Norfolk County Council', groups: 'Neglect champions', installed: false },
  { email: 'gus@ncc.example', name: 'Gus Lead', org: 'Norfolk County Council', groups: 'Section 11 leads' },
];

/** What the compose card sends for a complete issue. */
const ISSUE = {
  [FIELD.title]: 'Neglect champions\' newsletter: spring 2025',
  [FIELD.summary]: 'Reflection spaces, the toolkit and ANOOF\'s first bite-size briefing.',
  [FIELD.heading(1)]: 'ANOOF bite-size briefing',
  [FIELD.text(1)]: 'Patterns of **disengagement** and intergenerational neglect.',
  [FIELD.link(1)]: 'https://www.norfolkscp.org/anoof',
  [FIELD.audience]: 'neglect-champions,lscg-south',
  [FIELD.ask]: 'read-cascade',
};

async function setup(now = '2025-03-03T10:00:00Z') {
  const clock = new ManualClock(Date.parse(now));
  const transport = new RecordingTransport();
  const s = await memoryServices(clock, undefined, transport);
  await seedPeople(s, PEOPLE);
  s.queue.start();
  return { s, clock, transport, n: s.newsletter };
}

const rules = { groups: testConfig().partnership.groups, formIds: [] };
const errorsOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (e instanceof AnswersInvalidError) return e.errors;
    throw e;
  }
  throw new Error('expected a refusal');
};

describe('newsletters', () => {
  describe('wording with counts', () => {
    it('agrees with one, and leaves out the parts that are zero', () => {
      assert.equal(reachText({ people: 2, reachable: 1, notInstalled: 1, blocked: 0 }), '2 people in the audience: it will reach 1 in Teams. 1 cannot be reached: they do not have the app.');
      assert.equal(reachText({ people: 1, reachable: 0, notInstalled: 0, blocked: 1 }), '1 person in the audience: it will reach 0 in Teams. 1 cannot be reached: they blocked it.');
      assert.equal(reachText({ people: 9, reachable: 6, notInstalled: 1, blocked: 2 }), '9 people in the audience: it will reach 6 in Teams. 3 cannot be reached: 1 does not have the app, 2 blocked it.');
      assert.equal(reachText({ people: 3, reachable: 3, notInstalled: 0, blocked: 0 }), '3 people in the audience: it will reach 3 in Teams.');
      assert.equal(notYetAnswered('read', 1), '1 person who has not pressed Read it');
      assert.equal(notYetAnswered('form', 2), '2 people who have not answered the form');
      assert.equal(count(1, 'chat'), '1 chat');
      assert.equal(count(1200, 'person', 'people'), '1,200 people');
    });
  });


  describe('wording with zeros and plurals', () => {
    it('names chats and channel posts apart and leaves out the parts that are zero', () => {
      assert.equal(copiesWords(1), '1 card');
      assert.equal(copiesWords(1, 1), '1 channel post');
      assert.equal(copiesWords(4, 1), '3 cards and 1 channel post');
      assert.equal(sendingWords(0, 1), 'Posting in 1 channel');
      assert.equal(sendingWords(1, 0), 'Sending to 1 person');
      assert.equal(recallText('Monday', { total: 1, deleted: 1, failed: 0, pending: 0, posts: { total: 1, deleted: 1 } }), 'Recalled on Monday: deleted 1 of 1 channel post.');
      assert.equal(recallText('Monday', { total: 3, deleted: 3, failed: 0, pending: 0, posts: { total: 1, deleted: 1 } }), 'Recalled on Monday: deleted from 2 of 2 chats and 1 of 1 channel post.');
      const card = (c: unknown) => JSON.stringify(c);
      const recall = card(confirmRecallCard({ issueId: 'x', title: 'T', cards: 1, channels: 1 }));
      assert.match(recall, /Recall it: delete its 1 channel post"/);
      assert.match(recall, /Its post is deleted from the channel/);
      assert.doesNotMatch(recall, /0 cards?/);
      const edit = (cards: number, channelPosts: number) => card(composeCard({ fields: FIELD, issueId: 'x', mode: 'edit', sectionSlots: 1, linkSlots: 1, limits: LIMITS, audiences: [], forms: [], values: {}, fixed: { audience: 'A', ask: 'B', cards, channelPosts } }));
      assert.match(edit(1, 0), /Saving updates the card already in people's chats\./);
      assert.match(edit(1, 1), /Saving updates the post in its channel\./);
      assert.match(edit(1, 1), /Save and update 1 channel post/);
      const zeros = { sent: 0, sending: 0, failed: 0, interrupted: 0, blocked: 0, 'not-installed': 0, 'not-sent': 0, 'via-channel': 0, people: 0, read: 0, cascaded: 0, notYet: 0, answered: 0 };
      const channelOnly = { counts: zeros, channels: [{ key: 'c', name: 'Team › General', outcome: 'posted' }], channelCounts: { posted: 1, posting: 0, failed: 0, recalled: 0 } } as unknown as IssueReport;
      assert.equal(progressText(channelOnly), 'Posted in 1 of 1 channel.');
    });

    it('says why a send failed in plain words', () => {
      assert.equal(failureWords({ lastError: 'transient: 500 ServiceError', attempts: 6 }), 'Teams had a problem; the bot tried 6 times');
      assert.equal(failureWords({ lastError: 'permanent: 400 BadArgument', attempts: 1 }), 'Teams refused it (400 BadArgument), so the bot did not try again');
    });
  });

  it('the README sends the business unit to the button the menu really has', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### Newsletters'), readme.indexOf('\n### ', readme.indexOf('### Newsletters') + 1));
    assert.match(section, /\*\*Composing\*\* \(business unit, \*\*Send newsletters\*\* in the menu/);
    const menu = await readFile(new URL('../../bot/features/newsletter/index.ts', import.meta.url), 'utf8');
    assert.match(menu, /admin: \[\{ title: 'Send newsletters'/);
  });

  describe('composing', () => {
    it('keeps a draft with no audience yet, but refuses to send one', async () => {
      const { n } = await setup();
      const draft = await n.saveDraft({ ...ISSUE, [FIELD.audience]: '' }, 'bu');
      assert.deepEqual(draft.audience, []);
      assert.match((await errorsOf(Promise.resolve().then(() => n.readyToSend(draft.id))))[FIELD.audience], /Choose who it goes to/);
    });

    it('refuses an image that is not https, text over the limits, and an unknown audience, naming each field', () => {
      const checked = checkCompose({ ...ISSUE, [FIELD.imageUrl]: 'http://example.org/a.png', [FIELD.title]: 'x'.repeat(121), [FIELD.audience]: 'lscg-nowhere' }, rules, true);
      assert.equal(checked.ok, false);
      if (checked.ok) return;
      assert.match(checked.errors[FIELD.imageUrl], /https:\/\//);
      assert.match(checked.errors[FIELD.title], /121 characters: shorten it to 120/);
      assert.match(checked.errors[FIELD.audience], /not in the configuration/);
    });

    it('puts no client-side rule on any input of its cards (Teams would refuse the press silently); the server names a past date', async () => {
      const ruled = (node: unknown, path: string): string[] => {
        if (Array.isArray(node)) return node.flatMap((x, i) => ruled(x, `${path}[${i}]`));
        if (!node || typeof node !== 'object') return [];
        const o = node as Record<string, unknown>;
        const own = typeof o.type === 'string' && o.type.startsWith('Input.') ? ['min', 'max', 'regex', 'isRequired'].filter((k) => k in o).map((k) => `${path} ${String(o.id)}.${k}`) : [];
        return [...own, ...Object.entries(o).flatMap(([k, v]) => ruled(v, `${path}.${k}`))];
      };
      for (const sample of newsletterSamples(testConfig())) assert.deepEqual(ruled(sample.card, sample.name), [], sample.name);
      const { n } = await setup();
      const draft = await n.saveDraft(ISSUE, 'bu');
      const errors = await errorsOf(Promise.resolve().then(() => n.checkSchedule(draft.id, { [FIELD.sendDate]: '2025-03-02', [FIELD.sendTime]: '09:00' })));
      assert.match(errors[FIELD.sendTime], /That time has passed\. Choose a later time, or send it now\./);
    });

    it('never cuts long text on the card: no maxLength; the server says how much to shorten, and keeps all of it', async () => {
      const lengths = (node: unknown): string[] => {
        if (Array.isArray(node)) return node.flatMap(lengths);
        if (!node || typeof node !== 'object') return [];
        const o = node as Record<string, unknown>;
        return [...('maxLength' in o && typeof o.type === 'string' && o.type.startsWith('Input.') ? [String(o.id)] : []), ...Object.values(o).flatMap(lengths)];
      };
      for (const sample of newsletterSamples(testConfig())) assert.deepEqual(lengths(sample.card), [], sample.name);
      const { n } = await setup();
      const pasted = 'Neglect is cumulative. '.repeat(300).slice(0, 5000);
      const draft = await n.saveDraft(ISSUE, 'bu');
      const errors = await errorsOf(n.saveDraft({ ...ISSUE, issueId: draft.id, [FIELD.text(1)]: pasted }, 'bu'));
      assert.equal(errors[FIELD.text(1)], 'Section 1\'s text is 5,000 characters: shorten it to 3,500 or fewer.');
      assert.equal(n.issue(draft.id).typed?.[FIELD.text(1)], pasted, 'all 5,000 kept to shorten');
    });

    it('says which part to shorten when the issue would be over Teams\' card size limit', () => {
      const big = { ...ISSUE, [FIELD.heading(2)]: 'Long', [FIELD.text(2)]: '🙂'.repeat(3000), [FIELD.heading(3)]: 'Longer', [FIELD.text(3)]: '“quoted”'.repeat(400), [FIELD.text(4)]: '🙂'.repeat(2000), [FIELD.heading(4)]: 'x' };
      const checked = checkCompose(big, rules, true);
      assert.equal(checked.ok, false);
      if (checked.ok) return;
      assert.match(checked.errors[FIELD.text(2)], /too big for one Teams card .* Shorten section 2's text, the longest part/);
    });
  });

  describe('audience and sending', () => {
    it('counts a person in two chosen groups once, and those it cannot reach', async () => {
      const { n } = await setup();
      const draft = await n.saveDraft(ISSUE, 'bu');
      assert.deepEqual(n.members(draft).map((m) => m.personId).sort(), ['cat@nchc.example', 'dan@police.example', 'eve@school.example', 'fin@ncc.example']);
      assert.deepEqual(n.reach(draft), { people: 4, reachable: 3, notInstalled: 1, blocked: 0, channels: 0 });
      const everyone = await n.saveDraft({ ...ISSUE, [FIELD.audience]: `${EVERYONE},neglect-champions` }, 'bu');
      assert.equal(n.members(everyone).length, 5, 'everyone with the app, plus Fin from the chosen group');
    });

    it('sends once: a second Send, a scheduler run, and a restart send nothing again', async () => {
      const { s, n, transport } = await setup();
      const draft = await n.saveDraft(ISSUE, 'bu');
      const [a, b] = await Promise.all([n.sendNow(draft.id, 'bu'), n.sendNow(draft.id, 'bu')]);
      assert.deepEqual([a.already, b.already], [false, true]);
      await s.scheduler.runNow();
      await s.queue.idle();
      assert.deepEqual(transport.delivered.map((d) => d.delivery.personId).sort(), ['cat@nchc.example', 'dan@police.example', 'eve@school.example']);
      const report = await issueReport(n, n.issue(draft.id));
      assert.equal(report.counts.sent, 3);
      assert.equal(report.counts['not-installed'], 1);
    });

    it('schedules in UK time across the clock change, refuses a past or non-existent time, and goes when due', async () => {
      const { s, n, clock, transport } = await setup('2025-03-28T10:00:00Z');
      const draft = await n.saveDraft(ISSUE, 'bu');
      assert.match((await errorsOf(n.schedule(draft.id, { sendDate: '2025-03-27', sendTime: '09:00' }, 'bu')))[FIELD.sendTime], /passed/);
      assert.match((await errorsOf(n.schedule(draft.id, { sendDate: '2025-03-30', sendTime: '01:30' }, 'bu')))[FIELD.sendTime], /clocks go forward/);
      const scheduled = await n.schedule(draft.id, { sendDate: '2025-03-31', sendTime: '09:00' }, 'bu');
      assert.equal(scheduled.sendAt, '2025-03-31T08:00:00.000Z', '09:00 British Summer Time');
      clock.set('2025-03-31T07:59:00Z');
      await s.scheduler.runNow();
      assert.equal(transport.delivered.length, 0);
      clock.set('2025-03-31T08:00:00Z');
      await s.scheduler.runNow();
      await s.queue.idle();
      assert.equal(transport.delivered.length, 3);
      assert.ok(n.issue(draft.id).sentAt);
    });

    it('a scheduled send can be moved or cancelled until it starts', async () => {
      const { s, n, clock, transport } = await setup();
      const draft = await n.saveDraft(ISSUE, 'bu');
      await n.schedule(draft.id, { sendDate: '2025-03-04', sendTime: '09:00' }, 'bu');
      await n.schedule(draft.id, { sendDate: '2025-03-05', sendTime: '09:00' }, 'bu');
      clock.set('2025-03-04T12:00:00Z');
      await s.scheduler.runNow();
      assert.equal(transport.delivered.length, 0, 'moved to the 5th');
      await n.unschedule(draft.id, 'bu');
      clock.set('2025-03-06T12:00:00Z');
      await s.scheduler.runNow();
      assert.equal(transport.delivered.length, 0, 'cancelled: a draft again');
      assert.equal(n.issue(draft.id).sendAt, undefined);
    });
  });

  describe('after sending', () => {
    it('records Read it and Cascaded for that person only, and refuses someone it was not sent to', async () => {
      const { s, n } = await setup();
      const draft = await n.saveDraft(ISSUE, 'bu');
      await n.sendNow(draft.id, 'bu');
      await s.queue.idle();
      await n.acknowledge('29:cat@nchc.example', draft.id, 'read');
      const { ack } = await n.acknowledge('29:dan@police.example', draft.id, 'yes');
      assert.ok(ack.readAt, 'cascading it means it was read');
      await n.acknowledge('29:eve@school.example', draft.id, 'not-yet');
      await assert.rejects(n.acknowledge('29:gus@ncc.example', draft.id, 'read'), (e: unknown) => e instanceof UserFacingError && /not sent to you/.test(e.message));
      const report = await issueReport(n, n.issue(draft.id));
      assert.deepEqual([report.counts.read, report.counts.cascaded, report.counts.notYet], [3, 1, 1]);
      assert.deepEqual(report.byOrganisation.map((o) => o.organisation), ['Acle Primary School', 'NCHC', 'Norfolk Constabulary', 'Norfolk County Council']);
    });

    it('reminds those who have not acknowledged, once', async () => {
      const { s, n, transport } = await setup();
      const draft = await n.saveDraft(ISSUE, 'bu');
      await n.sendNow(draft.id, 'bu');
      await s.queue.idle();
      await n.acknowledge('29:cat@nchc.example', draft.id, 'read');
      const { queued } = await n.remind(draft.id, 'bu');
      assert.equal(queued, 2);
      await assert.rejects(n.remind(draft.id, 'bu'), /already reminded/);
      await s.scheduler.runNow();
      await s.queue.idle();
      assert.deepEqual(transport.delivered.filter((d) => d.delivery.kind === 'newsletter-reminder').map((d) => d.delivery.personId).sort(), ['dan@police.example', 'eve@school.example']);
    });

    it('counts and reminds on one rule: whoever has a delivered copy, first or resent, and has not acknowledged', async () => {
      const { s, n, transport } = await setup();
      const draft = await n.saveDraft(ISSUE, 'bu');
      transport.failures = [new TransportError('permanent', '400 BadArgument')];
      await n.sendNow(draft.id, 'bu');
      await s.queue.idle();
      const failed = (await n.latestPerPerson(n.issue(draft.id))).find((d) => d.status === 'failed')!.personId;
      await n.resendFailed(draft.id, 'bu');
      await s.queue.idle();
      // The order records come back in depends on the store (a snapshot sorts them by id, so for tom@… the failed first copy
      // comes after the resend): put them so the first copy comes last. The rule must not depend on it.
      const records = await s.queue.campaign(n.campaign.deliveryCampaign(n.issue(draft.id)));
      const sorted = [...records.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
      for (const d of sorted) await records.remove(d.id);
      for (const d of sorted.reverse()) await records.put(d);
      const answered = ['cat@nchc.example', 'dan@police.example', 'eve@school.example'].find((p) => p !== failed)!;
      await n.acknowledge(`29:${answered}`, draft.id, 'read');
      const waiting = (await reportView(s, draft.id, 0)).waiting;
      const { queued } = await n.remind(draft.id, 'bu');
      await s.scheduler.runNow();
      await s.queue.idle();
      const reminded = transport.delivered.filter((d) => d.delivery.kind === 'newsletter-reminder').map((d) => d.delivery.personId);
      assert.ok(reminded.includes(failed), `${failed}, whose copy came from the resend, is reminded`);
      assert.equal(reminded.length, 2);
      assert.deepEqual([waiting, queued], [2, 2], '"Remind the 2" reminds those 2');
    });

    it('edits every delivered card in place, and recall deletes them; a press after recall is told it was withdrawn', async () => {
      const { s, n, transport } = await setup();
      const draft = await n.saveDraft(ISSUE, 'bu');
      await n.sendNow(draft.id, 'bu');
      await s.queue.idle();
      const { updating } = await n.edit(draft.id, { ...ISSUE, [FIELD.title]: 'Corrected title', [FIELD.audience]: 'jags-facilitators' }, 'bu');
      assert.equal(updating, 3);
      await s.queue.idle();
      const updates = transport.delivered.filter((d) => d.delivery.op === 'update');
      assert.deepEqual(updates.map((u) => u.delivery.targetActivityId).sort(), ['act-1', 'act-2', 'act-3']);
      assert.equal(n.issue(draft.id).title, 'Corrected title');
      assert.deepEqual(n.issue(draft.id).audience, [{ kind: 'group', groupId: 'neglect-champions' }, { kind: 'group', groupId: 'lscg-south' }], 'the audience stays as sent');
      const { deleting } = await n.recall(draft.id, 'bu');
      assert.equal(deleting, 3);
      await s.queue.idle();
      assert.equal(transport.delivered.filter((d) => d.delivery.op === 'delete').length, 3);
      await assert.rejects(n.acknowledge('29:cat@nchc.example', draft.id, 'read'), (e: unknown) => e instanceof UserFacingError && /withdrawn/.test(e.message));
      assert.deepEqual(n.issue(draft.id).history.map((h) => h.what), ['sent', 'edited', 'recalled']);
    });

    describe('editing while cards are still on their way', () => {
      const CAT = 'cat@nchc.example';
      async function sending() {
        const clock = new ManualClock(Date.parse('2025-03-03T10:00:00Z'));
        // The card shows the issue's title as it is when the request goes, as the real renderer reads it.
        const at: { newsletter?: Newsletter } = {};
        const chats = new CardsInChats((d) => at.newsletter!.issue(d.subjectId).title);
        const s = await memoryServices(clock, undefined, chats);
        at.newsletter = s.newsletter;
        await seedPeople(s, PEOPLE);
        s.queue.start();
        return { s, n: s.newsletter, chats };
      }
      const until = async (what: string, check: () => boolean) => {
        for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
        assert.ok(check(), what);
      };

      it('a send already on its way when the issue is edited ends showing the edited text', async () => {
        const { s, n, chats } = await sending();
        chats.hold = (d) => d.op === 'send' && d.personId === CAT;
        const draft = await n.saveDraft(ISSUE, 'bu');
        await n.sendNow(draft.id, 'bu');
        await until('two cards delivered and Cat\'s on its way', () => chats.cards.size === 2 && chats.inFlight() === 1);
        await n.edit(draft.id, { ...ISSUE, [FIELD.title]: 'Corrected title' }, 'bu');
        // Cat's card was rendered before the edit, and arrives after it.
        await chats.release();
        await s.queue.idle();
        assert.equal(chats.cards.size, 3);
        assert.deepEqual([...chats.cards.values()], ['Corrected title', 'Corrected title', 'Corrected title'], 'every delivered card shows the latest text');
      });

      it('an update overtaken by a later edit\'s update does not leave the older text', async () => {
        const { s, n, chats } = await sending();
        const draft = await n.saveDraft(ISSUE, 'bu');
        await n.sendNow(draft.id, 'bu');
        await s.queue.idle();
        chats.hold = (d) => d.op === 'update' && d.personId === CAT && n.issue(d.subjectId).title === 'Second title';
        await n.edit(draft.id, { ...ISSUE, [FIELD.title]: 'Second title' }, 'bu');
        await until('Cat\'s first update on its way', () => chats.inFlight() === 1);
        await n.edit(draft.id, { ...ISSUE, [FIELD.title]: 'Third title' }, 'bu');
        // Time for the second edit's update to Cat to go, if it would, before the first arrives.
        await new Promise((r) => setTimeout(r, 200));
        await chats.release();
        await s.queue.idle();
        assert.deepEqual([...chats.cards.values()], ['Third title', 'Third title', 'Third title'], 'every delivered card shows the latest text');
        assert.equal(chats.requests.filter((r) => r.personId === CAT && r.op === 'update').at(-1)?.text, 'Third title');
      });
    });

    it('a recall counts the copies Teams refused to delete, and says they stay in their chat', async () => {
      const { s, n, transport } = await setup();
      const draft = await n.saveDraft(ISSUE, 'bu');
      await n.sendNow(draft.id, 'bu');
      await s.queue.idle();
      transport.failures = [new TransportError('permanent', '501 NotImplemented')];
      await n.recall(draft.id, 'bu');
      await s.queue.idle();
      assert.deepEqual(await n.deletions(n.issue(draft.id)), { total: 3, deleted: 2, failed: 1, pending: 0, posts: { total: 0, deleted: 0 } });
      const view = await reportView(s, draft.id, 0);
      assert.match(view.recalled!, /^Recalled on .*: deleted from 2 of 3 chats; 1 could not be deleted \(Teams refused\): that copy stays in their chat\.$/);
      assert.equal(view.recallFailed, true);
    });

    it('a copy still on its way when the issue is recalled is deleted by the next run, and nothing is deleted twice', async () => {
      const { s, n, transport } = await setup();
      const draft = await n.saveDraft(ISSUE, 'bu');
      await n.sendNow(draft.id, 'bu');
      await s.queue.idle();
      // As if Cat's copy arrived only after the recall had looked for cards to delete.
      const records = await s.queue.campaign(n.campaign.deliveryCampaign(n.issue(draft.id)));
      const cats = records.values().find((d) => d.personId === 'cat@nchc.example')!;
      await records.put({ ...cats, status: 'sending' });
      await n.recall(draft.id, 'bu');
      await records.put(cats);
      await s.scheduler.runNow();
      await s.scheduler.runNow();
      await s.queue.idle();
      assert.deepEqual(transport.delivered.filter((d) => d.delivery.op === 'delete').map((d) => d.delivery.personId).sort(), ['cat@nchc.example', 'dan@police.example', 'eve@school.example']);
    });

    it('resends to those it failed for, and reports failures with their reason', async () => {
      const { s, n, transport } = await setup();
      const draft = await n.saveDraft(ISSUE, 'bu');
      transport.failures = [new TransportError('permanent', '400 BadArgument')];
      await n.sendNow(draft.id, 'bu');
      await s.queue.idle();
      let report = await issueReport(n, n.issue(draft.id));
      assert.equal(report.counts.failed, 1);
      assert.match(report.byOrganisation.flatMap((o) => o.rows).find((r) => r.outcome === 'failed')!.reason!, /BadArgument/);
      const { queued } = await n.resendFailed(draft.id, 'bu');
      assert.equal(queued, 1);
      await s.queue.idle();
      report = await issueReport(n, n.issue(draft.id));
      assert.deepEqual([report.counts.sent, report.counts.failed], [3, 0]);
      const csv = reportCsv(n, report, 'Europe/London').content;
      assert.match(csv, /"NCHC","Cat Champion","cat@nchc\.example","Sent"/);
    });

    it('sends a late joiner the latest issue only, and only within the configured days', async () => {
      const { s, n, clock, transport } = await setup();
      const first = await n.saveDraft(ISSUE, 'bu');
      await n.sendNow(first.id, 'bu');
      clock.advance(24 * 3_600_000);
      const second = await n.saveDraft({ ...ISSUE, [FIELD.title]: 'ANOOF bite-size briefing', [FIELD.audience]: 'neglect-champions' }, 'bu');
      await n.sendNow(second.id, 'bu');
      await s.queue.idle();
      await seedPeople(s, [{ email: 'hal@nsft.example', name: 'Hal New', org: 'NSFT', groups: 'Neglect champions' }]);
      await s.scheduler.runNow();
      await s.queue.idle();
      assert.deepEqual(transport.delivered.filter((d) => d.delivery.personId === 'hal@nsft.example').map((d) => d.delivery.subjectId), [second.id]);
      clock.advance(31 * 24 * 3_600_000);
      await seedPeople(s, [{ email: 'ida@nsft.example', name: 'Ida Later', org: 'NSFT', groups: 'Neglect champions' }]);
      await s.scheduler.runNow();
      await s.queue.idle();
      assert.equal(transport.delivered.filter((d) => d.delivery.personId === 'ida@nsft.example').length, 0, 'past the 30 days');
    });
  });

  describe('a form carried by a broadcast', () => {
    it('collects each person\'s answers through the engine, checked on the server, for the report and CSV', async () => {
      const { s, n } = await setup();
      const draft = await n.saveDraft({ ...ISSUE, [FIELD.ask]: 'form', [FIELD.formId]: 'neglect-toolkit-survey' }, 'bu');
      await n.sendNow(draft.id, 'bu');
      await s.queue.idle();
      await assert.rejects(submitForm(n, '29:cat@nchc.example', { issueId: draft.id, sectionId: 'toolkit', [inputId('anoof-aware')]: 'maybe' }), AnswersInvalidError);
      await assert.rejects(submitForm(n, '29:cat@nchc.example', { issueId: draft.id, sectionId: 'toolkit', [inputId('anoof-aware')]: 'yes' }), FormIncompleteError);
      await submitForm(n, '29:cat@nchc.example', { issueId: draft.id, sectionId: 'toolkit', [inputId('anoof-aware')]: 'yes', [inputId('toolkit-use')]: 'some', [inputId('toolkit-needs')]: 'More on dental neglect.' });
      const report = await issueReport(n, n.issue(draft.id));
      assert.equal(report.counts.answered, 1);
      const csv = reportCsv(n, report, 'Europe/London').content;
      assert.match(csv, /"We now have a Neglect toolkit: how well is it being used in your team\?"/);
      assert.match(csv, /"Cat Champion".*"Yes, and I know what it does","Sometimes","More on dental neglect\."/);
      assert.deepEqual((await n.campaign.waiting(n.issue(draft.id))).map((r) => r.personId).sort(), ['dan@police.example', 'eve@school.example', 'fin@ncc.example'], 'who answered is not reminded');
    });

    it('refuses a form that is not offered for newsletters', () => {
      const checked = checkCompose({ ...ISSUE, [FIELD.ask]: 'form', [FIELD.formId]: 'jags-feedback' }, { groups: rules.groups, formIds: ['neglect-toolkit-survey'] }, true);
      assert.equal(checked.ok, false);
    });
  });

  it('a person\'s answers are in their subject access export and go when they are erased', async () => {
    const { s, n } = await setup();
    const draft = await n.saveDraft(ISSUE, 'bu');
    await n.sendNow(draft.id, 'bu');
    await s.queue.idle();
    await n.acknowledge('29:cat@nchc.example', draft.id, 'yes');
    const report = await s.privacy.describe('cat@nchc.example');
    assert.ok(report.sources.find((x) => x.source === 'newsletter')?.holdings.some((h) => /Their answers to newsletters/.test(h.what) && h.count === 1));
    await s.privacy.erase('cat@nchc.example');
    assert.equal((await issueReport(n, n.issue(draft.id))).counts.read, 0);
  });

  it('retention drops message records once an issue is closed a year, and the issue with its answers after two years', async () => {
    const { s, n, clock } = await setup();
    const draft = await n.saveDraft(ISSUE, 'bu');
    await n.sendNow(draft.id, 'bu');
    await s.queue.idle();
    await n.acknowledge('29:cat@nchc.example', draft.id, 'read');
    const job = newsletterRetention({ kept: s.config.partnership.retention, newsletter: n });
    clock.advance(300 * 24 * 3_600_000);
    await s.scheduler.runNow();
    assert.deepEqual(await job.sweep(clock.now()), { issues: 0, answers: 0, deliveries: 0 }, 'closed, but not a year yet');
    clock.advance(70 * 24 * 3_600_000);
    assert.deepEqual(await job.sweep(clock.now()), { issues: 0, answers: 0, deliveries: 4 });
    clock.advance(365 * 24 * 3_600_000);
    assert.deepEqual(await job.sweep(clock.now()), { issues: 1, answers: 1, deliveries: 0 });
    assert.equal(n.all().length, 0);
  });
});
