import assert from 'node:assert/strict';
import { GraphSignInFailed, GraphUnreachable } from '../../services/graph/graph-api.js';
import { explainGraphFailure } from '../../services/graph/graph-failure.js';
import { retryAfterMs } from '../../services/graph/retry-after.js';

describe('Retry-After', () => {
  const now = Date.parse('2026-11-30T10:00:00Z');
  it('reads whole seconds, fractions and HTTP dates, and nothing from junk', () => {
    assert.equal(retryAfterMs('30', now), 30_000);
    assert.equal(retryAfterMs(' 1.5 ', now), 1500);
    assert.equal(retryAfterMs('Mon, 30 Nov 2026 10:00:20 GMT', now), 20_000);
    assert.equal(retryAfterMs('Mon, 30 Nov 2026 09:00:00 GMT', now), 0);
    assert.equal(retryAfterMs(undefined, now), undefined);
    assert.equal(retryAfterMs('soon', now), undefined);
  });
});

describe('explainGraphFailure', () => {
  const answer = (status: number, extra: object = {}) => ({ status, body: { error: { code: 'x', message: 'List does not exist.' } }, headers: {}, ...extra });
  it('names the fix for each kind of failure', () => {
    assert.match(explainGraphFailure(answer(403)), /no access to the site: grant it .*Sites\.Selected with admin consent.*write access/);
    assert.match(explainGraphFailure(answer(404)), /not found \(List does not exist\)\. Check SHAREPOINT_SITE_ID.*graph:provision/);
    assert.match(explainGraphFailure(answer(429, { retryAfterMs: 30_000 })), /throttling.*wait 30 seconds/);
    assert.match(explainGraphFailure(answer(503)), /unavailable for now \(503\)/);
    assert.match(explainGraphFailure(answer(401)), /refused the bot's sign-in token/);
    assert.equal(explainGraphFailure(new GraphSignInFailed('AADSTS7000215', 'Put the right secret in GRAPH_CLIENT_SECRET.')), 'The bot cannot sign in to Microsoft 365. Put the right secret in GRAPH_CLIENT_SECRET.');
    assert.match(explainGraphFailure(new GraphUnreachable('ECONNREFUSED')), /cannot be reached \(ECONNREFUSED\).*keeps trying/);
    // open-graph's own message ends in a full stop: the wrapping must not double it.
    const wrapped = explainGraphFailure(new GraphUnreachable('Cannot reach Microsoft Graph at https://127.0.0.1:3979: ECONNREFUSED.'));
    assert.match(wrapped, /ECONNREFUSED\)\. Check/);
    assert.doesNotMatch(wrapped, /\.\)\./);
  });
});
