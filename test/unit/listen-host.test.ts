import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../services/config.js';

// A registered bot: the value only has to be present, it is never used to get a token here.
const fakeSecret = 'not-a-real-client-secret';
const APP = { MicrosoftAppId: '22222222-2222-4222-8222-222222222222', MicrosoftAppPassword: fakeSecret };
const refusedHost = (e: unknown) => e instanceof ConfigError && e.key === 'HOST' && /LOCAL_MODE_LISTEN_ON_ALL_INTERFACES=true/.test(e.message) && /127\.0\.0\.1/.test(e.message);

describe('where the bot listens', () => {
  it('in local mode, listens on loopback only by default', () => {
    assert.equal(loadConfig({}).host, '127.0.0.1');
    assert.equal(loadConfig({ LOCAL_MODE_LISTEN_ON_ALL_INTERFACES: 'false' }).host, '127.0.0.1');
  });

  it('in local mode, takes a loopback HOST but refuses any other interface without the opt-in, saying how to fix it', () => {
    assert.equal(loadConfig({ HOST: '127.0.0.1' }).host, '127.0.0.1');
    assert.equal(loadConfig({ HOST: '::1' }).host, '::1');
    assert.equal(loadConfig({ HOST: 'localhost' }).host, 'localhost');
    assert.throws(() => loadConfig({ HOST: '0.0.0.0' }), refusedHost);
    assert.throws(() => loadConfig({ HOST: '::' }), refusedHost);
    assert.throws(() => loadConfig({ HOST: '192.0.2.10' }), refusedHost);
  });

  it('in local mode, listens on every interface, or the HOST given, only with LOCAL_MODE_LISTEN_ON_ALL_INTERFACES=true', () => {
    assert.equal(loadConfig({ LOCAL_MODE_LISTEN_ON_ALL_INTERFACES: 'true' }).host, '0.0.0.0');
    assert.equal(loadConfig({ LOCAL_MODE_LISTEN_ON_ALL_INTERFACES: 'TRUE', HOST: '192.0.2.10' }).host, '192.0.2.10');
    assert.throws(
      () => loadConfig({ LOCAL_MODE_LISTEN_ON_ALL_INTERFACES: 'yes' }),
      (e: unknown) => e instanceof ConfigError && e.key === 'LOCAL_MODE_LISTEN_ON_ALL_INTERFACES' && /true or false/.test(e.message),
    );
  });

  it('with a bot registration (tokens checked), listens on every interface by default, or on HOST', () => {
    assert.equal(loadConfig(APP).host, '0.0.0.0');
    assert.equal(loadConfig({ ...APP, HOST: '192.0.2.10' }).host, '192.0.2.10');
  });
});
