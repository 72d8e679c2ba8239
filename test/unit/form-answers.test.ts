import assert from 'node:assert/strict';
import { answersToRow, checkAnswers, formatAnswer, inputId, mergeAnswers, missingRequired, type Answers } from '../../services/forms/answers.js';
import { findQuestion, validateFormDefinitions, type FormDefinition, type Question } from '../../services/forms/definition.js';
import type { Checked } from '../../services/validation.js';
import { JAGS_ANSWERS, S11_ANSWERS, sampleForms } from '../support/card-samples.js';

/** One question of each kind, in one section, plus a second section. */
const FORM: FormDefinition = validateFormDefinitions({
  kinds: {
    title: 'Every kind',
    sections: [
      {
        id: 'first',
        title: 'First',
        questions: [
          { id: 'name', kind: 'short-text', label: 'Your role', required: true, maxLength: 10 },
          { id: 'story', kind: 'long-text', label: 'What happened', required: false, aboutPractice: true },
          { id: 'group', kind: 'single-choice', label: 'Which LSCG?', required: false, choices: [{ value: 'south', title: 'LSCG South' }, { value: 'west', title: 'LSCG West' }] },
          { id: 'topics', kind: 'multi-choice', label: 'Topics', required: false, choices: [{ value: 'neglect', title: 'Neglect' }, { value: 'fathers', title: 'Father inclusive practice' }, { value: 'exploitation', title: 'Child exploitation' }] },
          { id: 'rating', kind: 'rating', label: 'Useful?', required: false },
          { id: 'again', kind: 'yes-no', label: 'Again?', required: false },
          { id: 'when', kind: 'date', label: 'When?', required: false },
        ],
      },
      { id: 'second', title: 'Second', questions: [{ id: 'other', kind: 'short-text', label: 'Anything else', required: true }] },
    ],
  },
}).kinds;

const q = (id: string): Question => findQuestion(FORM, id)!.question;

function ok(data: Record<string, unknown>, opts: { sectionId?: string; requireComplete: boolean } = { sectionId: 'first', requireComplete: false }): Answers {
  const r = checkAnswers(FORM, data, opts);
  assert.ok(r.ok, `expected valid, got ${JSON.stringify(!r.ok && r.errors)}`);
  return r.value;
}

function errorsOf(r: Checked<Answers>): Record<string, string> {
  assert.ok(!r.ok, 'expected invalid');
  return r.errors;
}

function bad(key: string, value: unknown, message: RegExp): void {
  const errors = errorsOf(checkAnswers(FORM, { [inputId(key)]: value }, { sectionId: 'first', requireComplete: false }));
  assert.deepEqual(Object.keys(errors), [inputId(key)], JSON.stringify(errors));
  assert.match(errors[inputId(key)], message);
}

