import { inputId, formatAnswer, type AnswerValue, type Answers } from '../services/forms/answers.js';
import { PRACTICE_NOTE, type FormDefinition, type Question } from '../services/forms/definition.js';
import type { FieldErrors } from '../services/validation.js';
import { banner, card, execute, heading, text, type AdaptiveCard, type Element } from './elements.js';
import type { Verb } from './verbs.js';

/**
 * Any form from the partnership config (JAGS feedback, Section 11 return, …) as cards: one card
 * per section, and a read-only summary once it is sent. The server checks every answer again
 * (services/forms/answers.ts); inputs are never marked isRequired, because Teams then refuses to
 * send the card and a half-finished draft could not be saved.
 */

export interface FormCardContext {
  title: string;
  subtitle?: string;
  /** e.g. "Last changed by Jo Bloggs on Friday 23 May 2025, 10:30". */
  lastChanged?: string;
  banner?: { text: string; tone: 'good' | 'warning' | 'attention' | 'accent' };
}

export interface FormVerbs {
  save?: Verb;
  navigate: Verb;
  submit: Verb;
}

export interface FormSectionCardInput {
  form: FormDefinition;
  sectionIndex: number;
  answers: Answers;
  errors?: FieldErrors;
  context: FormCardContext;
  verbs: FormVerbs;
  /** Sent back with every action (e.g. form and response ids); sectionId and `to` are added. */
  data: Record<string, unknown>;
  canSubmit: boolean;
}

const RATING_CHOICES = ['1', '2', '3', '4', '5'].map((v) => ({ title: v, value: v }));
const YES_NO_CHOICES = [
  { title: 'Yes', value: 'yes' },
  { title: 'No', value: 'no' },
];

