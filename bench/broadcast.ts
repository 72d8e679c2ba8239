/**
 * The delivery engine at scale (`npm run bench:broadcast`, and the end of `npm run bench`): the
 * real bot in a child process sends meeting reminders to 5,000 people through a fake Bot
 * Connector on loopback that answers after 150 ms, 5 % of sends and updates with 429
 * (Retry-After 1 s) and 1 % with 500. In one run, side by side:
 *  (a) the queue's sends a second against the ceiling, the most requests the connector saw in any
 *      one second (sliding, retries included), lost and duplicated cards; and a one-after-another
 *      loop over the same connector, on fewer people, extrapolated as a rate;
 *  (b) kill -9 at 40 % of a second broadcast, restart on the same data folder: lost, duplicates,
 *      and the sends the restarted queue found in flight;
 *  (c) RSVP presses from 10 people during the broadcast against the same presses with none;
 *  (d) updating every delivered card (op 'update').
 */
import './quiet.js';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { startFakeConnector, type FakeConnector, type RecordedRequest } from '../test/support/fake-connector.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { summarise, type LoadOptions, type LoadResult, type LoadSample } from './load.js';
import { seedBroadcast } from './seed-broadcast.js';
import { serve, type Server } from './serve.js';
import { busiestSecond } from '../test/support/busiest-second.js';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

/** 5,000 unless BROADCAST_RECIPIENTS says otherwise (a quick look at a smaller run). */
const RECIPIENTS = Number(process.env.BROADCAST_RECIPIENTS ?? 5_000);
const LOOP_RECIPIENTS = 100;
const CEILING = 50;
const KILL_AT = 0.4;
const NOISE = { latencyMs: 150, throttledShare: 0.05, retryAfterSeconds: 1, serverErrorShare: 0.01, seed: 7 };

export interface BroadcastRun {
  cards: number;
  seconds: number;
  cardsPerSecond: number;
  requestsPerSecond: number;
  /** Between the first and last tenth of the cards: the rate once under way, without the start and the last retries. */
  steadyCardsPerSecond: number;
  steadyRequestsPerSecond: number;
  busiestSecond: number;
  /** From the command to the first request, and the last hundredth of the cards (the last retries), ms. */
  startMs: number;
  tailMs: number;
  /** What the connector answered the last card's requests, e.g. "500 500 201". */
  lastCardAnswers: string;
  /** ms from the bot writing a request (Node handing it to the socket) to the connector stamping it. */
  delay: { matched: number; p50: number; p99: number; max: number };
  /** The longest event-loop stall in the bot and in this process (the connector's) during the phase, ms. */
  stallMaxMs: { bot: number; connector: number; connectorGc: number };
  throttled: number;
  serverErrors: number;
  lost: number;
  duplicates: number;
}

