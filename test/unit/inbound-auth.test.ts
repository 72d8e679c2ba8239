import assert from 'node:assert/strict';
import { AuthenticationError } from 'botframework-connector';
import { classifyAuthFailure } from '../../bot/inbound-auth.js';

const named = (name: string, message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { name, ...extra });

describe('sorting token check failures into 401 and 503', () => {
  // What botbuilder 4.23 and the libraries under it throw; the integration tests produce the real ones.
  const cases: Array<[string, unknown, boolean, 401 | 503, string]> = [
    ['connection refused fetching the keys (node-fetch)', named('FetchError', 'request to http://x failed, reason: connect ECONNREFUSED', { code: 'ECONNREFUSED', type: 'system' }), true, 503, 'keys_unreachable'],
    ['a key document that is not JSON (node-fetch)', named('FetchError', 'invalid json response body', { type: 'invalid-json' }), true, 503, 'keys_unreachable'],
    ['connection refused (undici fetch)', new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }), true, 503, 'keys_unreachable'],
    ['an error status from the metadata endpoint', new AuthenticationError('Failed to load openID config: 503', 500), true, 503, 'keys_unreachable'],
    ['keys unreachable even with no token', new AuthenticationError('Failed to load Keys: 500', 500), false, 503, 'keys_unreachable'],
    ['no token', new AuthenticationError('Unauthorized Access. Request is not authorized', 401), false, 401, 'no_token'],
    ['a bad signature', named('JsonWebTokenError', 'invalid signature'), true, 401, 'bad_signature'],
    ['a token not valid yet', named('NotBeforeError', 'jwt not active'), true, 401, 'not_yet_valid'],
    ['an expired token (wrapped by botbuilder)', new AuthenticationError('The token has expired', 401), true, 401, 'expired'],
    ['an unsigned token', named('JsonWebTokenError', 'jwt signature is required'), true, 401, 'invalid_token'],
    ['another audience', new AuthenticationError('Unauthorized. Invalid AppId passed on token: x', 401), true, 401, 'wrong_audience'],
    ['a Node error that is not a network failure', Object.assign(new TypeError('bad key'), { code: 'ERR_INVALID_ARG_TYPE' }), true, 401, 'refused'],
    ['something thrown that is not an Error', 'boom', true, 401, 'refused'],
  ];
  for (const [what, error, hadToken, status, reason] of cases) {
    it(`${what}: ${status} ${reason}`, () => {
      const refusal = classifyAuthFailure(error, hadToken);
      assert.deepEqual([refusal.status, refusal.reason], [status, reason]);
    });
  }
});
