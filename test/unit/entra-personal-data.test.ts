import assert from 'node:assert/strict';
import { validatePartnershipConfig } from '../../services/config.js';
import { openPeopleServices } from '../../services/features/people/index.js';
import type { GraphApi } from '../../services/graph/graph-api.js';
import { AppInstaller } from '../../services/reach/app-installer.js';
import { RatePacer, type Sleep } from '../../services/reach/rate-pacer.js';
import { Reach, type InstallRecord } from '../../services/reach/reach.js';
import { silentLogger } from '../../services/logger.js';
import { MemoryStore } from '../../services/store/file-store.js';
import { openServices } from '../../bot/compose.js';
import { ManualClock, memoryServices, RecordingTransport, seedPeople, testConfig } from '../support/services.js';

const ENTRA = '0f6e1c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
const TENANT = '11111111-1111-4111-8111-111111111111';

/** Answers every group read with the same two members, and every install with 201. */
const port: GraphApi = {
  send: async <T>() => ({ status: 201, body: {} as T, headers: {} }),
  batch: async () => ({ status: 200, responses: [] }),
  all: async <T>() => ({ items: [{ id: '44444444-4444-4444-8444-000000000001', displayName: 'Sam New', mail: 'Sam.New@norfolk.gov.uk', userPrincipalName: 'sam.new@norfolk.gov.uk' }, { id: '44444444-4444-4444-8444-000000000002', displayName: 'Pat', mail: 'pat@norfolk.gov.uk', userPrincipalName: 'pat@norfolk.gov.uk' }] as T[] }),
};

describe('what the Entra refresh and the app installs keep about a person', () => {
  it('a waiting refresh naming someone is in their subject access report, erased from it, and dropped after rosterPastesDays', async () => {
    const clock = new ManualClock(Date.parse('2026-03-02T09:00:00Z'));
    const base = testConfig({ GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: '22222222-2222-4222-8222-222222222222', GRAPH_CLIENT_SECRET: 's', SHAREPOINT_SITE_ID: 'site' });
    const raw = structuredClone(base.partnership);
    raw.groups[0] = { ...raw.groups[0], entraGroupId: ENTRA };
    const config = { ...base, partnership: validatePartnershipConfig(raw) };
    const s = await memoryServices(clock, config);
    const { entraGroups } = await openPeopleServices({ ...s, graph: port });
    await entraGroups.refresh('lscg-south', 'bu');

    const held = await s.privacy.describe('sam.new@norfolk.gov.uk');
    assert.ok(JSON.stringify(held).includes('Listed in a refresh from Entra not yet applied'), JSON.stringify(held));
    await s.privacy.erase('sam.new@norfolk.gov.uk');
    const left = entraGroups.pending('lscg-south')!.changes.newPeople.map((p) => p.email);
    assert.deepEqual(left, ['pat@norfolk.gov.uk'], 'the erased person is gone from the waiting refresh; the rest stays');

    clock.advance((config.partnership.retention.rosterPastesDays + 1) * 86_400_000);
    const swept = await s.retention.runNow();
    assert.deepEqual(swept['entra-groups'], { entraRefreshes: 1 });
    assert.equal(entraGroups.pending('lscg-south'), undefined);
  });

  it('install records are found and erased by person; retention keeps those of a recent send', async () => {
    const clock = new ManualClock(Date.parse('2026-03-02T09:00:00Z'));
    const s = await memoryServices(clock);
    await seedPeople(s, [{ email: 'jo@norfolk.gov.uk', name: 'Jo', org: 'NCC', groups: 'LSCG South', installed: false }]);
    const sleep: Sleep = async (ms) => clock.advance(ms);
    const reach = new Reach(new MemoryStore(), s.people, new AppInstaller(port, { catalogId: '7d7a0b6c-1111-4c2d-9e3f-000000000abc', perSecond: 5 }, TENANT, new RatePacer(5, clock, sleep), sleep), clock, silentLogger);
    reach.holdUntil({ personId: 'jo@norfolk.gov.uk', campaign: 'meeting-m1', kind: 'meeting-reminder' } as never, clock.now().getTime());
    await reach.idle();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual((await reach.recordsOf('jo@norfolk.gov.uk')).map((r) => [r.campaign, r.outcome]), [['meeting-m1', 'installed']]);
    assert.equal(await reach.sweep(new Date(clock.now().getTime() - 1000)), 0, 'a recent send is kept');
    assert.equal(await reach.forget('jo@norfolk.gov.uk'), 1);
    assert.deepEqual(await reach.recordsOf('jo@norfolk.gov.uk'), []);
  });

  it('install records kept while installing was on are still erased and swept once it is turned off', async () => {
    const clock = new ManualClock(Date.parse('2026-03-02T09:00:00Z'));
    const store = new MemoryStore();
    const open = () => openServices({ config: testConfig(), store, clock, log: silentLogger, transport: new RecordingTransport() });
    const s = await open();
    assert.equal(s.services.reach, undefined, 'installing is off');
    await seedPeople(s.services, [
      { email: 'jo@norfolk.gov.uk', name: 'Jo', org: 'NCC', groups: 'LSCG South', installed: false },
      { email: 'sam@norfolk.gov.uk', name: 'Sam', org: 'NCC', groups: 'LSCG South', installed: false },
    ]);
    // What a send made while it was on left in the data folder.
    const at = clock.now().toISOString();
    await (await store.collection<InstallRecord>('app-installs/meeting-m1')).put({ id: 'jo@norfolk.gov.uk', name: 'Jo', kind: 'meeting-reminder', outcome: 'installed', at });
    await (await store.collection<InstallRecord>('app-installs/meeting-m2')).put({ id: 'sam@norfolk.gov.uk', name: 'Sam', kind: 'meeting-reminder', outcome: 'installed', at });

    assert.match(JSON.stringify(await s.services.privacy.describe('jo@norfolk.gov.uk')), /Whether the app was installed for them/);
    await s.services.privacy.erase('jo@norfolk.gov.uk');
    assert.equal((await store.collection('app-installs/meeting-m1')).get('jo@norfolk.gov.uk'), undefined, 'erased');

    clock.advance((testConfig().partnership.retention.deliveryRecordsMonths + 1) * 31 * 86_400_000);
    await s.services.retention.runNow();
    assert.equal((await store.collection('app-installs/meeting-m2')).get('sam@norfolk.gov.uk'), undefined, 'swept with the delivery records');
  });
});
