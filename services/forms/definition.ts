import { configErrorFrom } from '../config-issues.js';
import { FormsSchema, type FormDefinition, type FormSection, type Question } from './form-schema.js';

/**
 * A form is data in the partnership configuration ("forms" in config/<partnership>.json):
 * sections of questions. Its shape and rules are the schema in form-schema.ts; this module is
 * what the rest of the bot imports: the types, the limits, and the check run at start-up, so a
 * bad form stops the bot with a message naming the form, the question and the fix, instead of
 * failing when a partner presses a button.
 */

export { FormDefinitionError } from '../config-error.js';
export { estimateSectionCardBytes } from './card-size.js';
export {
  CHOICE_KINDS,
  DEFAULT_MAX_LENGTH,
  MAX_CHOICES,
  MAX_LABEL_LENGTH,
  MAX_TEXT_LENGTH,
  MIN_CHOICES,
  QUESTION_KINDS,
  SECTION_CARD_BUDGET_BYTES,
  TEXT_KINDS,
} from './form-limits.js';
export type { Choice, FormDefinition, FormSection, Question, QuestionKind } from './form-schema.js';

export const PRACTICE_NOTE = 'Do not include names or details that could identify a child or family.';

/**
 * Checks the "forms" object of the partnership config ({ [formId]: { title, intro?, sections } })
 * and returns the definitions with ids filled in and defaults applied. Throws FormDefinitionError,
 * its key starting with `source` (the file, when loadConfig reads one). A missing "forms"
 * object (undefined or null) means no forms.
 */
export function validateFormDefinitions(raw: unknown, source = 'PARTNERSHIP_CONFIG'): Record<string, FormDefinition> {
  if (raw === undefined || raw === null) return {};
  const parsed = FormsSchema.safeParse(raw);
  if (!parsed.success) throw configErrorFrom(parsed.error, source, { forms: raw }, ['forms']);
  return parsed.data;
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
