/**
 * `npm run bench:entra` (also run by `npm run bench`): Entra groups and app installation through
 * the real Graph client (openGraph) against the fake Graph over https on loopback.
 *   (a) a 5,000-member group read at 100 ms a page, matched to a 2,000-person roster: ≤ 10 s, every page
 *   (b) the app installed for 1,000 people at a configurable rate (--rate, default 50 a second):
 *       within 1.1 × the time the rate allows, no second over the rate
 *   (c) the same with 429s (Retry-After 1 s) now and then: every Retry-After honoured, none over the rate
 * Needs NODE_EXTRA_CA_CERTS=test/fixtures/tls/ca.pem when Node starts (the npm script sets it).
 * --members N, --installs N, --rate N make it smaller or faster for development.
 */
import './quiet.js';
import { systemClock } from '../services/clock.js';
import { loadConfig, validatePartnershipConfig } from '../services/config.js';
import { EntraGroups } from '../services/features/people/entra-groups.js';
import { openGraph } from '../services/graph/open-graph.js';
import { silentLogger } from '../services/logger.js';
import { People } from '../services/people/people.js';
import { AppInstaller } from '../services/reach/app-installer.js';
import { RatePacer, realSleep } from '../services/reach/rate-pacer.js';
import { MemoryStore } from '../services/store/file-store.js';
import { busiestSecond } from '../test/support/busiest-second.js';
import { addAppsRoutes, newAppsState } from '../test/support/fake-graph/apps.js';
import { addGroupsRoutes, fakeUser, newGroupsState } from '../test/support/fake-graph/groups.js';
import { FAKE_SITE_ID } from '../test/support/fake-graph/lists.js';
import { fakeGraphConfig, startFakeGraph, type LoggedRequest } from '../test/support/fake-graph/server.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const MEMBERS = arg('members', 5000);
const ROSTER = Math.min(2000, MEMBERS);
const INSTALLS = arg('installs', 1000);
const RATE = arg('rate', 50);
const PAGE_MS = 100;
const GROUP = '0f6e1c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
const CATALOG = '7d7a0b6c-1111-4c2d-9e3f-000000000abc';

const fmt = (n: number, digits = 1) => n.toFixed(digits);
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
const row = (what: string, figure: string, target: string, ok: boolean) => `| ${what} | ${figure} | ${target} | ${verdict(ok)} |`;

export interface EntraBenchResult {
  read: Array<{ pageSize: number; pages: number; pagesExpected: number; seconds: number; members: number }>;
  installs: Array<{ label: string; requests: number; installed: number; seconds: number; allowedSeconds: number; busiest: number; busiestLeft: number; throttled: number; honoured: boolean }>;
}

async function benchRead(pageSize: number): Promise<EntraBenchResult['read'][number]> {
  const fake = await startFakeGraph({ faults: { latencyMs: PAGE_MS } });
  try {
    const users = Array.from({ length: MEMBERS }, (_, n) => fakeUser(n + 1));
    addGroupsRoutes(fake, newGroupsState({ [GROUP]: users }, { maxPageSize: pageSize }));
    const base = loadConfig({ DATA_DIR: '/nonexistent-not-used' });
    const raw = structuredClone(base.partnership);
    raw.groups[0] = { ...raw.groups[0], entraGroupId: GROUP };
    const graphConfig = fakeGraphConfig(fake, FAKE_SITE_ID);
    const config = { ...base, partnership: validatePartnershipConfig(raw), graph: graphConfig };
    const store = new MemoryStore();
    const people = await People.open(store, config, systemClock);
    // Half the roster already in the group, half not: a refresh with real work to show.
    const rows = users.slice(0, ROSTER).map((u, n) => `${u.mail}\t${u.displayName}\tNorfolk County Council\t${n % 2 ? 'LSCG South' : 'LSCG West'}`);
    for (let i = 0; i < rows.length; i += 1000) {
      const { importId } = await people.previewImport(rows.slice(i, i + 1000).join('\n'), 'bench');
      await people.applyImport(importId, 'bench');
    }
    const entra = await EntraGroups.open({ store, people, config, graph: openGraph(graphConfig), clock: systemClock, log: silentLogger });
    const before = fake.requests.length;
    const began = performance.now();
    const outcome = await entra.refresh(raw.groups[0].id, 'bench');
    const seconds = (performance.now() - began) / 1000;
    if (!outcome.ok) throw new Error(outcome.problem);
    const pages = fake.requests.slice(before).filter((r) => !r.signIn && r.path.startsWith(`/groups/${GROUP}/`) && r.status === 200).length;
    return { pageSize, pages, pagesExpected: Math.ceil(MEMBERS / Math.min(pageSize, 999)), seconds, members: outcome.changes.members };
  } finally {
    await fake.close();
  }
}

