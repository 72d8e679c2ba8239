import assert from 'node:assert/strict';
import { FIELD } from '../../services/features/newsletter/compose.js';
import { VERBS } from '../support/verbs.js';
import { cardText, makeUser, startHarness, ShiftedClock, type Harness } from '../support/bot-harness.js';

const bu = makeUser('A', 1, 'bu@norfolk.gov.uk', 'Business Unit');

const ISSUE = {
  [FIELD.title]: 'ANOOF bite-size briefing 2',
  [FIELD.heading(1)]: 'Disengagement',
  [FIELD.text(1)]: 'What works when families stop engaging.',
  [FIELD.ask]: 'read',
};

/** Every Action.Execute on a card (in the actions row or an action set), by its title. */
function actionsOf(card: unknown): Array<{ title: string; verb: string; data?: Record<string, unknown>; associatedInputs?: string }> {
  const found: Array<{ title: string; verb: string; data?: Record<string, unknown>; associatedInputs?: string }> = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.type === 'Action.Execute') found.push(o as never);
    Object.values(o).forEach(walk);
  };
  walk(card);
  return found;
}
const action = (card: unknown, title: string) => {
  const a = actionsOf(card).find((x) => x.title === title);
  assert.ok(a, `no "${title}" on the card`);
  return a;
};

