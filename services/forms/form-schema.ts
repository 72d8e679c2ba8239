import { z } from 'zod/v4';
import { ID } from '../config-fields.js';
import { nearest } from '../edit-distance.js';
import { estimateSectionCardBytes } from './card-size.js';
import { FORM_MESSAGES as F } from './form-messages.js';
import {
  CHOICE_KINDS,
  DEFAULT_MAX_LENGTH,
  MAX_CHOICES,
  MAX_INTRO_LENGTH,
  MAX_LABEL_LENGTH,
  MAX_TEXT_LENGTH,
  MAX_TITLE_LENGTH,
  MIN_CHOICES,
  QUESTION_KINDS,
  SECTION_CARD_BUDGET_BYTES,
  TEXT_KINDS,
} from './form-limits.js';

/**
 * The "forms" of the partnership config: { [formId]: { title, intro?, sections } }. The form
 * types are derived from this schema. Messages are the form family's own (forms/form-messages.ts):
 * whoever writes a form thinks in forms and questions, so the message names them.
 */

/** An object that refuses keys it does not know, naming the nearest known one. */
function formObject<Shape extends z.core.$ZodLooseShape>(shape: Shape, notAnObject: () => string) {
  const allowed = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) => {
      if (iss.code !== 'unrecognized_keys') return notAnObject();
      const key = iss.keys[0];
      const suggestion = nearest(key, allowed);
      return suggestion ? F.unknownSetting(key, suggestion) : F.unknownSettingNoMatch(key, allowed);
    },
  });
}

/** Trimmed text of 1–max characters; `message` for every way it can be wrong. */
const words = (max: number, message: () => string) => z.string({ error: message }).trim().min(1, { error: message }).max(max, { error: message });
const optionalIntro = () => z.string({ error: () => F.intro() }).trim().max(MAX_INTRO_LENGTH, { error: () => F.intro() }).optional();
const id = (message: () => string) => z.string({ error: message }).regex(ID, { error: message });

const ChoiceSchema = formObject({ value: id(() => F.choiceValue()), title: words(MAX_TITLE_LENGTH, () => F.choiceTitle()) }, () => F.choiceNotAnObject());

const QuestionFields = formObject(
  {
    id: id(() => F.needsId()),
    kind: z.enum(QUESTION_KINDS, { error: (iss) => (iss.input === undefined ? F.kindMissing() : F.kindUnknown(iss.input)) }),
    label: z
      .string({ error: () => F.noLabel() })
      .trim()
      .min(1, { error: () => F.noLabel() })
      .max(MAX_LABEL_LENGTH, { error: (iss) => F.labelTooLong(typeof iss.input === 'string' ? iss.input.length : 0) }),
    help: z.string({ error: () => F.help() }).trim().max(MAX_LABEL_LENGTH, { error: () => F.help() }).optional(),
    required: z.boolean({ error: () => F.requiredNotBoolean() }).default(false),
    /** Text kinds only; defaults: short text 200, long text 2000. */
    maxLength: z.int({ error: () => F.maxLength() }).min(1, { error: () => F.maxLength() }).max(MAX_TEXT_LENGTH, { error: () => F.maxLength() }).optional(),
    /** Choice kinds only. */
    choices: z.array(ChoiceSchema, { error: () => F.choicesNotAList() }).optional(),
    /** Free text about practice: the card shows PRACTICE_NOTE under it. */
    aboutPractice: z.boolean({ error: () => F.aboutPracticeNotBoolean() }).optional(),
  },
  () => F.questionNotAnObject(),
);
type QuestionFields = z.output<typeof QuestionFields>;

