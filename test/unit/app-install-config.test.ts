import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../services/config.js';

const GRAPH = { GRAPH_TENANT_ID: '11111111-1111-4111-8111-111111111111', GRAPH_CLIENT_ID: '22222222-2222-4222-8222-222222222222', GRAPH_CLIENT_SECRET: 's', SHAREPOINT_SITE_ID: 'site' };
const CATALOG = '7D7A0B6C-1111-4C2D-9E3F-000000000ABC';

describe('the app-installation settings', () => {
  it('are off unless GRAPH_INSTALL_APP is on', () => {
    assert.equal(loadConfig({ ...GRAPH }).appInstall, undefined);
    assert.equal(loadConfig({ ...GRAPH, GRAPH_INSTALL_APP: 'off', TEAMS_APP_CATALOG_ID: 'not checked when off' }).appInstall, undefined);
  });

  it('take the catalog id lower-cased and 5 a second by default', () => {
    assert.deepEqual(loadConfig({ ...GRAPH, GRAPH_INSTALL_APP: 'ON', TEAMS_APP_CATALOG_ID: CATALOG }).appInstall, { catalogId: CATALOG.toLowerCase(), perSecond: 5 });
    assert.equal(loadConfig({ ...GRAPH, GRAPH_INSTALL_APP: 'on', TEAMS_APP_CATALOG_ID: CATALOG, GRAPH_INSTALLS_PER_SECOND: '20' }).appInstall?.perSecond, 20);
  });

  for (const [env, key, message] of [
    [{ ...GRAPH, GRAPH_INSTALL_APP: 'yes' }, 'GRAPH_INSTALL_APP', /"yes" is not on or off/],
    [{ GRAPH_INSTALL_APP: 'on', TEAMS_APP_CATALOG_ID: CATALOG }, 'GRAPH_INSTALL_APP', /Microsoft Graph is not set up/],
    [{ ...GRAPH, GRAPH_INSTALL_APP: 'on' }, 'TEAMS_APP_CATALOG_ID', /is required when GRAPH_INSTALL_APP is on.*App ID/],
    [{ ...GRAPH, GRAPH_INSTALL_APP: 'on', TEAMS_APP_CATALOG_ID: 'com.nscp.engage' }, 'TEAMS_APP_CATALOG_ID', /"com\.nscp\.engage" is not a GUID/],
    [{ ...GRAPH, GRAPH_INSTALL_APP: 'on', TEAMS_APP_CATALOG_ID: CATALOG, GRAPH_INSTALLS_PER_SECOND: '500' }, 'GRAPH_INSTALLS_PER_SECOND', /"500" must be a whole number from 1 to 50\. Remove it to use the default \(5\)/],
    [{ ...GRAPH, GRAPH_INSTALL_APP: 'on', TEAMS_APP_CATALOG_ID: CATALOG, GRAPH_INSTALLS_PER_SECOND: '2.5' }, 'GRAPH_INSTALLS_PER_SECOND', /"2\.5" must be a whole number from 1 to 50/],
    [{ ...GRAPH, GRAPH_INSTALL_APP: 'on', TEAMS_APP_CATALOG_ID: CATALOG, GRAPH_INSTALLS_PER_SECOND: '0.5' }, 'GRAPH_INSTALLS_PER_SECOND', /"0\.5" must be a whole number from 1 to 50/],
  ] as const) {
    it(`stops start-up on ${key}: ${String(message)}`, () => {
      assert.throws(() => loadConfig(env), (e: unknown) => e instanceof ConfigError && e.key === key && message.test(e.message));
    });
  }
});
