import assert from 'node:assert/strict';
import { formSectionCard } from '../../adaptive-cards/form-section.js';
import { ConfigError } from '../../services/config.js';
import { inputId, type Answers } from '../../services/forms/answers.js';
import {
  estimateSectionCardBytes,
  findQuestion,
  FormDefinitionError,
  questions,
  SECTION_CARD_BUDGET_BYTES,
  validateFormDefinitions,
  type FormDefinition,
} from '../../services/forms/definition.js';
import { SAMPLE_FORM_VERBS, SAMPLE_FORMS_CONFIG, sampleForms } from '../support/card-samples.js';

type RawForm = { title: string; sections: Array<{ id: string; title: string; questions: Array<Record<string, unknown>> }> };

/** A small two-section form to break one piece at a time. */
function rawForm(): RawForm {
  return {
    title: 'Neglect champions check-in',
    sections: [
      {
        id: 'role',
        title: 'Your role',
        questions: [
          { id: 'cascaded', kind: 'yes-no', label: 'Did you cascade the newsletter?', required: true },
          { id: 'team', kind: 'short-text', label: 'Which team are you in?', required: false },
        ],
      },
      {
        id: 'practice',
        title: 'Practice',
        questions: [
          { id: 'confidence', kind: 'rating', label: 'How confident do you feel using the Graded Care Profile?', required: true },
          { id: 'used-gcp', kind: 'single-choice', label: 'Have you used the GCP2 this quarter?', required: false, choices: [{ value: 'yes', title: 'Yes' }, { value: 'no', title: 'No' }] },
          { id: 'example', kind: 'long-text', label: 'An example of neglect practice you are proud of', required: false, aboutPractice: true },
        ],
      },
    ],
  };
}

function rejects(mutate: (f: RawForm) => void, ...expected: RegExp[]): FormDefinitionError {
  const f = rawForm();
  mutate(f);
  let caught: unknown;
  try {
    validateFormDefinitions({ 'champions-check-in': f });
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof FormDefinitionError, `expected a FormDefinitionError, got ${String(caught)}`);
  assert.ok(caught instanceof ConfigError, 'a bad form stops the bot like any other config error');
  assert.match(caught.message, /champions-check-in/, 'the message names the form');
  for (const re of expected) assert.match(caught.message, re);
  return caught;
}

