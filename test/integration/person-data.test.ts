import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PRIVACY_VERBS } from '../../adaptive-cards/features/privacy/verbs.js';
import { inputId } from '../../services/forms/answers.js';
import { orgKey } from '../../services/features/section11/section11.js';
import { VERBS } from '../support/verbs.js';
import { cardText, cardVerbs, makeUser, ShiftedClock, startHarness, type Harness, type TestUser } from '../support/bot-harness.js';

const bu = makeUser('A', 1, 'bu@norfolk.gov.uk', 'Business Unit');
const sam = makeUser('B', 2, 'sam.subject@police.example', 'Samantha Subjectova');
const helen = makeUser('C', 3, 'helen@nchc.example', 'Helen Member');
const jo = makeUser('D', 4, 'jo@city.example', 'Jo City');
const fay = makeUser('E', 5, 'fay@police.example', 'Fay Facilitator');
const fred = makeUser('F', 6, 'fred@nchc.example', 'Fred Facilitator');
const pat = makeUser('G', 7, 'pat@school.example', 'Pat Participant');

const ROWS = [
  `${sam.email}\t${sam.name}\tNorfolk Constabulary\tLSCG South;Section 11 leads`,
  `${helen.email}\t${helen.name}\tNCHC\tLSCG South`,
  `${jo.email}\t${jo.name}\tNorwich City Council\tSection 11 leads`,
  `${fay.email}\t${fay.name}\tNorfolk Constabulary\tJAGS facilitators`,
  `${fred.email}\t${fred.name}\tNCHC\tJAGS facilitators`,
].join('\n');

const S11: Record<string, Record<string, string>> = {
  overview: { [inputId('overview')]: 'Staff are confident.', [inputId('voice')]: 'A youth panel.' },
  fcn: { [inputId('fcn-embedded')]: 'Embedded.', [inputId('father-inclusive')]: 'Fathers invited.', [inputId('father-champions')]: 'yes' },
  neglect: { [inputId('anoof-aware')]: 'some', [inputId('toolkit')]: 'Graded Care Profile.' },
  exploitation: { [inputId('exploitation')]: 'Training.' },
  other: {},
};
const FEEDBACK = { [inputId('listened')]: '5', [inputId('safe-space')]: '4', [inputId('child-centred')]: '5', [inputId('do-differently')]: 'no' };

