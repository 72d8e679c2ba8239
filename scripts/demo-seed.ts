import type { AppServices } from '../bot/compose.js';
import { JAGS_FACILITATORS_GROUP } from '../services/features/jags/jags.js';
import { orgKey } from '../services/features/section11/section11.js';
import { shiftDate, zonedParts } from '../services/zoned-time.js';
import { PLAYGROUND_USER } from './playground-user.js';

/**
 * A small, fictional partnership for `npm run playground`, put in through the same service
 * calls the business unit's cards make, so everything in it behaves as real data does. The
 * people and organisations are made up; the .example addresses can never reach anyone.
 */

type DemoServices = Pick<AppServices, 'config' | 'clock' | 'people' | 'meetings' | 'section11' | 'jags'>;

const BY = 'demo-seed';
export const DEMO_LSCG = 'lscg-south';
const TRACK = 'partners';

const NCHC = 'Norfolk Community Health and Care (NCHC)';
const POLICE = 'Norfolk Constabulary';
const CHILDRENS = "Norfolk County Council Children's Services";

/** email, name, organisation, groups: the columns of the business unit's roster import. */
export const DEMO_PEOPLE: ReadonlyArray<readonly [string, string, string, string]> = [
  // The playground user sees everything at once: an LSCG member and a Section 11 lead.
  [PLAYGROUND_USER.email, PLAYGROUND_USER.name, NCHC, 'LSCG South;Section 11 leads'],
  ['priya.shah@nchc.example', 'Priya Shah', NCHC, 'LSCG North;Section 11 leads;JAGS facilitators'],
  ['tom.harding@constabulary.example', 'Tom Harding', POLICE, 'LSCG South;Section 11 leads;JAGS facilitators'],
  ['grace.okafor@childrens-services.example', 'Grace Okafor', CHILDRENS, 'LSCG South;Section 11 leads'],
  ['sunita.patel@icb.example', 'Sunita Patel', 'Norfolk and Waveney ICB', 'LSCG West;Section 11 leads'],
  ['rachel.lister@kettlegreen.example', 'Rachel Lister', 'Kettle Green Primary School', 'LSCG South;Neglect champions'],
  ['jo.pennington@littleoaks.example', 'Jo Pennington', 'Little Oaks Day Nursery', 'LSCG South;Neglect champions'],
  ['chris.barker@nsft.example', 'Chris Barker', 'Norfolk and Suffolk NHS Foundation Trust', 'LSCG Breckland;JAGS facilitators'],
  ['daniel.reeve@nscp.example', 'Daniel Reeve', 'NSCP Business Unit', 'LSCG South'],
];

export interface DemoSeedResult {
  peopleAdded: number;
  meetingStartsAt?: string;
  cycleOpened?: string;
  jagsSessionLogged?: string;
}

/**
 * Makes sure the demo holds its people, an LSCG South meeting in four days (its 7-day reminder
 * already due), an open Section 11 cycle and a JAGS session whose feedback is open. Idempotent:
 * each piece is added only when the demo has none that is still current, so a second run
 * changes nothing, and a folder reused weeks later gets a new meeting once the old one has
 * begun. What people did in the demo (replies, drafts, roster edits) is left alone.
 *
 * Nothing here sends anything. The reminder, the return and the feedback form are queued for
 * people who have no chat with the bot yet; the playground user's install runs the scheduler,
 * which queues them again now that they can be delivered.
 */
export async function seedDemo(s: DemoServices): Promise<DemoSeedResult> {
  const today = zonedParts(s.clock.now(), s.config.timeZone).date;
  const result: DemoSeedResult = { peopleAdded: await addMissingPeople(s) };

  if (!s.meetings.upcoming([DEMO_LSCG]).length) {
    const meeting = await s.meetings.schedule({
      groupId: DEMO_LSCG,
      mode: 'online',
      date: shiftDate(today, 4),
      time: '10:30',
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_NSCP-demo%40thread.v2/0',
      agenda: ['Welcome and introductions', 'Neglect: using the Norfolk Graded Care Profile', 'Father-inclusive practice: news from the champions', 'Safeguarding updates from colleagues', 'Next meeting'].join('\n'),
    }, BY);
    result.meetingStartsAt = meeting.startsAt;
  }

  if (!s.section11.allCycles().some((c) => c.status === 'open' && c.trackId === TRACK)) {
    const cycle = await s.section11.openCycle({
      year: today.slice(0, 4),
      trackId: TRACK,
      deadline: shiftDate(today, 42),
      organisations: s.section11.organisationsWithLeads().map((o) => o.key).join(','),
    }, BY);
    result.cycleOpened = cycle.id;
  }

  const email = PLAYGROUND_USER.email;
  if (!s.jags.allSessions().some((x) => x.status !== 'closed' && x.participants.includes(email))) {
    const request = await s.jags.logRequest({ receivedOn: shiftDate(today, -10), agency: CHILDRENS, role: 'Family support practitioner', outcome: 'proceeded' });
    const [f1, f2] = facilitatorsFromTwoAgencies(s);
    // Yesterday morning: its feedback opened an hour after it ended, so the form goes at once.
    const { session } = await s.jags.logSession({
      requestId: request.id,
      date: shiftDate(today, -1),
      time: '10:00',
      facilitator1: f1,
      facilitator2: f2,
      participants: [email, 'grace.okafor@childrens-services.example', 'rachel.lister@kettlegreen.example'].join('\n'),
    });
    result.jagsSessionLogged = session.id;
  }
  return result;
}

/** Only people not on the roster yet: someone who changed a demo person's groups keeps the change. */
async function addMissingPeople(s: DemoServices): Promise<number> {
  const missing = DEMO_PEOPLE.filter(([email]) => !s.people.person(email));
  if (!missing.length) return 0;
  const { importId } = await s.people.previewImport(missing.map((row) => row.join('\t')).join('\n'), BY);
  const applied = await s.people.applyImport(importId, BY);
  if (applied.problems.length) throw new Error(`demo roster row ${applied.problems[0].row}: ${applied.problems[0].reason}`);
  return applied.toAdd.length;
}

/** The JAGS model asks for two facilitators from different agencies. */
function facilitatorsFromTwoAgencies(s: DemoServices): [string, string] {
  const all = s.people.membersOf([JAGS_FACILITATORS_GROUP]);
  const first = all[0];
  const second = all.find((p) => orgKey(p.organisation) !== orgKey(first?.organisation ?? ''));
  if (!first || !second) throw new Error('the demo needs JAGS facilitators from two agencies on the roster');
  return [first.id, second.id];
}

/**
 * The playground keeps its chat in memory, so every start opens an empty chat with a new id,
 * as a reinstall does. Told so, the bot greets the playground user again on the next install
 * instead of treating it as the same install announced twice.
 */
export async function forgetPlaygroundChat(s: Pick<AppServices, 'people'>): Promise<void> {
  await s.people.markInstallation(PLAYGROUND_USER.id, 'uninstalled');
}
