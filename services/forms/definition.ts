import { ConfigError, shown } from '../config-error.js';

/**
 * A form is data in the partnership configuration ("forms" in config/<partnership>.json):
 * sections of questions. This module checks those definitions at start-up, so a bad form stops
 * the bot with a message naming the form, the question and the fix, instead of failing when a
 * partner presses a button.
 */

export type QuestionKind = 'short-text' | 'long-text' | 'single-choice' | 'multi-choice' | 'rating' | 'yes-no' | 'date';

export const QUESTION_KINDS: readonly QuestionKind[] = ['short-text', 'long-text', 'single-choice', 'multi-choice', 'rating', 'yes-no', 'date'];

export interface Choice {
  value: string;
  title: string;
}

export interface Question {
  id: string;
  kind: QuestionKind;
  label: string;
  help?: string;
  required: boolean;
  /** Text kinds only; defaults: short text 200, long text 2000. */
  maxLength?: number;
  /** Choice kinds only. */
  choices?: Choice[];
  /** Free text about practice: the card shows PRACTICE_NOTE under it. */
  aboutPractice?: boolean;
}

export interface FormSection {
  id: string;
  title: string;
  intro?: string;
  questions: Question[];
}

export interface FormDefinition {
  id: string;
  title: string;
  intro?: string;
  sections: FormSection[];
}

/**
 * A bad form definition. `key` is like `PARTNERSHIP_CONFIG forms.jags-feedback.sections[1].questions[2]`;
 * the message names the form, the question and the fix.

 */
export class FormDefinitionError extends ConfigError {
  constructor(key: string, message: string) {
    super(key, message);
    this.name = 'FormDefinitionError';
  }
}

export const PRACTICE_NOTE = 'Do not include names or details that could identify a child or family.';

export const TEXT_KINDS: ReadonlySet<QuestionKind> = new Set<QuestionKind>(['short-text', 'long-text']);
export const CHOICE_KINDS: ReadonlySet<QuestionKind> = new Set<QuestionKind>(['single-choice', 'multi-choice']);

export const DEFAULT_MAX_LENGTH: Record<'short-text' | 'long-text', number> = { 'short-text': 200, 'long-text': 2000 };
export const MAX_TEXT_LENGTH = 10000;
export const MAX_LABEL_LENGTH = 500;
export const MIN_CHOICES = 2;
export const MAX_CHOICES = 30;
/** Teams refuses cards over about 28 KB; each section card must stay under this, leaving room for banners and data. */
export const SECTION_CARD_BUDGET_BYTES = 20 * 1024;

const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const ID_FIX = 'use 1–63 lower-case letters, digits and hyphens, starting with a letter or digit (for example "felt-listened")';

const FORM_KEYS = new Set(['id', 'title', 'intro', 'sections']);
const SECTION_KEYS = new Set(['id', 'title', 'intro', 'questions']);
const QUESTION_KEYS = new Set(['id', 'kind', 'label', 'help', 'required', 'maxLength', 'choices', 'aboutPractice']);
const CHOICE_KEYS = new Set(['value', 'title']);

type Raw = Record<string, unknown>;

const isObject = (v: unknown): v is Raw => !!v && typeof v === 'object' && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/**
 * Checks the "forms" object of the partnership config ({ [formId]: { title, intro?, sections } })
 * and returns the definitions with ids filled in and defaults applied. Throws FormDefinitionError.
 * A missing "forms" object (undefined or null) means no forms.
 */
export function validateFormDefinitions(raw: unknown): Record<string, FormDefinition> {
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw)) {
    throw new FormDefinitionError('PARTNERSHIP_CONFIG forms', 'must be an object keyed by form id, like { "jags-feedback": { "title": …, "sections": [ … ] } }.');
  }
  const out: Record<string, FormDefinition> = {};
  for (const [formId, def] of Object.entries(raw)) out[formId] = validateForm(formId, def);
  return out;
}

