import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sinon from 'sinon';
import { CONFIG_MESSAGES } from '../../services/config-messages.js';
import { ConfigError, loadConfig, type PartnershipConfig } from '../../services/config.js';
import { FormDefinitionError } from '../../services/forms/definition.js';
import { FORM_MESSAGES } from '../../services/forms/form-messages.js';
import { BROKEN_CONFIGS } from './broken-configs.js';

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

  describe('Graph endpoint and sign-in authority', () => {
    const graph = { GRAPH_TENANT_ID: 't', GRAPH_CLIENT_ID: 'c', GRAPH_CLIENT_SECRET: 's', SHAREPOINT_SITE_ID: 'site' };

    it('defaults to the public cloud and keeps just the origin of an address given', () => {
      const c = loadConfig(graph).graph!;
      assert.equal(c.endpoint, 'https://graph.microsoft.com');
      assert.equal(c.authorityHost, 'https://login.microsoftonline.com');
      const us = loadConfig({ ...graph, GRAPH_ENDPOINT: 'https://graph.microsoft.us/', GRAPH_AUTHORITY_HOST: 'https://login.microsoftonline.us' }).graph!;
      assert.equal(us.endpoint, 'https://graph.microsoft.us');
      assert.equal(us.authorityHost, 'https://login.microsoftonline.us');
      assert.equal(loadConfig({ ...graph, GRAPH_ENDPOINT: 'https://127.0.0.1:8443' }).graph!.endpoint, 'https://127.0.0.1:8443');
    });

    const broken: [Record<string, string>, string][] = [
      [{ GRAPH_ENDPOINT: 'graph.microsoft.com' }, 'GRAPH_ENDPOINT: "graph.microsoft.com" is not a URL. Give an https:// address such as https://graph.microsoft.com, or remove it to use that default.'],
      [{ GRAPH_ENDPOINT: 'http://127.0.0.1:8080' }, 'GRAPH_ENDPOINT: "http://127.0.0.1:8080" must start with https://: Graph sign-in tokens are only sent over https. Use https://graph.microsoft.com, or your national cloud\'s https address.'],
      [{ GRAPH_AUTHORITY_HOST: 'http://login.microsoftonline.com' }, 'GRAPH_AUTHORITY_HOST: "http://login.microsoftonline.com" must start with https://: Graph sign-in tokens are only sent over https. Use https://login.microsoftonline.com, or your national cloud\'s https address.'],
      [{ GRAPH_ENDPOINT: 'https://graph.microsoft.com/v1.0' }, 'GRAPH_ENDPOINT: "https://graph.microsoft.com/v1.0" must be just the scheme and host, like https://graph.microsoft.com, with no path.'],
    ];
    for (const [env, message] of broken) {
      it(`stops at start-up on ${JSON.stringify(env)}, naming the fix`, () => {
        assert.throws(() => loadConfig({ ...graph, ...env }), (e: unknown) => e instanceof ConfigError && e.message === message);
      });
    }
  });

  describe('SHAREPOINT_SITE_ID is optional on top of the Graph sign-in', () => {
    const signIn = { GRAPH_TENANT_ID: 't', GRAPH_CLIENT_ID: 'c', GRAPH_CLIENT_SECRET: 's' };

    it('the sign-in alone sets up Graph with no site: groups and meetings work, the replica is off', () => {
      const g = loadConfig(signIn).graph!;
      assert.equal(g.tenantId, 't');
      assert.equal(g.siteId, undefined);
      assert.equal(loadConfig({ ...signIn, SHAREPOINT_SITE_ID: ' site ' }).graph!.siteId, 'site');
      assert.equal(loadConfig({ ...signIn, GRAPH_CLIENT_SECRET: '', GRAPH_CERTIFICATE_PATH: '/k.pem' }).graph!.certificatePath, '/k.pem');
      assert.equal(loadConfig({}).graph, undefined);
    });

    const missing: [Record<string, string>, string][] = [
      [{ SHAREPOINT_SITE_ID: 'site' }, 'GRAPH_TENANT_ID: is missing: SHAREPOINT_SITE_ID is set, but the bot cannot sign in to Microsoft Graph without GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET (or GRAPH_CERTIFICATE_PATH). Set them (README, "Microsoft 365"), or remove the Graph settings.'],
      [{ SHAREPOINT_SITE_ID: 'site', GRAPH_TENANT_ID: 't', GRAPH_CLIENT_ID: 'c' }, 'GRAPH_CLIENT_SECRET: is missing: Microsoft Graph sign-in (GRAPH_TENANT_ID, GRAPH_CLIENT_ID given) also needs GRAPH_CLIENT_SECRET (or GRAPH_CERTIFICATE_PATH). Set it (README, "Microsoft 365"), or remove the Graph settings.'],
      [{ GRAPH_CLIENT_ID: 'c', GRAPH_CLIENT_SECRET: 's' }, 'GRAPH_TENANT_ID: is missing: Microsoft Graph sign-in (GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET given) also needs GRAPH_TENANT_ID. Set it (README, "Microsoft 365"), or remove the Graph settings.'],
      [{ GRAPH_ENDPOINT: 'https://127.0.0.1:3979' }, 'GRAPH_TENANT_ID: is missing: Microsoft Graph sign-in (GRAPH_ENDPOINT given) also needs GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET (or GRAPH_CERTIFICATE_PATH). Set them (README, "Microsoft 365"), or remove the Graph settings.'],
    ];
    for (const [env, message] of missing) {
      it(`stops at start-up on ${JSON.stringify(env)}, naming what is missing`, () => {
        assert.throws(() => loadConfig(env), (e: unknown) => e instanceof ConfigError && e.message === message);
      });
    }
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

const REGISTRIES = { config: CONFIG_MESSAGES, form: FORM_MESSAGES } as const;

/** Writes `text` as config/norfolk.json in a fresh folder (none when null) and returns what loadConfig throws there. */
function loadFrom(text: string | null): { dir: string; error: unknown } {
  const dir = mkdtempSync(path.join(tmpdir(), 'cfg-'));
  if (text !== null) {
    mkdirSync(path.join(dir, 'config'));
    writeFileSync(path.join(dir, 'config', 'norfolk.json'), text);
  }
  try {
    loadConfig({}, dir);
    return { dir, error: undefined };
  } catch (error) {
    return { dir, error };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('every message a bad partnership config can produce', () => {
  afterEach(() => sinon.restore());

  for (const row of BROKEN_CONFIGS) {
    it(`${row.template}: ${row.expected}`, () => {
      const [family, name] = row.template.split('.') as ['config' | 'form', string];
      const builder = sinon.spy(REGISTRIES[family] as Record<string, (...args: never[]) => string>, name);
      let text = row.text;
      if (text === undefined) {
        const config = JSON.parse(readFileSync('config/norfolk.json', 'utf8'));
        row.change?.(config);
        text = JSON.stringify(config, null, 2);
      }
      const { dir, error } = loadFrom(text);
      assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
      assert.equal(error.message, row.expected.replaceAll('{dir}', dir));
      assert.equal(error instanceof FormDefinitionError, family === 'form', 'form problems are FormDefinitionErrors, and only they');
      assert.ok(
        builder.returnValues.some((fix) => error.message.endsWith(`: ${fix}`)),
        `the message is worded by ${row.template} (it returned ${JSON.stringify(builder.returnValues)})`,
      );
    });
  }

  it('has a broken config for every message builder in the source', () => {
    const tested = new Set<string>(BROKEN_CONFIGS.map((row) => row.template));
    const builders = Object.entries(REGISTRIES).flatMap(([family, registry]) => Object.keys(registry).map((name) => `${family}.${name}`));
    assert.ok(builders.length >= 40, 'the registries are listed');
    assert.deepEqual(
      builders.filter((b) => !tested.has(b)),
      [],
      'add a row to test/unit/broken-configs.ts for each new message',
    );
  });
});

describe('the partnership config schema', () => {
  /** The smallest file that loads: every other setting takes its default. */
  const minimal = { partnership: { name: 'P', shortName: 'P' }, groups: [{ id: 'lscg-a', name: 'LSCG A', kind: 'lscg' }], meetings: { reminders: [] } };

  function loadText(text: string): PartnershipConfig {
    const dir = mkdtempSync(path.join(tmpdir(), 'cfg-'));
    try {
      mkdirSync(path.join(dir, 'config'));
      writeFileSync(path.join(dir, 'config', 'norfolk.json'), text);
      return loadConfig({}, dir).partnership;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('fills in every default from the schema, and the types say the defaulted settings are always there', () => {
    const c = loadText(JSON.stringify(minimal));
    // Typed as non-optional: this file would not compile if a defaulted setting's type allowed undefined.
    const defaults: { timeZone: string; durationMinutes: number; maxRows: number; reminderDaysBefore: number[]; reminderAt: string; closeAfterDays: number; feedbackFormId: string } = {
      timeZone: c.partnership.timeZone,
      durationMinutes: c.meetings.durationMinutes,
      maxRows: c.roster.maxRows,
      reminderDaysBefore: c.section11.reminderDaysBefore,
      reminderAt: c.section11.reminderAt,
      closeAfterDays: c.jags.closeAfterDays,
      feedbackFormId: c.jags.feedbackFormId,
    };
    assert.deepEqual(defaults, { timeZone: 'Europe/London', durationMinutes: 120, maxRows: 2000, reminderDaysBefore: [14, 7, 1], reminderAt: '09:00', closeAfterDays: 14, feedbackFormId: '' });
    assert.deepEqual(c.meetings, { reminders: [], durationMinutes: 120, maxAgendaItems: 15, maxAgendaItemLength: 200, maxVenueLength: 200 });
    assert.deepEqual(c.jags, { feedbackFormId: '', sessionMinutes: 90, feedbackDelayMinutes: 60, reminderAfterDays: 3, closeAfterDays: 14 });
    assert.deepEqual(c.section11.tracks, []);
    assert.deepEqual(c.forms, {});
  });

  it('fills in form defaults too: required is false and text questions get their default length', () => {
    const form = { title: 'Check-in', sections: [{ id: 's', title: 'S', questions: [{ id: 'q', kind: 'long-text', label: 'Tell us' }] }] };
    const q = loadText(JSON.stringify({ ...minimal, forms: { 'check-in': form } })).forms['check-in'].sections[0].questions[0];
    const required: boolean = q.required; // compiles only while the derived type says it is always there
    assert.equal(required, false);
    assert.equal(q.maxLength, 2000);
  });

  it('gives each load its own defaults: changing one config does not change the next', () => {
    const first = loadText(JSON.stringify(minimal));
    first.section11.tracks.push({ id: 'x', name: 'X', formId: 'x' });
    first.section11.reminderDaysBefore.push(99);
    const second = loadText(JSON.stringify(minimal));
    assert.deepEqual(second.section11.tracks, []);
    assert.deepEqual(second.section11.reminderDaysBefore, [14, 7, 1]);
  });

  it('orders reminder rules latest first and Section 11 reminder days without repeats, largest first', () => {
    const c = loadText(
      JSON.stringify({
        ...minimal,
        meetings: { reminders: [{ id: 'week', daysBefore: 7, at: '09:00' }, { id: 'day-late', daysBefore: 1, at: '16:00' }, { id: 'day', daysBefore: 1, at: '09:00' }] },
        section11: { reminderDaysBefore: [1, 14, 7, 14] },
      }),
    );
    assert.deepEqual(c.meetings.reminders.map((r) => r.id), ['day-late', 'day', 'week']);
    assert.deepEqual(c.section11.reminderDaysBefore, [14, 7, 1]);
  });

  it('takes "jags-feedback" as the JAGS form when there is one and none is named', () => {
    const norfolk = JSON.parse(readFileSync('config/norfolk.json', 'utf8'));
    delete norfolk.jags.feedbackFormId;
    assert.equal(loadText(JSON.stringify(norfolk)).jags.feedbackFormId, 'jags-feedback');
  });

  it('trims names and titles, as people see them', () => {
    const c = loadText(JSON.stringify({ ...minimal, partnership: { name: ' P ', shortName: 'P' }, groups: [{ id: 'lscg-a', name: '  LSCG A ', kind: 'lscg' }] }));
    assert.equal(c.partnership.name, 'P');
    assert.equal(c.groups[0].name, 'LSCG A');
  });
});