export interface BroadcastResult {
  send: BroadcastRun;
  update: BroadcastRun;
  loop: { recipients: number; seconds: number; cardsPerSecond: number };
  crash: BroadcastRun & { deliveredAtKill: number; foundMidSend: number; recordsByStatus: Record<string, unknown> };
  presses: { quiet: LoadResult; broadcast: LoadResult };
  seedMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isCall = (r: RecordedRequest, route: 'send' | 'update') => (route === 'send' ? r.route === 'replyToActivity' || r.route === 'sendToConversation' : r.route === 'updateActivity');
const ok = (r: RecordedRequest) => r.status >= 200 && r.status < 300;


async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const give = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > give) throw new Error(`broadcast bench: ${what} not reached in ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

/** Successful calls per conversation among the requests from `from` on, kept up to date cheaply: the fake shares this process. */
function successes(fake: FakeConnector, from: number, route: 'send' | 'update'): Map<string, RecordedRequest[]> {
  const key = `${from}:${route}`;
  let seen = tallies.get(key);
  if (!seen) tallies.set(key, (seen = { upTo: from, byConversation: new Map() }));
  for (; seen.upTo < fake.requests.length; seen.upTo++) {
    const r = fake.requests[seen.upTo];
    if (!isCall(r, route) || !ok(r)) continue;
    const list = seen.byConversation.get(r.conversationId ?? '');
    if (list) list.push(r);
    else seen.byConversation.set(r.conversationId ?? '', [r]);
  }
  return seen.byConversation;
}
const tallies = new Map<string, { upTo: number; byConversation: Map<string, RecordedRequest[]> }>();

/** The connector's own event loop: a stall here stamps the requests that arrived meanwhile late, all at once. */
const connectorStalls = monitorEventLoopDelay({ resolution: 5 });
connectorStalls.enable();
/** Its longest garbage-collection pause, to tell a stall of its own from the machine's. */
let connectorGcMaxMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) connectorGcMaxMs = Math.max(connectorGcMaxMs, e.duration);
}).observe({ entryTypes: ['gc'] });

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/** How long requests took from the bot's socket to the connector's stamp, matched by x-ms-client-request-id. */
async function delays(bot: Server, calls: RecordedRequest[]): Promise<Pick<BroadcastRun, 'delay' | 'stallMaxMs'>> {
  const answer = (await bot.command('written')) as { written: Array<[string, number]>; stallMaxMs: number };
  const writtenAt = new Map(answer.written);
  const ms = calls
    .map((r) => r.at - (writtenAt.get(String(r.headers['x-ms-client-request-id'])) ?? NaN))
    .filter((x) => Number.isFinite(x))
    .sort((a, b) => a - b);
  const connector = connectorStalls.max / 1e6;
  const connectorGc = connectorGcMaxMs;
  connectorStalls.reset();
  connectorGcMaxMs = 0;
  return { delay: { matched: ms.length, p50: quantile(ms, 0.5), p99: quantile(ms, 0.99), max: ms.at(-1) ?? NaN }, stallMaxMs: { bot: answer.stallMaxMs, connector, connectorGc } };
}

/** Waits until every recipient has the card, then until the bot's queue has nothing left for the rule. */
async function finish(fake: FakeConnector, bot: () => Server, from: number, route: 'send' | 'update', startedAt: number, meetingId: string, timeoutMs: number): Promise<BroadcastRun> {
  await until(`${RECIPIENTS} ${route}s`, () => successes(fake, from, route).size >= RECIPIENTS, timeoutMs);
  const got = successes(fake, from, route);
  const lastCard = Math.max(...[...got.values()].map((list) => list[0].at));
  await until('an idle queue', async () => !Object.keys(await bot().command(`stats ${meetingId}`)).some((k) => /:(queued|sending)/.test(k)), 30_000);
  const calls = fake.requests.slice(from).filter((r) => isCall(r, route));
  const seconds = (lastCard - startedAt) / 1000;
  const firsts = [...got.values()].map((list) => list[0].at).sort((a, b) => a - b);
  const [from10, to90] = [quantile(firsts, 0.1), quantile(firsts, 0.9)];
  const steadySeconds = (to90 - from10) / 1000;
  const last = [...got.values()].find((list) => list[0].at === lastCard)!;
  return {
    startMs: (calls[0]?.at ?? NaN) - startedAt,
    tailMs: lastCard - quantile(firsts, 0.99),
    lastCardAnswers: calls.filter((r) => r.conversationId === last[0].conversationId).map((r) => r.status).join(' '),
    cards: got.size,
    seconds,
    cardsPerSecond: got.size / seconds,
    requestsPerSecond: calls.filter((r) => r.at <= lastCard).length / seconds,
    steadyCardsPerSecond: (0.8 * firsts.length) / steadySeconds,
    steadyRequestsPerSecond: calls.filter((r) => r.at >= from10 && r.at < to90).length / steadySeconds,
    ...(await delays(bot(), calls)),
    busiestSecond: busiestSecond(calls),
    throttled: calls.filter((r) => r.status === 429).length,
    serverErrors: calls.filter((r) => r.status >= 500).length,
    lost: RECIPIENTS - got.size,
    duplicates: [...got.values()].reduce((n, list) => n + list.length - 1, 0),
  };
}

/** RSVP presses from a child process (bench/press.ts), so they do not share the fake connector's event loop. */
async function presses(opts: LoadOptions): Promise<LoadResult> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--no-deprecation', '--import', 'tsx', 'bench/press.ts', JSON.stringify(opts)], { cwd: new URL('..', import.meta.url).pathname });
  return summarise([JSON.parse(stdout) as LoadSample]);
}

/** One card after another, waiting for each answer, retrying as the queue would: the naive way. */
async function oneAfterAnother(fake: FakeConnector, conversations: string[]): Promise<{ recipients: number; seconds: number; cardsPerSecond: number }> {
  const body = JSON.stringify({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Reminder' }] } }] });
  const t0 = performance.now();
  for (const id of conversations) {
    for (;;) {
      const res = await fetch(`${fake.serviceUrl}v3/conversations/${encodeURIComponent(id)}/activities`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await res.arrayBuffer();
      if (res.ok) break;
      await sleep(res.status === 429 ? Number(res.headers.get('retry-after') ?? 1) * 1000 : 1000);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  return { recipients: conversations.length, seconds, cardsPerSecond: conversations.length / seconds };
}

export async function benchBroadcast(log: (line: string) => void = console.log): Promise<BroadcastResult> {
  const fake = await startFakeConnector({ recordBodies: false });
  const seed = await seedBroadcast({ serviceUrl: fake.serviceUrl, recipients: RECIPIENTS, pressers: 10 });
  log(`  broadcast: seeded ${RECIPIENTS.toLocaleString('en-GB')} installed people and 10 pressers in ${(seed.ms / 1000).toFixed(1)} s`);
  fake.noise(NOISE);
  const logFile = `${seed.dataDir}.bot.log`;
  const startFlags = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } }).scripts.start.match(/--max-(old|semi)-space-size=\d+/g) ?? [];
  // BROADCAST_CPU_PROF=<dir>: V8 CPU profiles of the bot (the process killed at 40 % writes none).
  const profile = process.env.BROADCAST_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BROADCAST_CPU_PROF}`] : [];
  const start = () => serve('bench/serve-broadcast.ts', [seed.dataDir, logFile], [...startFlags, ...profile], process.env, { commands: true });
  let bot = await start();
  try {
    log(`  broadcast: one-after-another loop to ${LOOP_RECIPIENTS} people…`);
    const loop = await oneAfterAnother(fake, seed.recipients.slice(0, LOOP_RECIPIENTS).map((u) => u.conversationId));

    log('  broadcast: RSVP presses with no broadcast…');
    const url = `http://127.0.0.1:${bot.port}`;
    const pressOpts = { url, serviceUrl: fake.serviceUrl, users: seed.pressers, warmupMs: 1_000, measureMs: 8_000 };
    const quiet = await presses(pressOpts);

    log(`  broadcast: ${RECIPIENTS.toLocaleString('en-GB')} reminders, RSVP presses from 10 people meanwhile…`);
    let from = fake.requests.length;
    let startedAt = Date.now();
    const queued = bot.command(`send ${seed.meetingId} r1`);
    const during = (async () => {
      await sleep(5_000);
      return presses(pressOpts);
    })();
    const sendAnswer = await queued;
    if (sendAnswer.queued !== RECIPIENTS) throw new Error(`queued ${JSON.stringify(sendAnswer)}`);
    const send = await finish(fake, () => bot, from, 'send', startedAt, seed.meetingId, 300_000);
    const broadcastPresses = await during;

    log(`  broadcast: updating the ${RECIPIENTS.toLocaleString('en-GB')} cards…`);
    from = fake.requests.length;
    startedAt = Date.now();
    const updateAnswer = await bot.command(`update ${seed.meetingId} r1`);
    if (updateAnswer.queued !== RECIPIENTS) throw new Error(`queued ${JSON.stringify(updateAnswer)}`);
    const update = await finish(fake, () => bot, from, 'update', startedAt, seed.meetingId, 300_000);
    // BROADCAST_SKIP_CRASH=1 (development: with BROADCAST_CPU_PROF, the bot that sent and updated exits cleanly and writes its profile).
    if (process.env.BROADCAST_SKIP_CRASH) return { send, update, loop, crash: { ...send, deliveredAtKill: NaN, foundMidSend: NaN, recordsByStatus: {} }, presses: { quiet, broadcast: broadcastPresses }, seedMs: seed.ms };

    log(`  broadcast: a second ${RECIPIENTS.toLocaleString('en-GB')}, kill -9 at ${KILL_AT * 100} % and restart…`);
    from = fake.requests.length;
    startedAt = Date.now();
    await bot.command(`send ${seed.meetingId} r2`);
    await until('40 %', () => successes(fake, from, 'send').size >= KILL_AT * RECIPIENTS, 300_000);
    await bot.kill9();
    const deliveredAtKill = successes(fake, from, 'send').size;
    bot = await start();
    const crashRun = await finish(fake, () => bot, from, 'send', startedAt, seed.meetingId, 300_000);
    const recordsByStatus = await bot.command(`stats ${seed.meetingId}`);
    const foundMidSend = Object.entries(recordsByStatus).filter(([k]) => k.includes(':r2:') && k.endsWith(':maybeDuplicate')).reduce((n, [, v]) => n + Number(v), 0);
    return { send, update, loop, crash: { ...crashRun, deliveredAtKill, foundMidSend, recordsByStatus }, presses: { quiet, broadcast: broadcastPresses }, seedMs: seed.ms };
  } finally {
    await bot.stop().catch(() => {});
    await fake.close();
    await rm(seed.dataDir, { recursive: true, force: true });
    await rm(logFile, { force: true });
  }
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');

