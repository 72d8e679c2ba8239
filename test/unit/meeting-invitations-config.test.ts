import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../services/config.js';
import { INVITATION_ENV, MAILBOX, ORGANISER } from '../support/meeting-invitations.js';

describe('MEETINGS_MAILBOX and MEETINGS_ORGANISER_ID', () => {
  it('are off when absent, and on with the mailbox, its object id and the Graph settings', () => {
    assert.equal(loadConfig({}).meetingInvitations, undefined);
    assert.deepEqual(loadConfig({ ...INVITATION_ENV, MEETINGS_MAILBOX: ' LSCG-Meetings@Norfolk.gov.uk ' }).meetingInvitations, { mailbox: MAILBOX, organiserId: ORGANISER });
  });

  const cases: Array<[string, Record<string, string>, string, RegExp]> = [
    ['a mailbox that is not an address', { MEETINGS_MAILBOX: 'LSCG meetings' }, 'MEETINGS_MAILBOX', /is not a mailbox address.*user principal name/],
    ['no organiser id', { MEETINGS_ORGANISER_ID: '' }, 'MEETINGS_ORGANISER_ID', /required when MEETINGS_MAILBOX is set.*Object ID/],
    ['an organiser id that is not a GUID', { MEETINGS_ORGANISER_ID: 'lscg-meetings' }, 'MEETINGS_ORGANISER_ID', /not a GUID/],
    ['an organiser id without a mailbox', { MEETINGS_MAILBOX: '' }, 'MEETINGS_ORGANISER_ID', /MEETINGS_MAILBOX is not/],
    ['a mailbox without the Graph settings', { GRAPH_TENANT_ID: '', GRAPH_CLIENT_ID: '', GRAPH_CLIENT_SECRET: '', SHAREPOINT_SITE_ID: '' }, 'MEETINGS_MAILBOX', /needs the Microsoft Graph settings/],
  ];
  for (const [what, patch, key, message] of cases) {
    it(`refuses ${what}, naming ${key} and the fix`, () => {
      assert.throws(() => loadConfig({ ...INVITATION_ENV, ...patch }), (e: unknown) => e instanceof ConfigError && e.key === key && message.test(e.message));
    });
  }
});
