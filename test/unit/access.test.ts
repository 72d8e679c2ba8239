import assert from 'node:assert/strict';
import { isBusinessUnit, tenantAllowed, type Actor } from '../../services/access.js';
import { BU_AAD, testConfig } from '../support/services.js';

const TENANT = '11111111-1111-4111-8111-111111111111';
// What a forged activity could carry where a string belongs, had it got past the HTTP edge.
const notStrings: unknown[] = [42, { id: TENANT }, [TENANT], true, null];

describe('access rules given ids that are not strings', () => {
  const config = testConfig({ ALLOWED_TENANT_IDS: TENANT });

  it('still allow a listed tenant in any letter case, and business unit staff by Entra id', () => {
    assert.equal(tenantAllowed(config, TENANT.toUpperCase()), true);
    assert.equal(isBusinessUnit(config, { teamsUserId: '29:x', aadObjectId: BU_AAD.toUpperCase() }), true);
  });

  for (const value of notStrings) {
    it(`treat a tenant id of ${JSON.stringify(value)} as no tenant, without throwing`, () => {
      assert.equal(tenantAllowed(config, value as string), false);
    });
    it(`treat an Entra object id of ${JSON.stringify(value)} as none, without throwing`, () => {
      const actor = { teamsUserId: '29:x', aadObjectId: value } as unknown as Actor;
      assert.equal(isBusinessUnit(config, actor), false);
    });
  }
});