export function broadcastTable(r: BroadcastResult): string {
  const row = (what: string, figure: string, target: string, pass: boolean | null) => `| ${what} | ${figure} | ${target} | ${pass === null ? '—' : verdict(pass)} |`;
  const run = (name: string, x: BroadcastRun) => [
    row(`${name}: cards a second, first enqueue to last card`, `${fmt(x.cardsPerSecond)} (${fmt(x.cardsPerSecond / CEILING, 3)}× the ceiling; ${x.cards} in ${fmt(x.seconds)} s)`, `≥ ${fmt(0.95 * CEILING)} (0.95×)`, x.cardsPerSecond >= 0.95 * CEILING),
    row(`${name}: requests a second at the connector, retries included`, `${fmt(x.requestsPerSecond)} (${fmt(x.requestsPerSecond / CEILING, 3)}×; ${x.throttled} × 429, ${x.serverErrors} × 500)`, 'reference', null),
    row(`${name}: the same, 10 % to 90 % of the cards (under way)`, `${fmt(x.steadyCardsPerSecond)} cards, ${fmt(x.steadyRequestsPerSecond)} requests a second (${fmt(x.steadyRequestsPerSecond / CEILING, 3)}×)`, 'reference', null),
    row(`${name}: first request after / last 1 % of the cards took (the last card's answers)`, `${fmt(x.startMs / 1000)} s / ${fmt(x.tailMs / 1000)} s (${x.lastCardAnswers})`, 'reference', null),
    row(`${name}: most requests in any one second (sliding)`, String(x.busiestSecond), `≤ ${CEILING}`, x.busiestSecond <= CEILING),
    row(`${name}: bot's socket → connector's stamp, ms (p50 / p99 / max of ${x.delay.matched}); longest event-loop stall: bot / connector (its longest GC pause)`, `${fmt(x.delay.p50)} / ${fmt(x.delay.p99)} / ${fmt(x.delay.max)}; ${fmt(x.stallMaxMs.bot)} / ${fmt(x.stallMaxMs.connector)} (${fmt(x.stallMaxMs.connectorGc)}) ms`, 'reference', null),
    row(`${name}: lost / duplicates`, `${x.lost} / ${x.duplicates}`, '0 / 0', x.lost === 0 && x.duplicates === 0),
  ];
  const c = r.crash;
  const p99Ratio = r.presses.broadcast.p99 / r.presses.quiet.p99;
  return [
    `| ${RECIPIENTS.toLocaleString('en-GB')} people, connector: 150 ms, 5 % 429 (Retry-After 1 s), 1 % 500; ceiling ${CEILING}/s | figure | target | verdict |`,
    '| --- | --- | --- | --- |',
    ...run('(a) send', r.send),
    row(`(a) one-after-another loop (${r.loop.recipients} people, extrapolated as a rate)`, `${fmt(r.loop.cardsPerSecond, 2)} cards/s; the queue ${fmt(r.send.cardsPerSecond / r.loop.cardsPerSecond)}× it`, 'queue ≥ 10×', r.send.cardsPerSecond >= 10 * r.loop.cardsPerSecond),
    row('(b) kill -9 at 40 %: delivered at the kill, lost, duplicates', `${c.deliveredAtKill}, ${c.lost}, ${c.duplicates}`, '0 lost', c.lost === 0),
    row('(b) sends the restarted queue found mid-send (marked maybeDuplicate)', String(c.foundMidSend), `duplicates ≤ it (${c.duplicates})`, c.duplicates <= c.foundMidSend),
    row('(b) most requests in any one second, across the kill', String(c.busiestSecond), `≤ ${CEILING}`, c.busiestSecond <= CEILING),
    row('(c) RSVP p99, 10 people: no broadcast → during it', `${fmt(r.presses.quiet.p99)} → ${fmt(r.presses.broadcast.p99)} ms (${fmt(p99Ratio, 2)}×), errors ${r.presses.quiet.errors}/${r.presses.broadcast.errors}`, '≤ 1.5×', p99Ratio <= 1.5 && r.presses.broadcast.errors === 0),
    ...run('(d) update', r.update),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const began = performance.now();
  const result = await benchBroadcast();
  console.log(`\n${broadcastTable(result)}\n\n(b) records after the restart: ${JSON.stringify(result.crash.recordsByStatus)}\nbroadcast bench: ${fmt((performance.now() - began) / 1000)} s`);
}
