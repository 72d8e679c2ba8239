import assert from 'node:assert/strict';
import { editDistance, nearest } from '../../services/edit-distance.js';

describe('edit distance (for "did you mean …?")', () => {
  it('counts insertions, deletions, substitutions and swapped neighbours as one slip each', () => {
    assert.equal(editDistance('closeAfterDays', 'closeAfterDays'), 0);
    assert.equal(editDistance('closeAfterDay', 'closeAfterDays'), 1);
    assert.equal(editDistance('reminderAtt', 'reminderAt'), 1);
    assert.equal(editDistance('kond', 'kind'), 1);
    assert.equal(editDistance('nmae', 'name'), 1);
    assert.equal(editDistance('', 'id'), 2);
    assert.equal(editDistance('colour', 'tracks'), 6);
  });

  it('suggests the nearest key, ignoring case, and nothing when no key is near', () => {
    const keys = ['reminderDaysBefore', 'reminderAt', 'tracks'];
    assert.equal(nearest('reminderDaysbefore', keys), 'reminderDaysBefore');
    assert.equal(nearest('remindersAt', keys), 'reminderAt');
    assert.equal(nearest('track', keys), 'tracks');
    assert.equal(nearest('colour', keys), undefined);
    // Short words need a near match: "x" is two slips from "id", which is a guess, not a typo.
    assert.equal(nearest('x', ['id', 'at']), undefined);
    assert.equal(nearest('nmae', ['id', 'name', 'kind']), 'name');
  });
});
