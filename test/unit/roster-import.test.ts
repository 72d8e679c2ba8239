import assert from 'node:assert/strict';
import { previewRoster, splitRow } from '../../services/people/roster-import.js';
import { testConfig } from '../support/services.js';

const groups = testConfig().partnership.groups;

describe('roster import preview', () => {
  it('reads tab-separated rows from Excel and comma-separated rows with quotes, with an optional header', () => {
    assert.deepEqual(splitRow('a@x.org\tJo Bloggs\tNCC\tLSCG South'), ['a@x.org', 'Jo Bloggs', 'NCC', 'LSCG South']);
    assert.deepEqual(splitRow('a@x.org,"Bloggs, Jo","Norfolk ""County"" Council",LSCG South'), ['a@x.org', 'Bloggs, Jo', 'Norfolk "County" Council', 'LSCG South']);
    const p = previewRoster('Email\tName\tOrganisation\tGroups\nJo@Norfolk.gov.uk\tJo Bloggs\tNCC\tLSCG South;neglect champions', groups, () => undefined, 100);
    assert.equal(p.toAdd.length, 1);
    assert.equal(p.toAdd[0].email, 'jo@norfolk.gov.uk');
    assert.deepEqual(p.toAdd[0].groupIds, ['lscg-south', 'neglect-champions']);
    assert.equal(p.problems.length, 0);
  });

  it('lists each bad row with its number and reason, and keeps the good ones', () => {
    const text = ['a@x.org\tA\tOrg\tLSCG South', '\tNo Email\tOrg\tLSCG South', 'b@x.org\tB\tOrg\tLSCG Mars', 'a@x.org\tA again\tOrg\tLSCG West', 'not-an-email\tC\tOrg\t', 'd@x.org\t\tOrg\t'].join('\n');
    const p = previewRoster(text, groups, () => undefined, 100);
    assert.equal(p.toAdd.length, 1);
    assert.deepEqual(
      p.problems.map((x) => x.row),
      [2, 3, 4, 5, 6],
    );
    assert.match(p.problems[0].reason, /No email/);
    assert.match(p.problems[1].reason, /Unknown group "LSCG Mars"/);
    assert.match(p.problems[2].reason, /Duplicate.*row 1/);
    assert.match(p.problems[3].reason, /not an email/);
    assert.match(p.problems[4].reason, /No name/);
  });

  it('sorts rows into add, update and unchanged against the current roster', () => {
    const existing = { id: 'a@x.org', email: 'a@x.org', name: 'A', organisation: 'Org', groupIds: ['lscg-south'], updatedAt: '' };
    const other = { ...existing, id: 'b@x.org', email: 'b@x.org' };
    const lookup = (e: string) => (e === 'a@x.org' ? existing : e === 'b@x.org' ? other : undefined);
    const p = previewRoster('a@x.org\tA\tOrg\tLSCG South\nb@x.org\tB renamed\tOrg\tLSCG South\nc@x.org\tC\tOrg\t', groups, lookup, 100);
    assert.deepEqual([p.toAdd.length, p.toUpdate.length, p.unchanged.length], [1, 1, 1]);
  });

  it('caps the number of rows', () => {
    const text = Array.from({ length: 5 }, (_, i) => `p${i}@x.org\tP\tOrg\t`).join('\n');
    const p = previewRoster(text, groups, () => undefined, 3);
    assert.equal(p.toAdd.length, 3);
    assert.match(p.problems[0].reason, /More than 3 rows/);
  });
});
