/**
 * The SharePoint replica at scale (`npm run bench:replica`, and the end of `npm run bench`): the
 * real bot in a child process replicates to the fake Graph over https on loopback (in this
 * process), which enforces a SharePoint resource-unit budget. In one run, side by side:
 *  (a) a backlog of REPLICA_BENCH_ROWS rows (10,000) against REPLICA_BENCH_RU units a minute:
 *      the rate reached against the budget, 429s after the first minute, every row once;
 *      RSVP presses from 10 people while it catches up against the same presses with it idle;
 *  (b) Graph down for REPLICA_BENCH_OUTAGE_S seconds while answers keep arriving, then back:
 *      every row once;
 *  (c) kill -9 at 40 % of a sync of REPLICA_BENCH_ROWS rows, restart on the same data folder:
 *      every row once.
 * The figures are 10,000 rows at 1,200 units a minute (about 17 minutes of syncing);
 * REPLICA_BENCH_RU=1200 runs them. By default (a) runs at 12,000 a minute, the same 10,000
 * rows spanning well over the first minute, and (b) and (c), which are about losing or doubling
 * nothing, at 60,000.
 */
import './quiet.js';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { startFakeConnector, type FakeConnector } from '../test/support/fake-connector.js';
import { TEST_CA, type FakeGraph } from '../test/support/fake-graph/server.js';
import type { ListsState } from '../test/support/fake-graph/lists.js';
import { provisionedFakeGraph, rowsPerBotId } from '../test/support/replica-fixture.js';
import { summarise, type LoadResult, type LoadSample } from './load.js';
import { seedBroadcast, type BroadcastSeed } from './seed-broadcast.js';
import { serve, type Server } from './serve.js';

const ROWS = Number(process.env.REPLICA_BENCH_ROWS ?? 10_000);
const BUDGET = Number(process.env.REPLICA_BENCH_RU ?? 12_000);
const FAST_BUDGET = Number(process.env.REPLICA_BENCH_FAST_RU ?? 60_000);
const OUTAGE_S = Number(process.env.REPLICA_BENCH_OUTAGE_S ?? 60);
const LIST = 'nscpJagsRequests';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const give = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > give) throw new Error(`replica bench: ${what} not reached in ${Math.round(timeoutMs / 1000)} s`);
    await sleep(250);
  }
}

interface Rig {
  fake: FakeGraph;
  state: ListsState;
  seed: BroadcastSeed;
  start(): Promise<Server>;
  close(): Promise<void>;
}

/** A fresh data folder, a fake Graph with the lists provisioned and the budget enforced, and how to start the bot on them. */
async function rig(connector: FakeConnector, budget: number): Promise<Rig> {
  const seed = await seedBroadcast({ serviceUrl: connector.serviceUrl, recipients: 0, pressers: 10 });
  const { fake, state, env } = await provisionedFakeGraph({}, { faults: { ruPerMinute: budget } });
  const logFile = `${seed.dataDir}.bot.log`;
  const startFlags = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } }).scripts.start.match(/--max-(old|semi)-space-size=\d+/g) ?? [];
  const graphEnv = JSON.stringify({ ...env, SHAREPOINT_RESOURCE_UNITS_PER_MINUTE: String(budget) });
  return {
    fake,
    state,
    seed,
    start: () => serve('bench/serve-replica.ts', [seed.dataDir, logFile, graphEnv], startFlags, { ...process.env, NODE_EXTRA_CA_CERTS: TEST_CA }, { commands: true }),
    async close() {
      await fake.close();
      await rm(seed.dataDir, { recursive: true, force: true });
      await rm(logFile, { force: true });
    },
  };
}

const rowCount = (r: Rig) => [...rowsPerBotId(r.state, LIST).values()].reduce((a, b) => a + b, 0);
const doubled = (r: Rig) => [...rowsPerBotId(r.state, LIST).values()].filter((n) => n > 1).length;
const inStep = async (bot: Server) => (await bot.command('status')).state === 'in step';

