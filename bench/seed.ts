/**
 * Seeds a data folder (under os.tmpdir()) with a store already holding 100,000 RSVP answers,
 * through the real services wherever that is quick enough:
 *  - roster (240 members of the six LSCGs + the bench users): People.previewImport / applyImport
 *  - installations (everyone, reference as TurnContext.getConversationReference builds it): People.recordInstallation
 *  - 50 upcoming meetings, 30-79 days ahead so no reminder is due during the run: Meetings.schedule
 *  - 20 answers on each upcoming meeting (1,000): Rsvps.record
 *  - 2,475 past meetings: the real `meetings` collection (putMany)
 *  - 2,475 × 40 past answers (99,000): written directly as `rsvps/<meetingId>.json` in KeyedCollection's
 *    format `{ "items": { "<personId>": Rsvp } }`, then read back through a fresh FileStore to check.
 */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TurnContext, type Activity } from 'botbuilder';
import { openServices } from '../test/support/services.js';
import { systemClock } from '../services/clock.js';
import { loadConfig } from '../services/config.js';
import { silentLogger } from '../services/logger.js';
import type { Meeting } from '../services/features/meetings/meetings.js';
import type { Rsvp, RsvpResponse } from '../services/features/meetings/rsvp.js';
import { FileStore } from '../services/store/file-store.js';
import { makeUser, TENANT, type TestUser } from '../test/support/bot-harness.js';

export const GROUPS = ['lscg-south', 'lscg-west', 'lscg-breckland', 'lscg-north', 'lscg-norwich', 'lscg-great-yarmouth'];
const GROUP_NAMES = ['LSCG South', 'LSCG West', 'LSCG Breckland', 'LSCG North', 'LSCG Norwich', 'LSCG Great Yarmouth'];
const MEMBERS_PER_GROUP = 40;
const PAST_MEETINGS = 2_475;
const UPCOMING_MEETINGS = 50;
const UPCOMING_ANSWERS = 20;
const RESPONSES: RsvpResponse[] = ['attending', 'apologies', 'deputy'];

export interface BenchUser extends TestUser {
  groupId: string;
  /** Upcoming meetings of the user's group: the ones the user presses on. */
  meetingIds: string[];
}

export interface Seeded {
  dataDir: string;
  users: BenchUser[];
  answers: number;
  meetings: number;
  ms: number;
}

const fixture = JSON.parse(readFileSync(new URL('../test/fixtures/install-personal.conversationUpdate.json', import.meta.url), 'utf8')) as Record<string, unknown> & { conversation: object };

/** What install.ts stores: the conversation reference of the install activity. */
function reference(u: TestUser, serviceUrl: string): Record<string, unknown> {
  const activity = { ...fixture, serviceUrl, from: { id: u.id, aadObjectId: u.aadObjectId }, conversation: { ...fixture.conversation, id: u.conversationId, tenantId: TENANT } };
  return TurnContext.getConversationReference(activity as Activity);
}

function member(g: number, n: number): TestUser {
  const i = g * MEMBERS_PER_GROUP + n;
  const hex = i.toString(16).padStart(12, '0');
  return {
    key: `m${i}`,
    id: `29:1FakeMember-${'0'.repeat(60)}${hex}`,
    aadObjectId: `44444444-4444-4444-8444-${hex}`,
    email: `member${i}@${GROUPS[g]}.example`,
    name: `Member ${i}`,
    conversationId: `a:1FakePersonalConversation-member-${hex}`,
  };
}