/** The value to show in the input: what the person typed (on an error) or what was saved. */
function inputValue(q: Question, v: AnswerValue | undefined): string | undefined {
  if (v === undefined || v === '') return undefined;
  if (Array.isArray(v)) return v.length ? v.join(',') : undefined;
  if (q.kind === 'yes-no' && typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

function questionInput(q: Question, value: string | undefined): Element {
  const base: Element = { id: inputId(q.id), label: q.required ? `${q.label} (required)` : q.label, ...(value !== undefined ? { value } : {}) };
  switch (q.kind) {
    case 'short-text':
      return { type: 'Input.Text', ...base, maxLength: q.maxLength ?? 200 };
    case 'long-text':
      return { type: 'Input.Text', ...base, isMultiline: true, maxLength: q.maxLength ?? 2000 };
    case 'single-choice':
      return { type: 'Input.ChoiceSet', ...base, style: (q.choices?.length ?? 0) > 5 ? 'compact' : 'expanded', ...(value === undefined ? { placeholder: 'Choose one' } : {}), choices: (q.choices ?? []).map((c) => ({ title: c.title, value: c.value })) };
    case 'multi-choice':
      return { type: 'Input.ChoiceSet', ...base, isMultiSelect: true, style: 'expanded', choices: (q.choices ?? []).map((c) => ({ title: c.title, value: c.value })) };
    case 'rating':
      return { type: 'Input.ChoiceSet', ...base, style: 'expanded', choices: RATING_CHOICES };
    case 'yes-no':
      return { type: 'Input.ChoiceSet', ...base, style: 'expanded', choices: YES_NO_CHOICES };
    case 'date':
      return { type: 'Input.Date', ...base };
  }
}

const subtle = (value: string): Element => text(value, { isSubtle: true, size: 'Small', spacing: 'Small' });
const errorText = (value: string): Element => text(value, { color: 'Attention', size: 'Small', spacing: 'Small' });

function contextBlocks(context: FormCardContext): Element[] {
  return [
    ...heading(context.title, context.subtitle),
    ...(context.banner ? [banner(context.banner.text, context.banner.tone)] : []),
    ...(context.lastChanged ? [subtle(context.lastChanged)] : []),
  ];
}

/** One section of a form, filled with the saved or typed answers, with any errors beside their inputs. */
export function formSectionCard(input: FormSectionCardInput): AdaptiveCard {
  const { form, context, verbs } = input;
  const count = form.sections.length;
  const index = Math.min(Math.max(0, Math.trunc(input.sectionIndex)), count - 1);
  const section = form.sections[index];
  const errors = input.errors ?? {};
  const last = index === count - 1;

  const body: Element[] = [...contextBlocks(context)];
  if (index === 0 && form.intro) body.push(text(form.intro));

  // Errors for this section go beside their inputs; any others (another section, the form as a whole) are listed here.
  const here = new Set(section.questions.map((q) => inputId(q.id)));
  const elsewhere = Object.entries(errors).filter(([k]) => !here.has(k));
  if (Object.keys(errors).length && context.banner?.tone !== 'attention') body.push(banner('Please fix the items marked below.', 'attention'));
  for (const [, message] of elsewhere) body.push(errorText(message));

  body.push(text(count > 1 ? `Section ${index + 1} of ${count}: ${section.title}` : section.title, { weight: 'Bolder', size: 'Medium', spacing: 'Large', separator: true }));
  if (section.intro) body.push(text(section.intro));

  for (const q of section.questions) {
    const id = inputId(q.id);
    body.push({ ...questionInput(q, inputValue(q, input.answers[q.id])), spacing: 'Large' });
    if (q.help) body.push(subtle(q.help));
    if (errors[id]) body.push(errorText(errors[id]));
    if (q.aboutPractice) body.push(subtle(PRACTICE_NOTE));
  }

  const withSection = { ...input.data, sectionId: section.id };
  const auto = { associatedInputs: 'auto' };
  // Anonymous forms keep nothing on the server before submit, so they have no save verb and no "Save draft".
  const actions: Element[] = verbs.save ? [execute('Save draft', verbs.save, withSection, auto)] : [];
  if (index > 0) actions.push(execute('Back', verbs.navigate, { ...withSection, to: index - 1 }, auto));
  if (!last) actions.push(execute('Next', verbs.navigate, { ...withSection, to: index + 1 }, { ...auto, style: 'positive' }));
  if (last && input.canSubmit) actions.push(execute('Submit', verbs.submit, withSection, { ...auto, style: 'positive' }));
  return card(body, actions);
}

export interface FormSummaryCardInput {
  form: FormDefinition;
  answers: Answers;
  context: FormCardContext;
  /** Present while the form is still open: an "Edit" button. */
  edit?: { verb: Verb; data: Record<string, unknown>; title?: string };
}

/** Above this many characters of answers the summary shortens long answers, to stay under Teams' card size limit. */
const SUMMARY_ANSWER_BUDGET = 14000;
const MIN_SHOWN = 300;

/**
 * People's own words, as plain text: a RichTextBlock's TextRun is not read as markdown, so a
 * typed "[link](…)" or "**" shows as typed. One block per line, since line breaks are not kept.
 */
function plainText(value: string): Element[] {
  let lines = value.split(/\n\s*\n+/).join('\n\n').split('\n');
  if (lines.length > 20) lines = [...lines.slice(0, 19), lines.slice(19).filter(Boolean).join(' ')];
  return lines.map((line, i) => ({
    type: 'RichTextBlock',
    spacing: i === 0 ? 'Small' : 'None',
    inlines: [{ type: 'TextRun', text: line === '' ? ' ' : line }],
  }));
}

/** What was sent, read-only; with an Edit button while the form is still open. */
export function formSummaryCard(input: FormSummaryCardInput): AdaptiveCard {
  const { form, answers } = input;
  const formatted = new Map(form.sections.flatMap((s) => s.questions).map((q) => [q.id, formatAnswer(q, answers[q.id])]));
  const total = [...formatted.values()].reduce((n, v) => n + v.length, 0);
  let cap = Infinity;
  if (total > SUMMARY_ANSWER_BUDGET) {
    const long = [...formatted.values()].filter((v) => v.length > MIN_SHOWN).length;
    cap = Math.max(MIN_SHOWN, Math.floor(SUMMARY_ANSWER_BUDGET / Math.max(1, long)));
  }
  let shortened = false;

  const body: Element[] = [...contextBlocks(input.context)];
  for (const section of form.sections) {
    body.push(text(section.title, { weight: 'Bolder', size: 'Medium', spacing: 'Large', separator: true }));
    for (const q of section.questions) {
      body.push(text(q.label, { weight: 'Bolder', spacing: 'Medium' }));
      let value = formatted.get(q.id) ?? '';
      if (value === '') {
        body.push(text('—', { isSubtle: true, spacing: 'Small' }));
        continue;
      }
      if (value.length > cap) {
        value = `${[...value].slice(0, cap).join('').trimEnd()}…`;
        shortened = true;
      }
      body.push(...plainText(value));
    }
  }
  if (shortened) body.push(subtle('Long answers are shortened here. Everything you wrote has been kept.'));
  const actions = input.edit ? [execute(input.edit.title ?? 'Edit', input.edit.verb, input.edit.data, { associatedInputs: 'none' })] : [];
  return card(body, actions);
}
