import { DEFAULT_MAX_LENGTH, MAX_CHOICES, MAX_INTRO_LENGTH, MAX_LABEL_LENGTH, MAX_TEXT_LENGTH, MAX_TITLE_LENGTH, MIN_CHOICES, QUESTION_KINDS, SECTION_CARD_BUDGET_BYTES } from './form-limits.js';

/**
 * Every message a bad form definition can produce. Each returns the fix; the caller puts the
 * form, section or question it is about in front ("Form "jags-feedback", question "listened": …").
 * Always called through this object at the moment of failing (`() => F.noLabel()`, never
 * `F.noLabel` handed to zod), so the test that spies on them sees each one produced.
 */

const ID_FIX = 'use 1–63 lower-case letters, digits and hyphens, starting with a letter or digit';
const quoted = (keys: readonly string[]) => keys.map((k) => `"${k}"`).join(', ');

export const FORM_MESSAGES = {
  formsNotAnObject: () => 'must be an object keyed by form id, like { "jags-feedback": { "title": …, "sections": [ … ] } }.',
  formIdNotAllowed: () => `the form id is not allowed: ${ID_FIX} (for example "jags-feedback").`,
  formNotAnObject: () => 'must be an object with "title" and "sections".',
  unknownSetting: (key: string, suggestion: string) => `"${key}" is not a known setting: did you mean "${suggestion}"?`,
  unknownSettingNoMatch: (key: string, allowed: readonly string[]) => `"${key}" is not a known setting: use only ${quoted(allowed)} (check the spelling).`,
  idMismatch: (id: unknown, formId: string) => `"id" is "${String(id)}" but the form is listed as "${formId}": remove "id" (the key is the id) or make them the same.`,
  formTitle: () => `needs a "title" of 1–${MAX_TITLE_LENGTH} characters, as people will see it at the top of the card.`,
  intro: () => `"intro" must be text of at most ${MAX_INTRO_LENGTH} characters, or left out.`,
  noSections: () => 'has no sections: add "sections": [ { "id", "title", "questions": [ … ] } ] with at least one section.',
  sectionNotAnObject: () => 'must be an object with "id", "title" and "questions".',
  needsId: () => `needs an "id": ${ID_FIX} (for example "felt-listened").`,
  duplicateSectionId: (id: string) => `the id "${id}" is used by another section of this form: give each section its own id.`,
  sectionTitle: () => `needs a "title" of 1–${MAX_TITLE_LENGTH} characters.`,
  noQuestions: () => 'has no questions: add "questions": [ { "id", "kind", "label", "required" } ] with at least one question.',
  duplicateQuestionId: (otherSection: string) =>
    `the id is already used by a question in section "${otherSection}". Question ids must be unique across the whole form (answers are stored by id): rename one of them.`,
  sectionTooBig: (bytes: number) =>
    `is too big for one Teams card (about ${Math.round(bytes / 1024)} KB of the ${SECTION_CARD_BUDGET_BYTES / 1024} KB allowed, counting answers at their full length). Split it into two sections, or lower "maxLength" on its long text questions.`,
  questionNotAnObject: () => 'must be an object with "id", "kind", "label" and "required".',
  kindMissing: () => `"kind" is missing: use one of ${QUESTION_KINDS.join(', ')}.`,
  kindUnknown: (kind: unknown) => `"kind" "${String(kind)}" is not known: use one of ${QUESTION_KINDS.join(', ')}.`,
  noLabel: () => 'has no "label": add the question\'s wording as people should read it.',
  labelTooLong: (length: number) => `"label" is ${length} characters: shorten it to ${MAX_LABEL_LENGTH} or fewer, and move detail into "help".`,
  help: () => `"help" must be text of at most ${MAX_LABEL_LENGTH} characters, or left out.`,
  requiredNotBoolean: () => '"required" must be true or false (without quotes).',
  aboutPracticeNotBoolean: () => '"aboutPractice" must be true or false (without quotes).',
  aboutPracticeNotText: (kind: string) =>
    `"aboutPractice" only applies to short-text and long-text questions (it adds the note about not identifying children): remove it from this ${kind} question.`,
  maxLength: () =>
    `"maxLength" must be a whole number from 1 to ${MAX_TEXT_LENGTH}, or left out for the default (${DEFAULT_MAX_LENGTH['short-text']} for short-text, ${DEFAULT_MAX_LENGTH['long-text']} for long-text).`,
  maxLengthNotText: (kind: string) => `"maxLength" only applies to short-text and long-text questions: remove it from this ${kind} question.`,
  choicesNotAList: () => '"choices" must be a list of options like [ { "value": "yes", "title": "Yes" }, { "value": "no", "title": "No" } ].',
  needsChoices: (kind: string, count?: number) =>
    `a ${kind} question needs "choices": a list of ${MIN_CHOICES}–${MAX_CHOICES} options like [ { "value": "yes", "title": "Yes" }, { "value": "no", "title": "No" } ]${count === undefined ? '' : ` (it has ${count})`}.`,
  choicesNotForKind: () => '"choices" only apply to single-choice and multi-choice questions: remove them, or change "kind" to single-choice or multi-choice.',
  choiceNotAnObject: () => 'must be an object like { "value": "yes", "title": "Yes" }.',
  choiceValue: () => `needs a "value": ${ID_FIX} (for example "not-sure"). It is stored and exported; the title is what people see.`,
  duplicateChoiceValue: (value: string) => `two choices have the value "${value}": give each choice its own value.`,
  choiceTitle: () => `needs a "title" of 1–${MAX_TITLE_LENGTH} characters (the words people see).`,
};