function validateForm(formId: string, raw: unknown): FormDefinition {
  const formKey = `PARTNERSHIP_CONFIG forms.${formId}`;
  const failForm = (fix: string): never => {
    throw new FormDefinitionError(formKey, `Form "${formId}": ${fix}`);
  };
  if (!ID.test(formId)) failForm(`the form id is not allowed: ${ID_FIX}.`);
  if (!isObject(raw)) failForm('must be an object with "title" and "sections".');
  const f = raw as Raw;
  unknownKeys(f, FORM_KEYS, failForm);
  if (f.id !== undefined && f.id !== formId) failForm(`"id" is "${shown(f.id)}" but the form is listed as "${formId}": remove "id" (the key is the id) or make them the same.`);
  if (!isText(f.title) || f.title.length > 200) failForm('needs a "title" of 1–200 characters, as people will see it at the top of the card.');
  if (f.intro !== undefined && (typeof f.intro !== 'string' || f.intro.length > 2000)) failForm('"intro" must be text of at most 2000 characters, or left out.');
  if (!Array.isArray(f.sections) || f.sections.length === 0) failForm('has no sections: add "sections": [ { "id", "title", "questions": [ … ] } ] with at least one section.');

  const form: FormDefinition = {
    id: formId,
    title: (f.title as string).trim(),
    ...(isText(f.intro) ? { intro: f.intro.trim() } : {}),
    sections: [],
  };
  const sectionIds = new Set<string>();
  const questionIds = new Map<string, string>();
  (f.sections as unknown[]).forEach((rawSection, si) => {
    const sectionKey = `${formKey}.sections[${si}]`;
    const sectionName = isObject(rawSection) && typeof rawSection.id === 'string' ? `section "${rawSection.id}"` : `section ${si + 1}`;
    const failSection = (fix: string): never => {
      throw new FormDefinitionError(sectionKey, `Form "${formId}", ${sectionName}: ${fix}`);
    };
    if (!isObject(rawSection)) failSection('must be an object with "id", "title" and "questions".');
    const s = rawSection as Raw;
    unknownKeys(s, SECTION_KEYS, failSection);
    if (typeof s.id !== 'string' || !ID.test(s.id)) failSection(`needs an "id": ${ID_FIX}.`);
    if (sectionIds.has(s.id as string)) failSection(`the id "${String(s.id)}" is used by another section of this form: give each section its own id.`);
    sectionIds.add(s.id as string);
    if (!isText(s.title) || s.title.length > 200) failSection('needs a "title" of 1–200 characters.');
    if (s.intro !== undefined && (typeof s.intro !== 'string' || s.intro.length > 2000)) failSection('"intro" must be text of at most 2000 characters, or left out.');
    if (!Array.isArray(s.questions) || s.questions.length === 0) failSection('has no questions: add "questions": [ { "id", "kind", "label", "required" } ] with at least one question.');

    const section: FormSection = {
      id: s.id as string,
      title: (s.title as string).trim(),
      ...(isText(s.intro) ? { intro: s.intro.trim() } : {}),
      questions: (s.questions as unknown[]).map((rawQuestion, qi) => {
        const question = validateQuestion(formId, `${sectionKey}.questions[${qi}]`, qi, rawQuestion);
        const other = questionIds.get(question.id);
        if (other !== undefined) {
          throw new FormDefinitionError(
            `${sectionKey}.questions[${qi}]`,
            `Form "${formId}", question "${question.id}": the id is already used by a question in section "${other}". Question ids must be unique across the whole form (answers are stored by id): rename one of them.`,
          );
        }
        questionIds.set(question.id, s.id as string);
        return question;
      }),
    };
    const bytes = estimateSectionCardBytes(form, section);
    if (bytes > SECTION_CARD_BUDGET_BYTES) {
      failSection(
        `is too big for one Teams card (about ${Math.round(bytes / 1024)} KB of the ${SECTION_CARD_BUDGET_BYTES / 1024} KB allowed, counting answers at their full length). Split it into two sections, or lower "maxLength" on its long text questions.`,
      );
    }
    form.sections.push(section);
  });
  return form;
}