/** The rules that depend on the kind of question. */
function kindRules(q: QuestionFields, ctx: z.RefinementCtx): void {
  const issue = (path: Array<string | number>, message: string) => ctx.addIssue({ code: 'custom', path, message });
  if (q.aboutPractice === true && !TEXT_KINDS.has(q.kind)) issue(['aboutPractice'], F.aboutPracticeNotText(q.kind));
  if (q.maxLength !== undefined && !TEXT_KINDS.has(q.kind)) issue(['maxLength'], F.maxLengthNotText(q.kind));
  if (!CHOICE_KINDS.has(q.kind)) {
    if (q.choices !== undefined) issue(['choices'], F.choicesNotForKind());
    return;
  }
  if (!q.choices || q.choices.length < MIN_CHOICES || q.choices.length > MAX_CHOICES) {
    issue(['choices'], F.needsChoices(q.kind, q.choices?.length));
    return;
  }
  const values = new Set<string>();
  q.choices.forEach((c, i) => {
    if (values.has(c.value)) issue(['choices', i, 'value'], F.duplicateChoiceValue(c.value));
    values.add(c.value);
  });
}

const withDefaultMaxLength = (q: QuestionFields): QuestionFields =>
  TEXT_KINDS.has(q.kind) ? { ...q, maxLength: q.maxLength ?? DEFAULT_MAX_LENGTH[q.kind as keyof typeof DEFAULT_MAX_LENGTH] } : q;

const QuestionSchema = QuestionFields.superRefine(kindRules).transform(withDefaultMaxLength);

const SectionSchema = formObject(
  {
    id: id(() => F.needsId()),
    title: words(MAX_TITLE_LENGTH, () => F.sectionTitle()),
    intro: optionalIntro(),
    questions: z.array(QuestionSchema, { error: () => F.noQuestions() }).min(1, { error: () => F.noQuestions() }),
  },
  () => F.sectionNotAnObject(),
);

const FormFields = formObject(
  {
    /** May repeat the key the form is listed under; it is checked against it, and filled in from it. */
    id: z.unknown().optional(),
    title: words(MAX_TITLE_LENGTH, () => F.formTitle()),
    intro: optionalIntro(),
    sections: z.array(SectionSchema, { error: () => F.noSections() }).min(1, { error: () => F.noSections() }),
  },
  () => F.formNotAnObject(),
);

/** Ids unique across the form (answers are stored by question id), and each section within one card. */
const FormSchema = FormFields.superRefine((form, ctx) => {
  const sectionIds = new Set<string>();
  const questionSections = new Map<string, string>();
  form.sections.forEach((section, si) => {
    if (sectionIds.has(section.id)) ctx.addIssue({ code: 'custom', path: ['sections', si, 'id'], message: F.duplicateSectionId(section.id) });
    sectionIds.add(section.id);
    section.questions.forEach((q, qi) => {
      const other = questionSections.get(q.id);
      if (other !== undefined) ctx.addIssue({ code: 'custom', path: ['sections', si, 'questions', qi, 'id'], message: F.duplicateQuestionId(other) });
      else questionSections.set(q.id, section.id);
    });
    const bytes = estimateSectionCardBytes(form, section);
    if (bytes > SECTION_CARD_BUDGET_BYTES) ctx.addIssue({ code: 'custom', path: ['sections', si], message: F.sectionTooBig(bytes) });
  });
});

export const FormsSchema = z
  .record(z.string(), FormSchema, { error: () => F.formsNotAnObject() })
  .superRefine((forms, ctx) => {
    for (const [formId, form] of Object.entries(forms)) {
      if (!ID.test(formId)) ctx.addIssue({ code: 'custom', path: [formId], message: F.formIdNotAllowed() });
      else if (form.id !== undefined && form.id !== formId) ctx.addIssue({ code: 'custom', path: [formId, 'id'], message: F.idMismatch(form.id, formId) });
    }
  })
  .transform((forms) => Object.fromEntries(Object.entries(forms).map(([formId, form]) => [formId, { ...form, id: formId }])));

export type FormDefinition = z.output<typeof FormsSchema>[string];
export type FormSection = FormDefinition['sections'][number];
export type Question = z.output<typeof QuestionSchema>;
export type Choice = NonNullable<Question['choices']>[number];
export type QuestionKind = Question['kind'];