async function benchInstalls(label: string, throttleEvery?: number): Promise<EntraBenchResult['installs'][number]> {
  // No added latency: the fake answers in this process, so its log's times are the arrivals the
  // rate is counted by only when no timer stands between a request's arrival and its log line.
  const fake = await startFakeGraph();
  try {
    const users = Array.from({ length: INSTALLS }, (_, n) => fakeUser(n + 1));
    addAppsRoutes(fake, newAppsState([CATALOG], users.map((u) => ({ id: u.id, userPrincipalName: u.userPrincipalName! }))));
    let posts = 0;
    if (throttleEvery) fake.faults.throttle = (req) => (req.method === 'POST' && ++posts % throttleEvery === 0 ? 1 : undefined);
    const opened = openGraph(fakeGraphConfig(fake, FAKE_SITE_ID));
    // When each request left and when its answer came back, as the installer saw them.
    const seen: Array<{ left: number; back: number; status: number; retryAfterMs?: number }> = [];
    const graph = {
      ...opened,
      send: async <T>(req: Parameters<typeof opened.send>[0]) => {
        const left = Date.now();
        const res = await opened.send<T>(req);
        if (req.method === 'POST') seen.push({ left, back: Date.now(), status: res.status, retryAfterMs: res.retryAfterMs });
        return res;
      },
    };
    // Sign in first: the token is not what is being measured.
    await graph.send({ method: 'GET', url: '/users/nobody/teamwork/installedApps' });
    const installer = new AppInstaller(graph, { catalogId: CATALOG, perSecond: RATE }, fake.app.tenantId, new RatePacer(RATE, systemClock, realSleep), realSleep, fake.url);
    const before = fake.requests.length;
    const began = performance.now();
    const results = await Promise.all(users.map((u) => installer.install({ aadObjectId: u.id, email: u.mail! })));
    const seconds = (performance.now() - began) / 1000;
    const sent: LoggedRequest[] = fake.requests.slice(before).filter((r) => r.method === 'POST' && !r.signIn);
    const throttled = sent.filter((r) => r.status === 429);
    // Honoured: no request left between a 429 coming back and its Retry-After running out.
    const honoured = seen.filter((t) => t.status === 429).every((t) => !seen.some((r) => r.left >= t.back && r.left < t.back + (t.retryAfterMs ?? 0) - 1));
    const allowedSeconds = INSTALLS / RATE + throttled.length * 1;
    const leftAt = seen.map((r) => ({ at: r.left })) as never;
    return { label, requests: sent.length, installed: results.filter((r) => r.outcome === 'installed').length, seconds, allowedSeconds, busiest: busiestSecond(sent as never), busiestLeft: busiestSecond(leftAt), throttled: throttled.length, honoured };
  } finally {
    await fake.close();
  }
}

export async function benchEntra(log: (line: string) => void = console.log): Promise<EntraBenchResult> {
  const read = [];
  for (const pageSize of [999, 100]) {
    log(`  (a) reading a ${MEMBERS.toLocaleString('en-GB')}-member group, ${pageSize} a page, ${PAGE_MS} ms a page…`);
    read.push(await benchRead(pageSize));
  }
  log(`  (b) installing the app for ${INSTALLS.toLocaleString('en-GB')} people at ${RATE} a second…`);
  const installs = [await benchInstalls('(b) no throttling')];
  log('  (c) the same, with a 429 (Retry-After 1 s) every 200 requests…');
  installs.push(await benchInstalls('(c) a 429 every 200', 200));
  return { read, installs };
}

export function entraTable(r: EntraBenchResult): string {
  return [
    `| Entra groups and app installation, fake Graph over https | figure | target | verdict |`,
    '| --- | --- | --- | --- |',
    ...r.read.map((x) =>
      row(
        `(a) read ${x.members.toLocaleString('en-GB')} members, ${x.pageSize} a page at ${PAGE_MS} ms, and match them to ${ROSTER.toLocaleString('en-GB')} on the roster`,
        `${fmt(x.seconds, 2)} s, ${x.pages} of ${x.pagesExpected} pages`,
        '≤ 10 s, every page',
        x.seconds <= 10 && x.pages === x.pagesExpected && x.members === MEMBERS,
      ),
    ),
    ...r.installs.flatMap((x) => [
      row(`${x.label}: ${x.installed.toLocaleString('en-GB')} installed, ${x.requests} requests (${x.throttled} answered 429)`, `${fmt(x.seconds, 2)} s`, `≤ 1.1 × ${fmt(x.allowedSeconds, 1)} s = ${fmt(1.1 * x.allowedSeconds, 1)} s`, x.seconds <= 1.1 * x.allowedSeconds && x.installed === INSTALLS),
      row(`${x.label}: most requests in any one second, as the fake Graph received them (as they left)`, `${x.busiest} (${x.busiestLeft})`, `≤ ${RATE}`, x.busiest <= RATE && x.busiestLeft <= RATE),
      ...(x.throttled ? [row(`${x.label}: every Retry-After waited out before the next request`, x.honoured ? 'yes' : 'no', 'yes', x.honoured)] : []),
    ]),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const began = performance.now();
  const result = await benchEntra();
  console.log(`\n${entraTable(result)}\n\nentra bench: ${fmt((performance.now() - began) / 1000)} s`);
}