function validateQuestion(formId: string, key: string, index: number, raw: unknown): Question {
  const name = isObject(raw) && typeof raw.id === 'string' ? `question "${raw.id}"` : `question ${index + 1} (no id)`;
  const fail = (fix: string): never => {
    throw new FormDefinitionError(key, `Form "${formId}", ${name}: ${fix}`);
  };
  if (!isObject(raw)) fail('must be an object with "id", "kind", "label" and "required".');
  const q = raw as Raw;
  unknownKeys(q, QUESTION_KEYS, fail);
  if (typeof q.id !== 'string' || !ID.test(q.id)) fail(`needs an "id": ${ID_FIX}.`);
  if (typeof q.kind !== 'string' || !(QUESTION_KINDS as readonly string[]).includes(q.kind)) {
    fail(`"kind" ${q.kind === undefined ? 'is missing' : `"${shown(q.kind)}" is not known`}: use one of ${QUESTION_KINDS.join(', ')}.`);
  }
  const kind = q.kind as QuestionKind;
  if (!isText(q.label)) fail('has no "label": add the question\'s wording as people should read it.');
  if ((q.label as string).length > MAX_LABEL_LENGTH) fail(`"label" is ${(q.label as string).length} characters: shorten it to ${MAX_LABEL_LENGTH} or fewer, and move detail into "help".`);
  if (q.help !== undefined && (typeof q.help !== 'string' || q.help.length > MAX_LABEL_LENGTH)) fail(`"help" must be text of at most ${MAX_LABEL_LENGTH} characters, or left out.`);
  if (q.required !== undefined && typeof q.required !== 'boolean') fail('"required" must be true or false (without quotes).');
  if (q.aboutPractice !== undefined && typeof q.aboutPractice !== 'boolean') fail('"aboutPractice" must be true or false (without quotes).');
  if (q.aboutPractice === true && !TEXT_KINDS.has(kind)) fail(`"aboutPractice" only applies to short-text and long-text questions (it adds the note about not identifying children): remove it from this ${kind} question.`);

  const question: Question = { id: q.id as string, kind, label: (q.label as string).trim(), required: q.required === true };
  if (isText(q.help)) question.help = q.help.trim();

  if (TEXT_KINDS.has(kind)) {
    if (q.maxLength !== undefined && (typeof q.maxLength !== 'number' || !Number.isInteger(q.maxLength) || q.maxLength < 1 || q.maxLength > MAX_TEXT_LENGTH)) {
      fail(`"maxLength" must be a whole number from 1 to ${MAX_TEXT_LENGTH}, or left out for the default (${DEFAULT_MAX_LENGTH[kind as 'short-text' | 'long-text']}).`);
    }
    question.maxLength = (q.maxLength as number | undefined) ?? DEFAULT_MAX_LENGTH[kind as 'short-text' | 'long-text'];
    if (q.aboutPractice === true) question.aboutPractice = true;
  } else if (q.maxLength !== undefined) {
    fail(`"maxLength" only applies to short-text and long-text questions: remove it from this ${kind} question.`);
  }

  if (CHOICE_KINDS.has(kind)) {
    if (!Array.isArray(q.choices) || q.choices.length < MIN_CHOICES || q.choices.length > MAX_CHOICES) {
      fail(`a ${kind} question needs "choices": a list of ${MIN_CHOICES}–${MAX_CHOICES} options like [ { "value": "yes", "title": "Yes" }, { "value": "no", "title": "No" } ]${Array.isArray(q.choices) ? ` (it has ${q.choices.length})` : ''}.`);
    }
    const values = new Set<string>();
    question.choices = (q.choices as unknown[]).map((c, ci) => {
      if (!isObject(c)) return fail(`choice ${ci + 1} must be an object like { "value": "yes", "title": "Yes" }.`);
      unknownKeys(c, CHOICE_KEYS, (fix) => fail(`choice ${ci + 1}: ${fix}`));
      if (typeof c.value !== 'string' || !ID.test(c.value)) fail(`choice ${ci + 1} needs a "value": ${ID_FIX.replace('"felt-listened"', '"not-sure"')}. It is stored and exported; the title is what people see.`);
      if (values.has(c.value as string)) fail(`two choices have the value "${String(c.value)}": give each choice its own value.`);
      values.add(c.value as string);
      if (!isText(c.title) || c.title.length > 200) fail(`choice "${String(c.value)}" needs a "title" of 1–200 characters (the words people see).`);
      return { value: c.value as string, title: (c.title as string).trim() };
    });
  } else if (q.choices !== undefined) {
    fail(`"choices" only apply to single-choice and multi-choice questions: remove them, or change "kind" to single-choice or multi-choice.`);
  }
  return question;
}

function unknownKeys(obj: Raw, allowed: ReadonlySet<string>, fail: (fix: string) => never): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.has(k)) fail(`"${k}" is not a known setting: use only ${[...allowed].map((a) => `"${a}"`).join(', ')} (check the spelling).`);
  }
}

/**
 * A generous estimate of the JSON size of a section's card in the worst case: every text
 * answer at its full length, an error under every question, banners and action data. The card
 * render test checks this stays above the real size of such a card.
 */
export function estimateSectionCardBytes(form: Pick<FormDefinition, 'title' | 'intro'>, section: FormSection): number {
  let bytes = 3000 + form.title.length * 2 + (form.intro?.length ?? 0) + section.title.length + (section.intro?.length ?? 0);
  for (const q of section.questions) {
    bytes += 500 + q.id.length * 2 + q.label.length + (q.help?.length ?? 0);
    if (q.aboutPractice) bytes += 200;
    if (TEXT_KINDS.has(q.kind)) bytes += q.maxLength ?? DEFAULT_MAX_LENGTH[q.kind as 'short-text' | 'long-text'];
    if (q.choices) for (const c of q.choices) bytes += 40 + c.title.length + c.value.length * 2;
    if (q.kind === 'rating') bytes += 5 * 40;
    if (q.kind === 'yes-no') bytes += 2 * 45;
  }
  return bytes;
}

/** Every question of the form, in order. */
export function questions(form: FormDefinition): Question[] {
  return form.sections.flatMap((s) => s.questions);
}

export function findQuestion(form: FormDefinition, id: string): { section: FormSection; question: Question } | undefined {
  for (const section of form.sections) {
    const question = section.questions.find((q) => q.id === id);
    if (question) return { section, question };
  }
  return undefined;
}
