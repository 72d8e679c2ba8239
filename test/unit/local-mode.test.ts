import assert from 'node:assert/strict';
import { localModeWarning } from '../../bot/local-mode.js';
import { loadConfig } from '../../services/config.js';

const fakeSecret = 'not-a-real-client-secret';

describe('the local-mode start-up warning', () => {
  it('says no token is checked, who is business unit and who can reach the bot', () => {
    const open = localModeWarning(loadConfig({}))!;
    assert.match(open.note, /not checked for a Bot Framework token/);
    assert.match(open.note, /every user is business unit staff, as BUSINESS_UNIT_IDS is unset/);
    assert.match(open.note, /listens on 127\.0\.0\.1, so only this machine can reach it/);

    const listed = localModeWarning(loadConfig({ BUSINESS_UNIT_IDS: 'aaaaaaaa-0000-4000-8000-000000000001', LOCAL_MODE_LISTEN_ON_ALL_INTERFACES: 'true' }))!;
    assert.match(listed.note, /business unit staff are the 1 Entra id\(s\) in BUSINESS_UNIT_IDS, but any caller can claim to be one of them/);
    assert.match(listed.note, /listens on 0\.0\.0\.0 because LOCAL_MODE_LISTEN_ON_ALL_INTERFACES=true, so other machines can reach it/);
  });

  it('is not given once the bot has a registration', () => {
    assert.equal(localModeWarning(loadConfig({ MicrosoftAppId: '22222222-2222-4222-8222-222222222222', MicrosoftAppPassword: fakeSecret })), undefined);
  });
});
