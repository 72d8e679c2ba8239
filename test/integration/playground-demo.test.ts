import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_PEOPLE, forgetPlaygroundChat, seedDemo } from '../../scripts/demo-seed.js';
import { PLAYGROUND_USER } from '../../scripts/playground-user.js';
import { cardText, cardVerbs, sentCard, ShiftedClock, startHarness, type Harness } from '../support/bot-harness.js';
import { VERBS } from '../support/verbs.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));

/**
 * What the Agents Playground sends when its page opens: an installationUpdate and a
 * conversationUpdate, fired together (it does not wait for the first), each followed by the
 * bot's member look-up, which the playground answers with `aadObjectId` and `name` where Teams
 * answers `objectId`. Returns the cards the bot then sent into that chat.
 */
async function openPlayground(h: Harness, conversationId: string): Promise<unknown[]> {
  const shaped = (name: string) => {
    const a = fixture(name);
    return { ...a, serviceUrl: h.fake.serviceUrl, conversation: { ...a.conversation, id: conversationId } };
  };
  h.fake.failNext({ route: 'getMember' }, { status: 200, body: fixture('playground-member.response.json') }, 2);
  const answers = await Promise.all([h.post(shaped('playground-install.installationUpdate.json')), h.post(shaped('playground-install.conversationUpdate.json'))]);
  assert.deepEqual(answers.map((a) => a.status), [200, 200]);
  await h.bot.services.queue.idle();
  return h.fake.sentActivities().filter((s) => s.conversationId === conversationId).map((s) => sentCard(s.activity));
}

/** Every file the store keeps, by path, after writing out what it holds: what "changes nothing" is measured on. */
async function onDisk(h: Harness): Promise<Map<string, string>> {
  await h.bot.services.queue.idle();
  await h.bot.services.store.flush();
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'journal') walk(p);
      } else files.set(path.relative(h.dataDir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(h.dataDir);
  return files;
}

const welcomes = (cards: unknown[]) => cards.filter((c) => /welcome to NSCP Engage/.test(cardText(c)));
const withVerb = (cards: unknown[], verb: string) => cards.filter((c) => cardVerbs(c).includes(verb));

describe('npm run playground: the demo partnership, opened as the playground opens it', function () {
  this.timeout(60000);
  let h: Harness;
  // A Monday morning: the demo's meeting is on Friday, its 7-day reminder already due.
  const clock = new ShiftedClock('2025-05-12T08:30:00Z');

  before(async () => {
    // No BUSINESS_UNIT_IDS, as in the playground's local mode.
    h = await startHarness({ clock });
  });
  after(async () => h?.close());

  it('seeds people, an LSCG meeting, a Section 11 cycle and an open JAGS session, and sends nothing yet', async () => {
    const seeded = await seedDemo(h.bot.services);
    assert.equal(seeded.peopleAdded, DEMO_PEOPLE.length);
    assert.equal(seeded.meetingStartsAt, '2025-05-16T09:30:00.000Z', 'Friday 16 May, 10:30 UK time');
    assert.ok(seeded.cycleOpened && seeded.jagsSessionLogged);
    assert.equal(h.bot.services.jags.session(seeded.jagsSessionLogged).status, 'open');
    await h.bot.services.queue.idle();
    assert.equal(h.fake.sentActivities().length, 0, 'nobody has a chat with the bot yet');
  });

  it('changes nothing on disk when run again', async () => {
    const before = await onDisk(h);
    assert.deepEqual(await seedDemo(h.bot.services), { peopleAdded: 0 });
    assert.deepEqual(await onDisk(h), before);
  });

  it('greets the playground user with their meeting, return and feedback, then sends the reminder, the return and the form', async () => {
    const cards = await openPlayground(h, 'playground-chat-1');
    assert.equal(h.bot.services.people.personFor(PLAYGROUND_USER.id)?.email, PLAYGROUND_USER.email, 'linked by the email the member look-up gave');

    assert.equal(welcomes(cards).length, 1, 'greeted once though the install is announced twice');
    const menu = cardText(welcomes(cards)[0]);
    assert.match(menu, /Hello Alex/);
    assert.match(menu, /Business unit tasks/);
    assert.match(menu, /My upcoming meetings \(1\)/);
    assert.match(menu, /My Section 11 returns/);
    assert.match(menu, /JAGS feedback: 11 May/);

    const [reminder] = withVerb(cards, VERBS.meetingRsvp);
    assert.match(cardText(reminder), /LSCG South meeting in 4 days/);
    assert.match(cardText(reminder), /Friday 16 May 2025, 10:30/);
    assert.match(cardText(withVerb(cards, VERBS.s11Return)[0]), /Norfolk Community Health and Care \(NCHC\)/);
    assert.equal(withVerb(cards, VERBS.jagsFeedbackSubmit).length, 1, 'the feedback form');
    assert.equal(cards.length, 4);
  });

  it('greets again on the next start, in the playground\'s new empty chat, and sends nothing twice', async () => {
    await h.restart();
    await forgetPlaygroundChat(h.bot.services);
    const before = await onDisk(h);
    assert.deepEqual(await seedDemo(h.bot.services), { peopleAdded: 0 });
    assert.deepEqual(await onDisk(h), before);

    const cards = await openPlayground(h, 'playground-chat-2');
    assert.equal(welcomes(cards).length, 1);
    assert.match(cardText(cards[0]), /My upcoming meetings \(1\)/);
    assert.equal(cards.length, 1, 'the reminder, return and form went to the first chat and are not sent again');
  });
});