/** RSVP presses from a child process (bench/press.ts), so they do not share this process's event loop with the fake Graph. */
async function presses(url: string, r: Rig, connector: FakeConnector): Promise<LoadResult> {
  const opts = { url, serviceUrl: connector.serviceUrl, users: r.seed.pressers, warmupMs: 1_000, measureMs: 8_000 };
  const { stdout } = await promisify(execFile)(process.execPath, ['--no-deprecation', '--import', 'tsx', 'bench/press.ts', JSON.stringify(opts)], { cwd: path.resolve('.') });
  return summarise([JSON.parse(stdout) as LoadSample]);
}

export interface ReplicaResult {
  backlog: { rows: number; seconds: number; unitsPerMinute: number; throttledFirstMinute: number; throttledAfter: number; missing: number; doubled: number };
  presses: { idle: LoadResult; catchUp: LoadResult };
  outage: { rows: number; seconds: number; missing: number; doubled: number; catchUpSeconds: number };
  crash: { rows: number; atKill: number; missing: number; doubled: number; conflicts: number };
}

export async function benchReplica(log: (line: string) => void = console.log): Promise<ReplicaResult> {
  const connector = await startFakeConnector({ recordBodies: false });
  try {
    // (a) the backlog, and presses while it is worked through.
    let r = await rig(connector, BUDGET);
    let bot = await r.start();
    let backlog: ReplicaResult['backlog'];
    let pressResult: ReplicaResult['presses'];
    try {
      const url = `http://127.0.0.1:${bot.port}`;
      await until('the seeded meetings in step', () => inStep(bot), 60_000);
      log('  replica: RSVP presses with the replica idle…');
      const idle = await presses(url, r, connector);
      log(`  replica: ${ROWS.toLocaleString('en-GB')} rows against ${BUDGET.toLocaleString('en-GB')} resource units a minute, presses meanwhile…`);
      const from = r.fake.requests.length;
      await bot.command(`add ${ROWS} 0`);
      const catchUp = await presses(url, r, connector);
      const expectedMinutes = (ROWS * 2) / (0.9 * BUDGET);
      await until(`${ROWS} rows`, () => rowCount(r) >= ROWS, (expectedMinutes * 1.5 + 2) * 60_000);
      await until('in step', () => inStep(bot), 60_000);
      const graphRequests = r.fake.requests.slice(from).filter((q) => !q.signIn && (q.inner || q.path !== '/$batch'));
      const first = graphRequests[0].at;
      const last = Math.max(...graphRequests.filter((q) => q.status < 300).map((q) => q.at));
      const units = graphRequests.filter((q) => q.status < 300).reduce((n, q) => n + (q.method === 'GET' ? 1 : 2), 0);
      const throttled = r.fake.requests.slice(from).filter((q) => q.status === 429);
      backlog = {
        rows: rowCount(r),
        seconds: (last - first) / 1000,
        unitsPerMinute: units / ((last - first) / 60_000),
        throttledFirstMinute: throttled.filter((q) => q.at <= first + 60_000).length,
        throttledAfter: throttled.filter((q) => q.at > first + 60_000).length,
        missing: ROWS - rowsPerBotId(r.state, LIST).size,
        doubled: doubled(r),
      };
      pressResult = { idle, catchUp };
    } finally {
      await bot.stop().catch(() => {});
      await r.close();
    }

    // (b) Graph down while answers keep arriving.
    log(`  replica: Graph down for ${OUTAGE_S} s while answers arrive, then back…`);
    r = await rig(connector, FAST_BUDGET);
    bot = await r.start();
    let outage: ReplicaResult['outage'];
    try {
      await until('in step', () => inStep(bot), 60_000);
      r.fake.faults.down = true;
      const end = Date.now() + OUTAGE_S * 1000;
      let added = 0;
      while (Date.now() < end) {
        await bot.command(`add 10 ${added}`);
        added += 10;
        await sleep(1000);
      }
      r.fake.faults.down = false;
      const back = Date.now();
      await until(`${added} rows`, () => rowCount(r) >= added, 300_000);
      await until('in step', () => inStep(bot), 60_000);
      outage = { rows: added, seconds: OUTAGE_S, missing: added - rowsPerBotId(r.state, LIST).size, doubled: doubled(r), catchUpSeconds: (Date.now() - back) / 1000 };
    } finally {
      await bot.stop().catch(() => {});
      await r.close();
    }

    // (c) kill -9 in the middle of a sync.
    log(`  replica: ${ROWS.toLocaleString('en-GB')} rows, kill -9 at 40 % and restart…`);
    r = await rig(connector, FAST_BUDGET);
    bot = await r.start();
    let crash: ReplicaResult['crash'];
    try {
      await until('in step', () => inStep(bot), 60_000);
      await bot.command(`add ${ROWS} 0`);
      await until('40 %', () => rowCount(r) >= 0.4 * ROWS, 600_000);
      await bot.kill9();
      const atKill = rowCount(r);
      bot = await r.start();
      await until(`${ROWS} rows`, () => rowCount(r) >= ROWS, 600_000);
      await until('in step', () => inStep(bot), 120_000);
      const conflicts = r.fake.requests.filter((q) => q.inner && q.status === 409).length;
      crash = { rows: rowCount(r), atKill, missing: ROWS - rowsPerBotId(r.state, LIST).size, doubled: doubled(r), conflicts };
    } finally {
      await bot.stop().catch(() => {});
      await r.close();
    }
    return { backlog, presses: pressResult, outage, crash };
  } finally {
    await connector.close();
  }
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');

export function replicaTable(x: ReplicaResult): string {
  const row = (what: string, figure: string, target: string, pass: boolean | null) => `| ${what} | ${figure} | ${target} | ${pass === null ? '—' : verdict(pass)} |`;
  const b = x.backlog;
  const ratio = x.presses.catchUp.p99 / x.presses.idle.p99;
  return [
    `| SharePoint replica, fake Graph over https enforcing the budget | figure | target | verdict |`,
    '| --- | --- | --- | --- |',
    row(`(a) ${ROWS.toLocaleString('en-GB')}-row backlog at ${BUDGET.toLocaleString('en-GB')} units a minute: units a minute spent`, `${fmt(b.unitsPerMinute, 0)} (${fmt(b.unitsPerMinute / BUDGET, 3)}× the budget; ${b.rows.toLocaleString('en-GB')} rows in ${fmt(b.seconds)} s)`, '≥ 0.9×', b.unitsPerMinute >= 0.9 * BUDGET),
    row('(a) 429s from the fake: first minute / after it', `${b.throttledFirstMinute} / ${b.throttledAfter}`, '— / 0', b.throttledAfter === 0),
    row('(a) rows missing / doubled', `${b.missing} / ${b.doubled}`, '0 / 0', b.missing === 0 && b.doubled === 0),
    row('(a) RSVP p99 while catching up / with the replica idle', `${fmt(x.presses.catchUp.p99)} ms / ${fmt(x.presses.idle.p99)} ms (${fmt(ratio, 2)}×; p50 ${fmt(x.presses.catchUp.p50)} / ${fmt(x.presses.idle.p50)} ms; ${x.presses.catchUp.errors + x.presses.idle.errors} errors)`, '≤ 1.5×', ratio <= 1.5),
    row(`(b) Graph down ${x.outage.seconds} s, ${x.outage.rows} answers meanwhile: missing / doubled`, `${x.outage.missing} / ${x.outage.doubled} (caught up ${fmt(x.outage.catchUpSeconds)} s after it came back)`, '0 / 0', x.outage.missing === 0 && x.outage.doubled === 0),
    row(`(c) kill -9 at ${x.crash.atKill.toLocaleString('en-GB')} of ${ROWS.toLocaleString('en-GB')} rows, restart: missing / doubled`, `${x.crash.missing} / ${x.crash.doubled} (${x.crash.conflicts} creates met the unique BotId and were looked up)`, '0 / 0', x.crash.missing === 0 && x.crash.doubled === 0),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t0 = performance.now();
  console.log(`SharePoint replica bench: ${ROWS.toLocaleString('en-GB')} rows, budget ${BUDGET.toLocaleString('en-GB')} units a minute (fast runs ${FAST_BUDGET.toLocaleString('en-GB')}), outage ${OUTAGE_S} s`);
  const result = await benchReplica();
  console.log(`\n${replicaTable(result)}\n\n(${fmt((performance.now() - t0) / 1000, 0)} s)`);
}