/** Every file under the data folder with its text. */
function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(path.relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

const hashes = (dir: string) => Object.fromEntries([...files(dir)].map(([f, t]) => [f, createHash('sha256').update(t).digest('hex')]));

/**
 * The stored data: every collection file's bytes, and the journal's contents. Opening the store
 * starts a new, empty journal file, which holds nothing, so the journal counts by what it holds.
 */
function stored(dir: string): { collections: Record<string, string>; journal: string } {
  const all = hashes(dir);
  const journal = [...files(dir)].filter(([f]) => f.startsWith('journal')).map(([, t]) => t).join('');
  return { collections: Object.fromEntries(Object.entries(all).filter(([f]) => !f.startsWith('journal'))), journal };
}

/** Where, if anywhere, the data folder still mentions this text (case ignored). */
function mentions(dir: string, needle: string): string[] {
  const n = needle.toLowerCase();
  return [...files(dir)].filter(([, text]) => text.toLowerCase().includes(n)).map(([f]) => f);
}

const traces = (u: TestUser) => [u.email, u.name, u.aadObjectId, u.id];

/** Meetings, a Section 11 return and a JAGS session, each of which Sam is in, beside other people's. */
async function busyWeek(h: Harness, clock: ShiftedClock) {
  for (const u of [bu, sam, helen, jo, fay, fred, pat]) await h.install(u);
  const preview = await h.press(bu, VERBS.rosterPreview, { rows: ROWS });
  await h.press(bu, VERBS.rosterApply, { importId: preview.card.actions.find((a: { verb?: string }) => a.verb === VERBS.rosterApply).data.importId });
  const s = h.bot.services;
  // Inside the 7-day window: Sam and Helen are reminded at once.
  await h.press(bu, VERBS.meetingSchedule, { groupId: 'lscg-south', date: '2025-09-05', time: '10:00', mode: 'online', joinUrl: 'https://teams.microsoft.com/l/meetup-join/x', agenda: 'Neglect strategy' });
  const meetingId = s.meetings.upcoming()[0].id;
  await h.press(sam, VERBS.meetingRsvp, { meetingId, response: 'attending' });
  await h.press(helen, VERBS.meetingRsvp, { meetingId, response: 'deputy', deputyName: sam.name });
  await h.press(bu, VERBS.s11OpenCycle, { year: '2025', trackId: 'partners', deadline: '2025-10-31', organisations: `${orgKey('Norfolk Constabulary')},${orgKey('Norwich City Council')}` });
  const cycleId = s.section11.allCycles()[0].id;
  for (const [sectionId, answers] of Object.entries(S11)) await h.press(sam, VERBS.s11Save, { cycleId, sectionId, ...answers });
  await h.press(sam, VERBS.s11Submit, { cycleId, sectionId: 'other' });
  await h.press(jo, VERBS.s11Save, { cycleId, sectionId: 'overview', ...S11.overview });
  await h.press(bu, VERBS.jagsLogRequest, { receivedOn: '2025-08-29', agency: 'Norfolk Constabulary', role: 'Detective Sergeant', outcome: 'proceeded' });
  const requestId = s.jags.allRequests()[0].id;
  await h.press(bu, VERBS.jagsLogSession, { requestId, date: '2025-08-31', time: '10:00', facilitator1: fay.email, facilitator2: fred.email, participants: `${sam.email}\n${pat.email}` });
  const sessionId = s.jags.allSessions()[0].id;
  await s.scheduler.runNow();
  await s.queue.idle();
  for (const u of [sam, pat]) assert.match(cardText((await h.press(u, VERBS.jagsFeedbackSubmit, { sessionId, sectionId: 'feedback', ...FEEDBACK })).card), /stored anonymously/);
  // A roster paste checked but not imported yet, with a row about Sam.
  await h.press(bu, VERBS.rosterPreview, { rows: `${sam.email}\t${sam.name}\tNorfolk Constabulary\tLSCG West\nnew@x.example\tNew Person\tNCC\tLSCG South` });
  clock.set('2025-09-02T08:00:00Z');
  return { meetingId, cycleId, sessionId };
}

describe('a person\'s data, through the real server', function () {
  this.timeout(90000);
  let h: Harness;
  const clock = new ShiftedClock('2025-09-01T08:00:00Z');
  let ids: Awaited<ReturnType<typeof busyWeek>>;

  before(async () => {
    h = await startHarness({ clock, env: { BUSINESS_UNIT_IDS: bu.aadObjectId } });
    ids = await busyWeek(h, clock);
  });
  after(async () => h?.close());

  it('offers "A person\'s data" to the business unit only', async () => {
    const mine = await h.press(bu, VERBS.menu);
    assert.ok(cardVerbs(mine.card).includes(PRIVACY_VERBS.personForm));
    assert.match(cardText(mine.card), /A person's data/);
    assert.ok(!cardVerbs((await h.press(helen, VERBS.menu)).card).includes(PRIVACY_VERBS.personForm));
  });

  it('refuses a bad address, keeping what was typed and saying what to fix', async () => {
    const form = await h.press(bu, PRIVACY_VERBS.personForm);
    assert.deepEqual(cardVerbs(form.card), [PRIVACY_VERBS.personFind, VERBS.menu]);
    const bad = await h.press(bu, PRIVACY_VERBS.personFind, { email: 'sam at police' });
    assert.match(cardText(bad.card), /"sam at police" is not an email address\. Give one address/);
    assert.equal(bad.card.body.find((e: { id?: string }) => e.id === 'email').value, 'sam at police');
  });

  it('lists everything held about them, and what cannot be found because it was never linked to them', async () => {
    const found = await h.press(bu, PRIVACY_VERBS.personFind, { email: sam.email.toUpperCase() });
    const t = cardText(found.card);
    for (const line of [
      /Roster entry \(email, name, organisation, groups\): \*\*1\*\*/,
      /Teams app installation.*: \*\*1\*\*/,
      /Rows about them in a roster paste not yet imported: \*\*1\*\*/,
      /Messages the bot sent or queued to them.*: \*\*[3-9]\*\*/,
      /Their replies to LSCG meetings.*: \*\*1\*\*/,
      /Replies by others naming them as the deputy: \*\*1\*\*/,
      /Section 11 returns marked with their name.*: \*\*1\*\*/,
      /JAGS sessions they were listed at as a participant.*: \*\*1\*\*/,
      /JAGS "has answered" markers.*: \*\*1\*\*/,
      /Anonymous JAGS feedback: answers are stored with no email, name, id or time/,
    ]) assert.match(t, line);
    assert.deepEqual(cardVerbs(found.card), [PRIVACY_VERBS.personExport, PRIVACY_VERBS.personEraseAsk, PRIVACY_VERBS.personForm]);
  });

  it('exports everything held about them as a JSON file through the short-lived link, naming nobody else', async () => {
    const res = await h.press(bu, PRIVACY_VERBS.personExport, { email: sam.email });
    const link = res.card.body.flatMap((e: { actions?: Array<{ type: string; url: string; title: string }> }) => e.actions ?? []).find((a: { type: string }) => a.type === 'Action.OpenUrl');
    assert.match(link.title, /Download the file \(JSON; the link works for 10 minutes\)/);
    const download = await fetch(link.url.replace(h.config.publicBaseUrl, h.bot.url));
    assert.equal(download.status, 200);
    assert.match(download.headers.get('content-type') ?? '', /^application\/json/);
    assert.match(download.headers.get('content-disposition') ?? '', /^attachment; filename="personal-data-2025-09-02\.json"$/);
    const text = await download.text();
    const file = JSON.parse(text);
    assert.equal(file.about, sam.email);
    assert.equal(file.data.people.rosterEntry.name, sam.name);
    assert.equal(file.data.people.installations[0].aadObjectId, sam.aadObjectId);
    assert.deepEqual(file.data.people.unimportedRosterRows[0].rows, [`${sam.email}\t${sam.name}\tNorfolk Constabulary\tLSCG West`]);
    const campaigns = new Set(file.data.deliveries.map((d: { campaign: string }) => d.campaign.split('-')[0]));
    assert.deepEqual([...campaigns].sort(), ['jags', 'meeting', 's11'], 'messages from every campaign that reached them');
    assert.deepEqual(file.data.meetings.replies.map((r: { response: string }) => r.response), ['attending']);
    assert.equal(file.data.meetings.namedAsDeputy[0].nameGiven, sam.name);
    assert.deepEqual(file.data.section11.returnsMarkedWithTheirName.map((r: { organisation: string; submittedBy: string }) => [r.organisation, r.submittedBy]), [['Norfolk Constabulary', sam.name]]);
    assert.deepEqual(file.data.jags.asParticipant.map((p: { session: string; answered: boolean }) => [p.session, p.answered]), [[ids.sessionId, true]]);
    assert.match(file.notLinkedToAnyone.join(' '), /Anonymous JAGS feedback/);
    for (const other of [helen, jo, pat, fay, fred, bu]) for (const x of [other.email, other.name]) assert.ok(!text.includes(x), `the export mentions ${x}`);
    assert.ok(!text.includes('Staff are confident'), 'the organisation\'s answers are not theirs');
  });

  it('refuses a member every privacy button, storing and sending nothing', async () => {
    await h.bot.services.store.flush();
    const before = hashes(h.dataDir);
    const sent = h.fake.sentActivities().length;
    for (const verb of Object.values(PRIVACY_VERBS)) {
      const res = await h.press(helen, verb, { email: sam.email });
      assert.match(cardText(res.card), /Only NSCP business unit staff can do that/, verb);
      assert.ok(!cardText(res.card).includes(sam.name), verb);
    }
    await h.bot.services.store.flush();
    assert.deepEqual(hashes(h.dataDir), before, 'nothing stored or erased');
    assert.equal(h.fake.sentActivities().length, sent, 'nothing sent');
    assert.equal((await h.bot.services.privacy.describe(sam.email)).sources.length, 5, 'every holder still holds something about them');
  });

  it('asks for confirmation on a card of its own, listing what goes and what cannot be erased, and changes nothing until then', async () => {
    const ask = await h.press(bu, PRIVACY_VERBS.personEraseAsk, { email: sam.email });
    const t = cardText(ask.card);
    assert.match(t, /Erase this person's data\?/);
    assert.match(t, /Roster entry.*\(removed: they get no more reminders or forms\)/);
    assert.match(t, /Section 11 returns marked with their name.*\(their name replaced by "\(erased\)"; the organisation's return is kept\)/);
    assert.match(t, /Cannot be erased, because it was never linked to them:[\s\S]*Anonymous JAGS feedback/);
    assert.match(t, /This cannot be undone/);
    assert.deepEqual(ask.card.actions.map((a: { title: string; verb: string }) => [a.title, a.verb]), [['Yes, erase everything listed', PRIVACY_VERBS.personErase], ['No, go back', PRIVACY_VERBS.personFind]]);
    assert.ok(h.bot.services.people.person(sam.email), 'nothing erased by asking');
  });

  it('erases them: nothing in the data folder names them, and everyone else\'s data stays', async () => {
    const s = h.bot.services;
    const othersBefore = { people: s.people.all().length, feedback: (await s.jags.summary(ids.sessionId)).answered };
    const done = await h.press(bu, PRIVACY_VERBS.personErase, { email: sam.email });
    const t = cardText(done.card);
    assert.match(t, /^Erased/);
    assert.match(t, /records were erased or had their name removed\. Nothing held about that address remains\./);
    assert.ok(!t.includes(sam.email), 'the card left in the chat does not repeat the address');
    assert.match(t, /Kept, because it was never linked to them:[\s\S]*Anonymous JAGS feedback/);

    await s.store.flush();
    for (const x of traces(sam)) assert.deepEqual(mentions(h.dataDir, x), [], `the data folder still mentions ${x}`);

    assert.equal(s.people.all().length, othersBefore.people - 1);
    const helens = await s.rsvps.of(ids.meetingId, helen.email);
    assert.deepEqual([helens?.response, helens?.deputyName], ['deputy', '(erased)']);
    const norfolk = await s.section11.returnOf(ids.cycleId, orgKey('Norfolk Constabulary'));
    assert.equal(norfolk?.submittedByName, '(erased)');
    assert.equal(norfolk?.submitted?.overview, 'Staff are confident.', 'the organisation\'s return is kept');
    assert.equal((await s.section11.returnOf(ids.cycleId, orgKey('Norwich City Council')))?.draftByName, jo.name);
    const summary = await s.jags.summary(ids.sessionId);
    assert.deepEqual([summary.invited, summary.answered], [2, othersBefore.feedback], 'anonymous feedback kept; still counted as invited');
    assert.deepEqual(s.jags.session(ids.sessionId).participants, [pat.email]);
    for (const other of [helen, jo, pat, fay, fred]) assert.ok(mentions(h.dataDir, other.email).length, `${other.name}'s data is still there`);
    assert.ok(h.logs.some((l) => l.includes('"privacy.erased"')));
    assert.ok(!h.logs.join('\n').includes(sam.email), 'no log line has the address');
  });

  it('stays erased across a restart', async () => {
    await h.restart();
    const again = await h.press(bu, PRIVACY_VERBS.personFind, { email: sam.email });
    assert.match(cardText(again.card), /Nothing is held about this address/);
    assert.deepEqual(cardVerbs(again.card), [PRIVACY_VERBS.personExport, PRIVACY_VERBS.personForm], 'nothing to erase');
    await h.bot.services.scheduler.runNow();
    await h.bot.services.queue.idle();
    await h.bot.services.store.flush();
    for (const x of traces(sam)) assert.deepEqual(mentions(h.dataDir, x), [], `after a restart the data folder mentions ${x}`);
  });
});

const run = promisify(execFile);
/** `npm run person -- …` as an operator runs it, against a data folder. */
async function person(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/person.ts', ...args], { env: { ...process.env, DATA_DIR: dataDir } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

describe('npm run person', function () {
  this.timeout(90000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'nscp-person-'));
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'nscp-person-out-')), 'sam.json');
  after(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(path.dirname(out), { recursive: true, force: true });
  });

  before(async () => {
    const clock = new ShiftedClock('2025-09-01T08:00:00Z');
    const h = await startHarness({ clock, dataDir, env: { BUSINESS_UNIT_IDS: bu.aadObjectId } });
    await busyWeek(h, clock);
    await h.close();
  });

  it('refuses bad input with one line saying what to fix, without opening the data folder', async () => {
    const before = hashes(dataDir);
    for (const [args, message] of [
      [[], /say what to do first\. Use: npm run person -- export <email> \[file\]/],
      [['erase'], /give the person's email address/],
      [['erase', 'not-an-email'], /"not-an-email" is not an email address/],
      [['export', sam.email, '--yes'], /--yes is only for erase/],
      [['erase', sam.email, '--force'], /unexpected "--force"/],
    ] as Array<[string[], RegExp]>) {
      const r = await person(dataDir, ...args);
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.stderr, message);
      assert.match(r.stderr, /^Not done: /);
    }
    assert.deepEqual(hashes(dataDir), before);
  });

  it('erase without --yes lists what would go and erases nothing', async () => {
    const before = stored(dataDir);
    assert.equal(before.journal, '', 'the bot wrote everything out when it stopped');
    const r = await person(dataDir, 'erase', sam.email);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /The bot holds about sam\.subject@police\.example:/);
    assert.match(r.stdout, /people: Roster entry \(email, name, organisation, groups\): 1/);
    assert.match(r.stdout, /section11: Section 11 returns marked with their name.*: 1/);
    assert.match(r.stdout, /Not found, because never linked to anyone:\n {2}- Anonymous JAGS feedback/);
    assert.match(r.stdout, /Nothing was erased\. To erase all of the above, run: npm run person -- erase sam\.subject@police\.example --yes/);
    assert.deepEqual(stored(dataDir), before, 'the data folder holds what it held');
  });

  it('export writes the file (0600), and never over an existing one', async () => {
    const r = await person(dataDir, 'export', sam.email, out);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Wrote .*sam\.json: \d+ records\. It holds personal data/);
    assert.equal(statSync(out).mode & 0o777, 0o600);
    const file = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(file.data.people.rosterEntry.email, sam.email);
    assert.equal(file.data.meetings.replies.length, 1);
    const again = await person(dataDir, 'export', sam.email, out);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists\. Give another file name; nothing was written/);
  });

  it('erase --yes erases: the data folder no longer names them', async () => {
    const r = await person(dataDir, 'erase', sam.email, '--yes');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Data folder: .+\nErased \d+ records about sam\.subject@police\.example/);
    assert.match(r.stdout, /Backups of the data folder taken before now still hold their data/);
    for (const x of traces(sam)) assert.deepEqual(mentions(dataDir, x), [], `the data folder still mentions ${x}`);
    assert.ok(mentions(dataDir, helen.email).length, 'other people stay');
    const after = await person(dataDir, 'erase', sam.email);
    assert.match(after.stdout, /The bot holds nothing about sam\.subject@police\.example\.\nNot found[\s\S]*Nothing to erase\./);
    const twice = await person(dataDir, 'erase', sam.email, '--yes');
    assert.match(twice.stdout, /Nothing was held about sam\.subject@police\.example, so nothing was erased\./);
  });

  it('says which data folder it read, and refuses one that holds no data rather than answer "nothing is held"', async () => {
    const r = await person(dataDir, 'export', helen.email, `${out}.helen`);
    assert.match(r.stdout, new RegExp(`^Data folder: ${dataDir}\\n`));
    assert.doesNotMatch(r.stdout, /\(removed/, 'an export lists what is held, not what erasure would do');
    const empty = mkdtempSync(path.join(tmpdir(), 'nscp-person-empty-'));
    for (const dir of [empty, path.join(empty, 'missing')]) {
      const refused = await person(dir, 'export', helen.email, `${out}.none`);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /holds no NSCP Engage data \(or does not exist\): set DATA_DIR to the bot's data folder/);
      assert.ok(!existsSync(`${out}.none`));
    }
    assert.deepEqual(readdirSync(empty), [], 'nothing was created in a folder that was not the bot\'s');
    rmSync(empty, { recursive: true, force: true });
  });
});
