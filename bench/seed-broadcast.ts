/**
 * Seeds a data folder for the broadcast bench through the real services: `recipients` people in
 * LSCG Norwich, each with the app installed (reference as TurnContext.getConversationReference
 * builds it, pointing at the fake connector), a meeting of that group far enough ahead that no
 * reminder falls due by itself, and `pressers` people in LSCG South with a meeting to answer.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TurnContext, type Activity } from 'botbuilder';
import { systemClock } from '../services/clock.js';
import { loadConfig } from '../services/config.js';
import { silentLogger } from '../services/logger.js';
import { FileStore } from '../services/store/file-store.js';
import { makeUser, TENANT, type TestUser } from '../test/support/bot-harness.js';
import { openServices } from '../test/support/services.js';
import type { BenchUser } from './seed.js';

const fixture = JSON.parse(readFileSync(new URL('../test/fixtures/install-personal.conversationUpdate.json', import.meta.url), 'utf8')) as Record<string, unknown> & { conversation: object };

function reference(u: TestUser, serviceUrl: string): Record<string, unknown> {
  const activity = { ...fixture, serviceUrl, from: { id: u.id, aadObjectId: u.aadObjectId }, conversation: { ...fixture.conversation, id: u.conversationId, tenantId: TENANT } };
  return TurnContext.getConversationReference(activity as Activity);
}

function recipient(i: number): TestUser {
  const hex = i.toString(16).padStart(12, '0');
  return {
    key: `b${i}`,
    id: `29:1FakeRecipient-${'0'.repeat(60)}${hex}`,
    aadObjectId: `55555555-5555-4555-8555-${hex}`,
    email: `recipient${i}@norwich.example`,
    name: `Recipient ${i}`,
    conversationId: `a:1FakePersonalConversation-recipient-${hex}`,
  };
}

export interface BroadcastSeed {
  dataDir: string;
  recipients: TestUser[];
  pressers: BenchUser[];
  meetingId: string;
  ms: number;
}

export async function seedBroadcast(opts: { serviceUrl: string; recipients: number; pressers: number }): Promise<BroadcastSeed> {
  const t0 = performance.now();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'nscp-bench-broadcast-'));
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
  const store = new FileStore(dataDir);
  const s = await openServices({ config, store, clock: systemClock, log: silentLogger, transport: { deliver: async () => ({}) } });
  const recipients = Array.from({ length: opts.recipients }, (_, i) => recipient(i));
  const pressers: BenchUser[] = Array.from({ length: opts.pressers }, (_, i) => ({ ...makeUser(`P${i}`, i, `presser${i}@bench.example`, `Presser ${i}`), groupId: 'lscg-south', meetingIds: [] }));
  const rows = [...recipients.map((u) => `${u.email}\t${u.name}\tOrganisation\tLSCG Norwich`), ...pressers.map((u) => `${u.email}\t${u.name}\tBench Org\tLSCG South`)];
  // The roster takes 2,000 rows an import.
  for (let i = 0; i < rows.length; i += 2000) {
    const { importId, preview } = await s.people.previewImport(rows.slice(i, i + 2000).join('\n'), 'bench-seed');
    if (preview.problems.length) throw new Error(`roster rows refused: ${JSON.stringify(preview.problems.slice(0, 3))}`);
    await s.people.applyImport(importId, 'bench-seed');
  }
  const everyone = [...recipients, ...pressers];
  for (let i = 0; i < everyone.length; i += 500) {
    await Promise.all(
      everyone.slice(i, i + 500).map((u) => s.people.recordInstallation({ id: u.id, aadObjectId: u.aadObjectId, tenantId: TENANT, email: u.email, name: u.name, reference: reference(u, opts.serviceUrl) })),
    );
  }
  const date = (days: number) => new Date(Date.now() + days * 86400_000).toISOString().slice(0, 10);
  const meeting = await s.meetings.schedule({ groupId: 'lscg-norwich', date: date(40), time: '10:00', mode: 'online', joinUrl: 'https://teams.microsoft.com/l/meetup-join/bench', agenda: 'Welcome\nPartner updates' }, 'bench-seed');
  const pressed = await s.meetings.schedule({ groupId: 'lscg-south', date: date(41), time: '10:00', mode: 'online', joinUrl: 'https://teams.microsoft.com/l/meetup-join/bench', agenda: 'Welcome' }, 'bench-seed');
  for (const u of pressers) u.meetingIds.push(pressed.id);
  // Closed, not just flushed: the bot started next, in its own process, needs the folder's lock.
  await store.close();
  return { dataDir, recipients, pressers, meetingId: meeting.id, ms: performance.now() - t0 };
}
