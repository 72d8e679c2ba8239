import assert from 'node:assert/strict';
import { DEMO_PEOPLE } from '../../scripts/demo-seed.js';
import { standInDirectory } from '../../scripts/graph-stand-in-seed.js';

describe('the stand-in Microsoft 365 seed', () => {
  it('has one directory: every Entra group member can have the app installed by the same object id and sign-in name', () => {
    const { groupMembers, appUsers } = standInDirectory();
    const byId = new Map(appUsers.map((u) => [u.id, u]));
    assert.equal(groupMembers.length, 4);
    for (const m of groupMembers) {
      assert.ok(byId.has(m.id), `${m.displayName} (${m.id}) is in the group but installing for them would answer 404`);
      assert.equal(byId.get(m.id)!.userPrincipalName, m.userPrincipalName);
    }
  });

  it('puts the whole demo roster in the partnership\'s tenant, so no demo member reads as "not found"', () => {
    const upns = new Set(standInDirectory().appUsers.map((u) => u.userPrincipalName));
    for (const [email] of DEMO_PEOPLE) assert.ok(upns.has(email), email);
  });
});
