/**
 * The bot for the broadcast bench: the real startBot on a seeded data folder (argv[2]), logs to a
 * file (argv[3]), the reminder scheduler off so only the bench's deliveries go. Prints
 * `READY {"port"}`, then takes one command a line on stdin and answers one `DONE {json}` line:
 *   send <meetingId> <ruleId>   queue a reminder to every member of the meeting's groups
 *   update <meetingId> <ruleId> queue a card update for every reminder of that rule that was sent
 *   stats <meetingId>           the meeting's delivery records, counted
 *   written                     when each request since the last call was written (by its
 *                               x-ms-client-request-id) and the longest event-loop stall meanwhile
 * Killed with SIGKILL by the bench to stand for a crash; SIGTERM stops it cleanly.
 */
import { subscribe } from 'node:diagnostics_channel';
import { createWriteStream } from 'node:fs';
import type { ClientRequest } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { startBot } from '../bot/start.js';
import { loadConfig } from '../services/config.js';
import type { Delivery, NewDelivery } from '../services/delivery/deliveries.js';
import { meetingCampaign } from '../services/features/meetings/meeting-reminders.js';
import { createLogger } from '../services/logger.js';

const [dataDir, logFile] = process.argv.slice(2);
if (!dataDir || !logFile) throw new Error('usage: serve-broadcast.ts <dataDir> <logFile>');
const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
const logs = createWriteStream(logFile, { flags: 'a' });
const bot = await startBot(config, { log: createLogger('warn', (l) => logs.write(l + '\n')), schedule: false });
const s = bot.services;

// When Node hands each request to its socket, to set against when the connector stamps it.
const written: Array<[string, number]> = [];
subscribe('http.client.request.start', (message) => {
  const id = (message as { request: ClientRequest }).request.getHeader('x-ms-client-request-id');
  if (id) written.push([String(id), Date.now()]);
});
const stalls = monitorEventLoopDelay({ resolution: 5 });
stalls.enable();
process.stdout.write(`READY ${JSON.stringify({ port: bot.port })}\n`);

async function send(meetingId: string, ruleId: string): Promise<NewDelivery[]> {
  const meeting = s.meetings.get(meetingId);
  if (!meeting) throw new Error(`no meeting ${meetingId}`);
  return s.people.membersOf(s.meetings.audience(meeting)).map((p) => ({
    id: `reminder:${meetingId}:bench:${ruleId}:${p.id}`,
    campaign: meetingCampaign(meetingId),
    personId: p.id,
    kind: 'meeting-reminder',
    op: 'send',
    subjectId: meetingId,
    ruleId,
  }));
}

async function update(meetingId: string, ruleId: string): Promise<NewDelivery[]> {
  const sent = (await s.queue.records(meetingCampaign(meetingId))).filter((d: Delivery) => d.kind === 'meeting-reminder' && d.ruleId === ruleId && d.status === 'sent' && d.activityId);
  return sent.map((d) => ({
    id: `update:${d.id}`,
    campaign: d.campaign,
    personId: d.personId,
    kind: 'meeting-update',
    op: 'update',
    subjectId: meetingId,
    replaces: d.id,
    targetActivityId: d.activityId,
    targetConversationId: d.conversationId,
  }));
}

async function stats(meetingId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const d of await s.queue.records(meetingCampaign(meetingId))) {
    const key = `${d.kind}:${d.ruleId ?? ''}:${d.status}${d.maybeDuplicate ? ':maybeDuplicate' : ''}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, meetingId, ruleId] = line.trim().split(/\s+/);
  const t0 = Date.now();
  const run = async (): Promise<Record<string, unknown>> => {
    if (command === 'stats') return stats(meetingId);
    if (command === 'written') {
      const answer = { written: written.splice(0), stallMaxMs: stalls.max / 1e6 };
      stalls.reset();
      return answer;
    }
    const items = command === 'send' ? await send(meetingId, ruleId) : command === 'update' ? await update(meetingId, ruleId) : null;
    if (!items) throw new Error(`unknown command ${line}`);
    return { queued: await s.queue.enqueue(items), startedAt: t0, enqueueMs: Date.now() - t0 };
  };
  run().then(
    (result) => process.stdout.write(`DONE ${JSON.stringify(result)}\n`),
    (e: unknown) => process.stdout.write(`DONE ${JSON.stringify({ error: String(e) })}\n`),
  );
});

process.once('SIGTERM', () => {
  void bot.stop().then(() => logs.end(() => process.exit(0)));
});
