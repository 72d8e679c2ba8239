import assert from 'node:assert/strict';
import { replicaHealth } from '../../services/replica/replica-health.js';
import { replicaLine, whyListFailed } from '../../services/replica/replica-words.js';

describe('The replica state in words (menu) and numbers (/healthz)', () => {
  const now = new Date('2026-03-02T15:30:00Z');
  const tz = 'Europe/London';

  it('says off, in step, or how many rows wait', () => {
    assert.equal(replicaLine({ state: 'off' }, now, tz), 'SharePoint replica: off — set SHAREPOINT_SITE_ID to keep answers in SharePoint');
    assert.equal(replicaLine({ state: 'in step' }, now, tz), 'SharePoint replica: in step');
    assert.equal(replicaLine({ state: 'waiting', waiting: 1, oldestSince: '2026-03-02T15:29:00Z' }, now, tz), 'SharePoint replica: 1 row waiting');
    assert.equal(replicaLine({ state: 'waiting', waiting: 12, oldestSince: '2026-03-02T15:29:00Z' }, now, tz), 'SharePoint replica: 12 rows waiting');
  });

  it('says since when it fails in the partnership\'s time, with the date when not today, and the fix', () => {
    const reason = whyListFailed('NSCP meeting replies', 403);
    assert.equal(
      replicaLine({ state: 'failing', waiting: 3, since: '2026-07-02T13:05:00Z', reason }, new Date('2026-07-02T15:00:00Z'), tz),
      'SharePoint replica: failing since 14:05: the app has no access to the list "NSCP meeting replies". A Microsoft 365 admin must grant it write access to the SharePoint site (Sites.Selected, see the README). (3 rows waiting, none lost)',
    );
    assert.match(replicaLine({ state: 'failing', waiting: 1, since: '2026-03-01T09:00:00Z', reason }, now, tz), /failing since 2026-03-01 09:00:/);
  });

  it('gives /healthz the backlog and the age of its oldest entry, and nothing when off', () => {
    assert.equal(replicaHealth({ state: 'off' }, now), undefined);
    assert.deepEqual(replicaHealth({ state: 'waiting', waiting: 5, oldestSince: '2026-03-02T15:28:30Z' }, now), { state: 'waiting', backlog: 5, oldestAgeSeconds: 90 });
  });

  it('gives /healthz (public) no failure reason: it can name the tenant, the client id and the certificate path', () => {
    const reason = 'The bot could not sign in to Microsoft Graph: the certificate /etc/nscp/graph.pem for client 11111111-2222-3333-4444-555555555555 in tenant 66666666-7777-8888-9999-000000000000 was refused.';
    const health = replicaHealth({ state: 'failing', waiting: 2, oldestSince: '2026-03-02T15:00:00Z', since: '2026-03-02T15:10:00Z', reason }, now);
    assert.deepEqual(health, { state: 'failing', backlog: 2, oldestAgeSeconds: 1800 });
    assert.match(replicaLine({ state: 'failing', waiting: 2, since: '2026-03-02T15:10:00Z', reason }, now, tz), /certificate \/etc\/nscp\/graph\.pem/, 'the business unit\'s menu still says why');
  });
});