describe('Newsletter compose keeps what is typed', function () {
  this.timeout(60000);
  let h: Harness;

  before(async () => {
    h = await startHarness({ clock: new ShiftedClock('2025-06-02T08:00:00Z'), env: { BUSINESS_UNIT_IDS: bu.aadObjectId } });
    await h.install(bu);
  });
  after(async () => h?.close());
  const drafts = () => h.bot.services.newsletter.all();

  it('a refused Send now… on a new issue keeps everything typed on a draft, and Back saves and goes back without losing it', async () => {
    const before = drafts().length;
    const refused = await h.press(bu, VERBS.newsletterConfirmSend, { ...ISSUE, [FIELD.imageUrl]: 'http://intranet/neglect.png' });
    assert.match(cardText(refused.card), /must be a web address starting with https:\/\//);
    assert.match(cardText(refused.card), /Everything you typed is kept on the draft/);
    assert.equal(drafts().length, before + 1, 'the refused press saved a draft');
    const issueId = action(refused.card, 'Back').data?.issueId;
    assert.ok(issueId, 'the card that comes back is that draft');
    assert.equal(drafts().find((i) => i.id === issueId)?.typed?.[FIELD.imageUrl], 'http://intranet/neglect.png');

    const back = action(refused.card, 'Back');
    assert.notEqual(back.associatedInputs, 'none', 'Back carries what is typed');
    const list = await h.press(bu, back.verb, { ...back.data, ...ISSUE, [FIELD.imageUrl]: 'http://intranet/neglect.png', [FIELD.summary]: 'Typed after the refusal.' });
    assert.match(cardText(list.card), /ANOOF bite-size briefing 2/);
    assert.match(cardText(list.card), /Kept everything you typed/);
    const opened = await h.press(bu, VERBS.newsletterOpen, { issueId });
    assert.match(JSON.stringify(opened.card), /Typed after the refusal\./);
    assert.match(cardText(opened.card), /must be a web address starting with https:\/\//, 'what to fix is shown again');
    assert.equal(drafts().length, before + 1, 'still one draft');
  });

  it('a draft first saved without a title is listed under the title typed at a later refused press', async () => {
    const first = await h.press(bu, VERBS.newsletterConfirmSend, { [FIELD.text(1)]: 'Started without a title.', [FIELD.imageUrl]: 'http://intranet/a.png' });
    const issueId = action(first.card, 'Back').data?.issueId;
    assert.ok(issueId, 'the refused press saved an untitled draft');
    const typed = { ...ISSUE, [FIELD.title]: 'Repro G', [FIELD.imageUrl]: 'http://intranet/a.png' };
    const refused = await h.press(bu, VERBS.newsletterConfirmSend, { issueId, ...typed });
    assert.match(cardText(refused.card), /must be a web address starting with https:\/\//);
    const back = action(refused.card, 'Back');
    const list = await h.press(bu, back.verb, { ...back.data, ...typed });
    assert.doesNotMatch(cardText(list.card), /\(no title yet\)/, 'the draft is listed under the title typed on it');
  });

  it('Back on a new issue saves it as a draft first', async () => {
    const before = drafts().length;
    const blank = await h.press(bu, VERBS.newsletterNew);
    const back = action(blank.card, 'Back');
    const list = await h.press(bu, back.verb, { ...back.data, ...ISSUE, [FIELD.title]: 'Learning from reviews: June' });
    assert.match(cardText(list.card), /Saved "Learning from reviews: June"/);
    assert.equal(drafts().length, before + 1);
    const untouched = await h.press(bu, back.verb, { ...back.data, [FIELD.title]: '', [FIELD.ask]: 'read-cascade' });
    assert.doesNotMatch(cardText(untouched.card), /Saved|Kept/);
    assert.equal(drafts().length, before + 1, 'nothing typed: nothing saved');
  });

  it('after a refused Send now… (no audience) the card is the saved draft, so saving twice keeps one draft', async () => {
    const before = drafts().length;
    const refused = await h.press(bu, VERBS.newsletterConfirmSend, { ...ISSUE, [FIELD.title]: 'Section 11 report signed off' });
    assert.match(cardText(refused.card), /Choose who it goes to/);
    assert.match(cardText(refused.card), /Newsletter draft/);
    const save = action(refused.card, 'Save the draft');
    assert.ok(save.data?.issueId);
    await h.press(bu, save.verb, { ...save.data, ...ISSUE, [FIELD.title]: 'Section 11 report signed off' });
    await h.press(bu, save.verb, { ...save.data, ...ISSUE, [FIELD.title]: 'Section 11 report signed off' });
    assert.equal(drafts().filter((i) => i.title === 'Section 11 report signed off').length, 1);
    assert.equal(drafts().length, before + 1);
  });

  it('reports every problem at once: Send now… with an http image and no audience names both; Schedule… a past time too', async () => {
    const send = await h.press(bu, VERBS.newsletterConfirmSend, { ...ISSUE, [FIELD.title]: 'Every problem at once', [FIELD.imageUrl]: 'http://intranet/a.png' });
    assert.match(cardText(send.card), /must be a web address starting with https:\/\//);
    assert.match(cardText(send.card), /Choose who it goes to/);
    const issueId = action(send.card, 'Back').data?.issueId;
    const schedule = await h.press(bu, VERBS.newsletterConfirmSchedule, { ...ISSUE, issueId, [FIELD.title]: 'Every problem at once', [FIELD.sendDate]: '2025-06-01', [FIELD.sendTime]: '09:00' });
    assert.match(cardText(schedule.card), /Choose who it goes to/);
    assert.match(cardText(schedule.card), /That time has passed/);
  });

  it('Send now… with a date filled in says the date is not used', async () => {
    const withDate = await h.press(bu, VERBS.newsletterConfirmSend, { ...ISSUE, [FIELD.title]: 'Sent now, dated', [FIELD.audience]: 'neglect-champions', [FIELD.sendDate]: '2025-06-05', [FIELD.sendTime]: '09:00' });
    assert.match(cardText(withDate.card), /You filled in when to send it \(2025-06-05 at 09:00\), but this sends it now and does not use that\./);
    const issueId = action(withDate.card, 'Back to the draft').data?.issueId;
    const without = await h.press(bu, VERBS.newsletterConfirmSend, { ...ISSUE, issueId, [FIELD.title]: 'Sent now, dated', [FIELD.audience]: 'neglect-champions' });
    assert.doesNotMatch(cardText(without.card), /You filled in when/);
  });
});