describe('form answers (checked on the server)', () => {
  it('names card inputs q.<question id>', () => {
    assert.equal(inputId('felt-listened'), 'q.felt-listened');
  });

  it('accepts every kind as Teams sends it (all strings), typed', () => {
    const answers = ok({
      'q.name': '  Nurse ',
      'q.story': 'Line one\r\nLine two',
      'q.group': 'west',
      'q.topics': 'exploitation,neglect,neglect',
      'q.rating': '4',
      'q.again': 'yes',
      'q.when': '2024-02-29',
      formId: 'kinds',
      sectionId: 'first',
    });
    assert.deepEqual(answers, {
      name: 'Nurse',
      story: 'Line one\nLine two',
      group: 'west',
      topics: ['neglect', 'exploitation'],
      rating: 4,
      again: true,
      when: '2024-02-29',
    });
    assert.equal(ok({ 'q.again': 'no' }).again, false);
    assert.equal(ok({ 'q.again': 'TRUE' }).again, true);
    assert.equal(ok({ 'q.again': 'false' }).again, false);
  });

  it('leaves empty inputs unanswered', () => {
    assert.deepEqual(ok({ 'q.name': '', 'q.story': '   ', 'q.topics': '', 'q.rating': '' }), {});
  });

  it('refuses text over its limit, saying the limit and the length now', () => {
    bad('name', 'Designated safeguarding lead', /10 characters or fewer.*28 characters now/);
    assert.equal(ok({ 'q.name': '😀'.repeat(10) }).name, '😀'.repeat(10), 'an emoji counts as one character');
    const long = 'x'.repeat(2001);
    bad('story', long, /2000 characters or fewer: it is 2001/);
  });

  it('refuses a choice that is not on the list', () => {
    bad('group', 'north', /choose one of the options/);
    bad('group', 'LSCG South', /choose one of the options/);
    bad('topics', 'neglect,bullying', /only from the options/);
  });

  it('refuses a rating that is not a whole number from 1 to 5', () => {
    for (const v of ['0', '6', 'x', '4.5', '-1', '45']) bad('rating', v, /rating from 1 to 5/);
    assert.equal(ok({ 'q.rating': '1' }).rating, 1);
    assert.equal(ok({ 'q.rating': '5' }).rating, 5);
  });

  it('refuses a yes/no answer that is neither', () => {
    bad('again', 'maybe', /Yes or No/);
  });

  it('refuses dates that do not exist or are badly written', () => {
    for (const v of ['2025-02-30', '2025-13-01', '23/05/2025', '2025-5-23', 'tomorrow']) bad('when', v, /real date/);
  });

  it('requires required questions only when the form is being completed', () => {
    assert.deepEqual(ok({}), {}, 'a draft may leave required questions empty');
    const errors = errorsOf(checkAnswers(FORM, { 'q.name': '' }, { sectionId: 'first', requireComplete: true }));
    assert.deepEqual(Object.keys(errors), ['q.name'], 'only the required question in this section');
    assert.match(errors['q.name'], /required/);
    const all = errorsOf(checkAnswers(FORM, {}, { requireComplete: true }));
    assert.deepEqual(Object.keys(all).sort(), ['q.name', 'q.other']);
  });

  it('ignores a forged answer for another section when a section is given, and extra keys', () => {
    const answers = ok({ 'q.name': 'Teacher', 'q.other': 'forged', 'q.unknown': 'x', 'q.__proto__': 'x', admin: true });
    assert.deepEqual(answers, { name: 'Teacher' });
    // Without a section, the whole form is read.
    assert.deepEqual(ok({ 'q.other': 'Thanks' }, { requireComplete: false }), { other: 'Thanks' });
  });

  it('refuses an unknown section', () => {
    const errors = errorsOf(checkAnswers(FORM, { 'q.name': 'x' }, { sectionId: 'third', requireComplete: false }));
    assert.match(errors.sectionId, /no longer exists/);
  });

  it('reads numbers and booleans as text, refuses arrays and objects, and copes with data that is not an object', () => {
    assert.deepEqual(ok({ 'q.rating': 3, 'q.again': false, 'q.name': 42 }), { rating: 3, again: false, name: '42' });
    bad('topics', ['neglect'], /not a valid answer/);
    bad('name', { text: 'x' }, /not a valid answer/);
    assert.deepEqual(ok({ 'q.name': null }), {});
    for (const data of [null, undefined, 'q.name=x', 7, ['x']]) {
      const r = checkAnswers(FORM, data, { sectionId: 'first', requireComplete: false });
      assert.deepEqual(r, { ok: true, value: {} });
    }
  });

  it('lists required questions still unanswered, in form order', () => {
    assert.deepEqual(missingRequired(FORM, { name: 'x' }), [{ sectionId: 'second', questionId: 'other', label: 'Anything else' }]);
    assert.deepEqual(
      missingRequired(FORM, { name: '', other: 'y' }).map((m) => m.questionId),
      ['name'],
    );
    assert.deepEqual(missingRequired(sampleForms()['jags-feedback'], JAGS_ANSWERS), []);
  });

  it('merges one section: a cleared input removes the old answer, other sections are kept', () => {
    const base: Answers = { name: 'Old', story: 'Old story', rating: 2, other: 'Kept' };
    const merged = mergeAnswers(base, { name: 'New', again: true, other: 'forged' }, FORM, 'first');
    assert.deepEqual(merged, { name: 'New', again: true, other: 'Kept' });
    assert.deepEqual(base, { name: 'Old', story: 'Old story', rating: 2, other: 'Kept' }, 'the base is not changed');
    assert.deepEqual(mergeAnswers(base, {}, FORM, 'second'), { name: 'Old', story: 'Old story', rating: 2 });
  });

  it('formats answers as people read them', () => {
    assert.equal(formatAnswer(q('group'), 'south'), 'LSCG South');
    assert.equal(formatAnswer(q('topics'), ['neglect', 'fathers']), 'Neglect, Father inclusive practice');
    assert.equal(formatAnswer(q('rating'), 4), '4 out of 5');
    assert.equal(formatAnswer(q('again'), true), 'Yes');
    assert.equal(formatAnswer(q('again'), false), 'No');
    assert.equal(formatAnswer(q('when'), '2025-05-23'), 'Friday 23 May 2025');
    assert.equal(formatAnswer(q('name'), 'Teacher'), 'Teacher');
    assert.equal(formatAnswer(q('name'), undefined), '');
    assert.equal(formatAnswer(q('topics'), []), '');
    assert.equal(formatAnswer(q('group'), 'retired-choice'), 'retired-choice', 'a choice since removed from the form still shows');
  });

  it('makes one cell per question in form order, blank when unanswered', () => {
    assert.deepEqual(answersToRow(FORM, { other: 'Thanks', rating: 5, group: 'west' }), ['', '', 'LSCG West', '', '5 out of 5', '', '', 'Thanks']);
    assert.deepEqual(answersToRow(FORM, undefined), ['', '', '', '', '', '', '', '']);
    assert.deepEqual(answersToRow(sampleForms()['s11-return'], S11_ANSWERS), [
      'Helen Bradley, Named Nurse for Safeguarding',
      'Partly',
      S11_ANSWERS['keep-building'],
      '',
      '3 out of 5',
      'Yes',
      'Communication, Father inclusive practice',
      '',
      'Some staff',
      '',
    ]);
  });
});
