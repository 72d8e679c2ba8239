import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../services/config.js';

describe('loadConfig', () => {
  it('gives the Norfolk defaults with no environment at all: local mode, port 3978, ./data', () => {
    const c = loadConfig({});
    assert.equal(c.port, 3978);
    assert.ok(c.dataDir.endsWith(`${path.sep}data`));
    assert.equal(c.auth, undefined);
    assert.equal(c.partnership.partnership.shortName, 'NSCP');
    assert.equal(c.partnership.groups.filter((g) => g.kind === 'lscg').length, 6);
    assert.deepEqual(
      c.partnership.groups.filter((g) => g.kind === 'audience').map((g) => g.name),
      ['Neglect champions', 'Section 11 leads', 'JAGS facilitators'],
    );
    assert.deepEqual(c.partnership.meetings.reminders.map((r) => [r.daysBefore, r.at]), [[1, '09:00'], [7, '09:00']]);
    assert.equal(c.sending.maxPerSecond, 50);
    assert.equal(c.sending.maxPerConversationPerSecond, 7);
    assert.equal(c.everyoneIsBusinessUnit, true);
  });

  it('names the key and the fix for a bad value', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty' }), (e: unknown) => e instanceof ConfigError && e.key === 'PORT' && /number/.test(e.message));
    assert.throws(() => loadConfig({ BUSINESS_UNIT_IDS: 'jo@norfolk.gov.uk' }), (e: unknown) => e instanceof ConfigError && e.key === 'BUSINESS_UNIT_IDS' && /GUID/.test(e.message));
    assert.throws(() => loadConfig({ MicrosoftAppId: '22222222-2222-4222-8222-222222222222' }), (e: unknown) => e instanceof ConfigError && e.key === 'MicrosoftAppPassword');
    assert.throws(() => loadConfig({ GRAPH_TENANT_ID: 'x' }), (e: unknown) => e instanceof ConfigError && e.key === 'GRAPH_CLIENT_ID');
  });

  it('rejects a partnership file with an unknown group kind or a bad reminder time, naming the place', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cfg-'));
    const file = path.join(dir, 'p.json');
    const base = { partnership: { name: 'P', shortName: 'P', timeZone: 'Europe/London' }, groups: [{ id: 'lscg-a', name: 'LSCG A', kind: 'lscg' }], meetings: { reminders: [{ id: 'r', daysBefore: 7, at: '09:00' }] } };
    writeFileSync(file, JSON.stringify({ ...base, groups: [{ id: 'lscg-a', name: 'LSCG A', kind: 'club' }] }));
    assert.throws(() => loadConfig({ PARTNERSHIP_CONFIG: file }), /groups\[0\]\.kind/);
    writeFileSync(file, JSON.stringify({ ...base, meetings: { reminders: [{ id: 'r', daysBefore: 7, at: '9am' }] } }));
    assert.throws(() => loadConfig({ PARTNERSHIP_CONFIG: file }), /reminders\[0\]\.at.*24-hour/);
    writeFileSync(file, '{ not json');
    assert.throws(() => loadConfig({ PARTNERSHIP_CONFIG: file }), /not valid JSON/);
    writeFileSync(file, JSON.stringify(base));
    assert.equal(loadConfig({ PARTNERSHIP_CONFIG: file }).partnership.groups[0].name, 'LSCG A');
  });

  it('stops at start-up on a bad form definition, naming the form, the question and the fix', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cfg-'));
    const file = path.join(dir, 'p.json');
    const base = JSON.parse(readFileSync('config/norfolk.json', 'utf8'));
    base.forms['jags-feedback'].sections[0].questions[0].kind = 'stars';
    writeFileSync(file, JSON.stringify(base));
    assert.throws(() => loadConfig({ PARTNERSHIP_CONFIG: file }), (e: unknown) => e instanceof ConfigError && /jags-feedback/.test(e.message) && /listened/.test(e.message) && /stars/.test(e.message));
    const missing = JSON.parse(readFileSync('config/norfolk.json', 'utf8'));
    missing.section11.tracks[0].formId = 'no-such-form';
    writeFileSync(file, JSON.stringify(missing));
    assert.throws(() => loadConfig({ PARTNERSHIP_CONFIG: file }), /section11\.tracks\[0\]\.formId.*no-such-form/);
  });

  it('only treats listed Entra ids as business unit once BUSINESS_UNIT_IDS is set', () => {
    const c = loadConfig({ BUSINESS_UNIT_IDS: 'AAAAAAAA-0000-4000-8000-000000000001' });
    assert.equal(c.everyoneIsBusinessUnit, false);
    assert.deepEqual(c.businessUnitIds, ['aaaaaaaa-0000-4000-8000-000000000001']);
  });
});