export async function seedStore(opts: { serviceUrl: string; users: number; dir?: string }): Promise<Seeded> {
  const t0 = performance.now();
  const dataDir = opts.dir ?? (await mkdtemp(path.join(tmpdir(), 'nscp-bench-')));
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
  const store = new FileStore(dataDir);
  const s = await openServices({ config, store, clock: systemClock, log: silentLogger, transport: { deliver: async () => ({}) } });

  // Roster and installations.
  const members = GROUPS.map((_, g) => Array.from({ length: MEMBERS_PER_GROUP }, (_, n) => member(g, n)));
  const bench: BenchUser[] = Array.from({ length: opts.users }, (_, i) => ({
    ...makeUser(`Bench${i}`, i, `bench${i}@bench.example`, `Bench User ${i}`),
    groupId: GROUPS[i % GROUPS.length],
    meetingIds: [],
  }));
  const rows = [
    'email\tname\torganisation\tgroups',
    ...members.flatMap((list, g) => list.map((u) => `${u.email}\t${u.name}\tOrganisation ${g}\t${GROUP_NAMES[g]}`)),
    ...bench.map((u) => `${u.email}\t${u.name}\tBench Org\t${GROUP_NAMES[GROUPS.indexOf(u.groupId)]}`),
  ];
  const { importId, preview } = await s.people.previewImport(rows.join('\n'), 'bench-seed');
  if (preview.problems.length) throw new Error(`roster rows refused: ${JSON.stringify(preview.problems.slice(0, 3))}`);
  await s.people.applyImport(importId, 'bench-seed');
  const everyone = [...members.flat(), ...bench];
  await Promise.all(
    everyone.map((u) => s.people.recordInstallation({ id: u.id, aadObjectId: u.aadObjectId, tenantId: TENANT, email: u.email, name: u.name, reference: reference(u, opts.serviceUrl) })),
  );
  for (const u of bench) if (!s.people.personFor(u.id)) throw new Error(`${u.email} is not linked to the roster`);

  // Upcoming meetings, far enough ahead that no reminder (7 and 1 day before) falls due.
  const today = new Date();
  for (let i = 0; i < UPCOMING_MEETINGS; i++) {
    const g = i % GROUPS.length;
    const date = new Date(today.getTime() + (30 + i) * 86400_000).toISOString().slice(0, 10);
    const m = await s.meetings.schedule(
      { groupId: GROUPS[g], date, time: '10:00', mode: 'online', joinUrl: 'https://teams.microsoft.com/l/meetup-join/bench', agenda: 'Welcome\nActions from last meeting\nPartner updates' },
      'bench-seed',
    );
    for (const u of bench) if (u.groupId === m.groupId) u.meetingIds.push(m.id);
    await Promise.all(members[g].slice(0, UPCOMING_ANSWERS).map((u, n) => s.rsvps.record(u.id, { meetingId: m.id, response: RESPONSES[n % 3], deputyName: 'A Deputy' })));
  }

  // Past meetings and their answers: the bulk history.
  const past: Meeting[] = Array.from({ length: PAST_MEETINGS }, (_, i) => {
    const startsAt = new Date(today.getTime() - (i + 1) * 86400_000);
    const createdAt = new Date(startsAt.getTime() - 60 * 86400_000).toISOString();
    return {
      id: `mtg-${(startsAt.getTime() - 60 * 86400_000).toString(36)}-${i.toString(36).padStart(6, '0')}`,
      groupId: GROUPS[i % GROUPS.length],
      mode: 'online',
      startsAt: startsAt.toISOString(),
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/bench',
      agenda: ['Welcome', 'Actions from last meeting', 'Partner updates'],
      status: 'scheduled',
      version: 1,
      createdBy: 'bench-seed',
      createdAt,
      updatedAt: createdAt,
    };
  });
  await (await store.collection<Meeting>('meetings')).putMany(past);
  // Closed, not just flushed: the bot started next, in its own process, needs the folder's lock.
  await store.close();
  await mkdir(path.join(dataDir, 'rsvps'), { recursive: true });
  for (let i = 0; i < past.length; i += 100) {
    await Promise.all(
      past.slice(i, i + 100).map((m, j) => {
        const items: Record<string, Rsvp> = {};
        members[GROUPS.indexOf(m.groupId)].forEach((u, n) => {
          const response = RESPONSES[(i + j + n) % 3];
          const at = new Date(Date.parse(m.startsAt) - (n + 1) * 3600_000).toISOString();
          items[u.email] = { id: u.email, meetingId: m.id, response, ...(response === 'deputy' ? { deputyName: 'A Deputy' } : {}), respondedAt: at };
        });
        return writeFile(path.join(dataDir, 'rsvps', `${m.id}.json`), JSON.stringify({ items }));
      }),
    );
  }

  // Count through a fresh store: exactly what the bot would read.
  const check = new FileStore(dataDir);
  let answers = 0;
  for (const name of await check.listPartitions('rsvps')) answers += (await check.collection<Rsvp>(name)).size();
  const meetings = (await check.collection<Meeting>('meetings')).size();
  await check.close();
  return { dataDir, users: bench, answers, meetings, ms: performance.now() - t0 };
}