describe('form definitions (checked at start-up)', () => {
  it('accepts a good definition, fills in ids and applies the default lengths', () => {
    const forms = validateFormDefinitions({ 'champions-check-in': rawForm() });
    const form = forms['champions-check-in'];
    assert.equal(form.id, 'champions-check-in');
    assert.equal(form.title, 'Neglect champions check-in');
    assert.deepEqual(
      questions(form).map((q) => q.id),
      ['cascaded', 'team', 'confidence', 'used-gcp', 'example'],
    );
    assert.equal(findQuestion(form, 'team')?.question.maxLength, 200);
    assert.equal(findQuestion(form, 'example')?.question.maxLength, 2000);
    assert.equal(findQuestion(form, 'example')?.question.aboutPractice, true);
    assert.equal(findQuestion(form, 'example')?.section.id, 'practice');
    assert.equal(findQuestion(form, 'cascaded')?.question.maxLength, undefined);
    assert.equal(findQuestion(form, 'nope'), undefined);
  });

  it('accepts the sample JAGS feedback and Section 11 forms, and no forms at all', () => {
    const forms = sampleForms();
    assert.deepEqual(Object.keys(forms), ['jags-feedback', 's11-return']);
    assert.equal(forms['s11-return'].sections.length, 3);
    assert.equal(findQuestion(forms['jags-feedback'], 'what-differently')?.question.maxLength, 1000);
    assert.deepEqual(validateFormDefinitions(undefined), {});
    assert.deepEqual(validateFormDefinitions({}), {});
    // The config itself is not changed.
    assert.equal((SAMPLE_FORMS_CONFIG['jags-feedback'].sections[0].questions[5] as { maxLength?: number }).maxLength, undefined);
  });

  it('refuses an unknown kind, listing the kinds', () => {
    const e = rejects((f) => (f.sections[1].questions[0].kind = 'stars'), /question "confidence"/, /"stars" is not known/, /rating/);
    assert.equal(e.key, 'PARTNERSHIP_CONFIG forms.champions-check-in.sections[1].questions[0]');
  });

  it('refuses a question id used twice in the form, even across sections', () => {
    rejects((f) => (f.sections[1].questions[2].id = 'team'), /question "team"/, /already used/, /section "role"/, /rename/);
  });

  it('refuses a choice question without choices, or with too few or repeated ones', () => {
    rejects((f) => delete f.sections[1].questions[1].choices, /question "used-gcp"/, /needs "choices"/);
    rejects((f) => (f.sections[1].questions[1].choices = [{ value: 'yes', title: 'Yes' }]), /question "used-gcp"/, /2–30/);
    rejects((f) => (f.sections[1].questions[1].choices = [{ value: 'yes', title: 'Yes' }, { value: 'yes', title: 'Yes please' }]), /question "used-gcp"/, /two choices have the value "yes"/);
  });

  it('refuses choices on a text question', () => {
    rejects((f) => (f.sections[0].questions[1].choices = [{ value: 'a', title: 'A' }, { value: 'b', title: 'B' }]), /question "team"/, /"choices" only apply to single-choice and multi-choice/, /remove them/);
  });

  it('refuses a maxLength out of range, or on a question that is not text', () => {
    rejects((f) => (f.sections[0].questions[1].maxLength = 0), /question "team"/, /"maxLength" must be a whole number from 1 to 10000/);
    rejects((f) => (f.sections[0].questions[1].maxLength = 20000), /question "team"/, /from 1 to 10000/);
    rejects((f) => (f.sections[0].questions[1].maxLength = '200'), /question "team"/, /whole number/);
    rejects((f) => (f.sections[1].questions[0].maxLength = 5), /question "confidence"/, /only applies to short-text and long-text/);
  });

  it('refuses an empty or over-long label', () => {
    rejects((f) => (f.sections[0].questions[0].label = '  '), /question "cascaded"/, /has no "label"/, /wording/);
    rejects((f) => (f.sections[0].questions[0].label = 'x'.repeat(501)), /question "cascaded"/, /500 or fewer/);
  });

  it('refuses a form with no sections, or a section with no questions', () => {
    const e = rejects((f) => (f.sections = []), /has no sections/, /add "sections"/);
    assert.equal(e.key, 'PARTNERSHIP_CONFIG forms.champions-check-in');
    rejects((f) => (f.sections[1].questions = []), /section "practice"/, /has no questions/);
  });

  it('refuses bad ids, misspelt settings and aboutPractice on a question that is not text', () => {
    rejects((f) => (f.sections[0].questions[0].id = 'Cascaded'), /question "Cascaded"/, /lower-case letters, digits and hyphens/);
    rejects((f) => (f.sections[0].questions[1].maxlength = 100), /question "team"/, /"maxlength" is not a known setting/, /"maxLength"/);
    rejects((f) => (f.sections[0].questions[0].aboutPractice = true), /question "cascaded"/, /aboutPractice/, /remove it/);
    rejects((f) => (f.sections[0].questions[0].required = 'yes'), /question "cascaded"/, /true or false/);
    rejects((f) => (f.sections[1].id = 'role'), /section "role"/, /used by another section/);
    assert.throws(() => validateFormDefinitions({ 'Bad Form': rawForm() }), (e: unknown) => e instanceof FormDefinitionError && /Bad Form/.test(e.message));
  });

  it('refuses a section too big for one Teams card, saying how to fix it', () => {
    rejects(
      (f) => {
        for (let i = 0; i < 3; i++) f.sections[1].questions.push({ id: `long-${i}`, kind: 'long-text', label: 'Tell us more', required: false, maxLength: 8000 });
      },
      /section "practice"/,
      /too big for one Teams card/,
      /Split it into two sections, or lower "maxLength"/,
    );
  });

  it('estimates section cards generously: the fullest card is never bigger than the estimate', () => {
    const every = validateFormDefinitions({
      every: {
        title: 'Every kind of question',
        intro: 'An intro.',
        sections: [
          {
            id: 'all',
            title: 'All kinds',
            intro: 'Section intro.',
            questions: [
              { id: 'short', kind: 'short-text', label: 'Short', help: 'Help text.', required: true },
              { id: 'long', kind: 'long-text', label: 'Long', required: false, maxLength: 6000, aboutPractice: true },
              { id: 'one', kind: 'single-choice', label: 'One', required: true, choices: Array.from({ length: 30 }, (_, i) => ({ value: `c${i}`, title: `Choice number ${i}` })) },
              { id: 'many', kind: 'multi-choice', label: 'Many', required: false, choices: Array.from({ length: 30 }, (_, i) => ({ value: `m${i}`, title: `Option number ${i}` })) },
              { id: 'rate', kind: 'rating', label: 'Rate', required: true },
              { id: 'yn', kind: 'yes-no', label: 'Yes or no', required: true },
              { id: 'when', kind: 'date', label: 'When', required: false },
            ],
          },
        ],
      },
    }).every;
    const forms: FormDefinition[] = [...Object.values(sampleForms()), every];
    for (const form of forms) {
      form.sections.forEach((section, i) => {
        const answers: Answers = {};
        const errors: Record<string, string> = {};
        for (const q of section.questions) {
          errors[inputId(q.id)] = 'Please shorten this to 10000 characters or fewer: it is 10001 characters now.';
          if (q.kind === 'short-text' || q.kind === 'long-text') answers[q.id] = 'x'.repeat(q.maxLength!);
          else if (q.kind === 'multi-choice') answers[q.id] = q.choices!.map((c) => c.value);
          else if (q.kind === 'single-choice') answers[q.id] = q.choices![0].value;
          else if (q.kind === 'rating') answers[q.id] = 5;
          else if (q.kind === 'yes-no') answers[q.id] = true;
          else answers[q.id] = '2025-05-23';
        }
        const fullest = formSectionCard({
          form,
          sectionIndex: i,
          answers,
          errors,
          context: { title: `${form.title}: Norfolk Community Health and Care`, subtitle: 'Due Friday 27 June 2025', lastChanged: 'Last changed by Helen Bradley on Friday 23 May 2025, 10:30', banner: { text: 'Draft saved. Submit by Friday 27 June 2025.', tone: 'good' } },
          verbs: SAMPLE_FORM_VERBS,
          data: { formId: form.id, responseId: 's11-2025-norfolk-community-health-and-care' },
          canSubmit: true,
        });
        const bytes = Buffer.byteLength(JSON.stringify(fullest), 'utf8');
        const estimate = estimateSectionCardBytes(form, section);
        assert.ok(bytes <= estimate, `${form.id}/${section.id}: card is ${bytes} bytes, estimate ${estimate}`);
        assert.ok(estimate <= SECTION_CARD_BUDGET_BYTES);
      });
    }
  });
});
