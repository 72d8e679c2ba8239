import { format } from 'date-fns/format';
import { invalid, valid, type Checked, type FieldErrors } from '../validation.js';
import { questions, TEXT_KINDS, type FormDefinition, type Question } from './definition.js';

/**
 * Answers to a form, checked on the server whatever the card allowed: the card's data is
 * untrusted (people can forge it), and Teams sends every input as a string.
 *
 * short-text, long-text, date (yyyy-MM-dd), single-choice: string; multi-choice: string[];
 * rating: 1–5; yes-no: boolean.
 */
export type AnswerValue = string | string[] | number | boolean;
export type Answers = Record<string, AnswerValue>;

/** The card input id for a question. */
export const inputId = (questionId: string) => `q.${questionId}`;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Characters as people count them (an emoji is one), after Windows line endings become \n. */
const charCount = (s: string) => [...s].length;

export function checkAnswers(form: FormDefinition, data: unknown, opts: { sectionId?: string; requireComplete: boolean }): Checked<Answers> {
  let scope: Question[];
  if (opts.sectionId !== undefined) {
    const section = form.sections.find((s) => s.id === opts.sectionId);
    if (!section) return invalid({ sectionId: 'That part of the form no longer exists. Open the form again from the latest message and re-enter your answers.' });
    scope = section.questions;
  } else {
    scope = questions(form);
  }
  const record: Record<string, unknown> = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  const answers: Answers = {};
  const errors: FieldErrors = {};
  for (const q of scope) {
    const key = inputId(q.id);
    const raw = Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
    let text: string;
    if (raw === undefined || raw === null) text = '';
    else if (typeof raw === 'string') text = raw;
    else if (typeof raw === 'number' || typeof raw === 'boolean') text = String(raw);
    else {
      errors[key] = 'This is not a valid answer. Please answer the question again.';
      continue;
    }
    const result = checkOne(q, text);
    if (result === undefined) {
      if (opts.requireComplete && q.required) errors[key] = 'Please answer this question: it is required before you submit.';
    } else if (typeof result === 'object' && 'error' in result) {
      errors[key] = result.error;
    } else {
      answers[q.id] = result;
    }
  }
  return Object.keys(errors).length ? invalid(errors) : valid(answers);
}

/** The answer, undefined when unanswered, or what to fix. */
function checkOne(q: Question, input: string): AnswerValue | undefined | { error: string } {
  if (TEXT_KINDS.has(q.kind)) {
    let s = input.replace(/\r\n?/g, '\n').trim();
    if (q.kind === 'short-text') s = s.replace(/\s*\n\s*/g, ' ');
    if (s === '') return undefined;
    const limit = q.maxLength ?? (q.kind === 'short-text' ? 200 : 2000);
    const n = charCount(s);
    if (n > limit) return { error: `Please shorten this to ${limit} characters or fewer: it is ${n} characters now.` };
    return s;
  }
  const s = input.trim();
  if (s === '') return undefined;
  switch (q.kind) {
    case 'single-choice': {
      const choice = q.choices?.find((c) => c.value === s);
      return choice ? choice.value : { error: 'Please choose one of the options given.' };
    }
    case 'multi-choice': {
      const picked = new Set(s.split(',').map((v) => v.trim()).filter(Boolean));
      if (picked.size === 0) return undefined;
      const known = new Set((q.choices ?? []).map((c) => c.value));
      if ([...picked].some((v) => !known.has(v))) return { error: 'Please choose only from the options given.' };
      // In the order the form lists them, so exports line up.
      return (q.choices ?? []).map((c) => c.value).filter((v) => picked.has(v));
    }
    case 'rating':
      return /^[1-5]$/.test(s) ? Number(s) : { error: 'Please choose a rating from 1 to 5.' };
    case 'yes-no': {
      const v = s.toLowerCase();
      if (v === 'yes' || v === 'true') return true;
      if (v === 'no' || v === 'false') return false;
      return { error: 'Please answer Yes or No.' };
    }
    case 'date':
      return realDate(s) ? s : { error: 'Please pick a real date from the calendar (for example 23 May 2025).' };
    default:
      return { error: 'This is not a valid answer. Please answer the question again.' };
  }
}

function realDate(s: string): Date | undefined {
  const m = DATE.exec(s);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(y, mo - 1, d);
  return date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d ? date : undefined;
}

const isAnswered = (v: AnswerValue | undefined) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);

/** Required questions with no answer, in form order (for "before you submit, answer …"). */
export function missingRequired(form: FormDefinition, answers: Answers): Array<{ sectionId: string; questionId: string; label: string }> {
  return form.sections.flatMap((s) => s.questions.filter((q) => q.required && !isAnswered(answers[q.id])).map((q) => ({ sectionId: s.id, questionId: q.id, label: q.label })));
}

/** Replaces one section's answers: an input cleared on the card removes the old answer. */
export function mergeAnswers(base: Answers, section: Answers, form: FormDefinition, sectionId: string): Answers {
  const target = form.sections.find((s) => s.id === sectionId);
  const out: Answers = { ...base };
  if (!target) return out;
  for (const q of target.questions) {
    delete out[q.id];
    if (Object.prototype.hasOwnProperty.call(section, q.id) && isAnswered(section[q.id])) out[q.id] = section[q.id];
  }
  return out;
}

/** An answer as people read it: choice titles, "Yes"/"No", "4 out of 5", "Friday 23 May 2025"; '' when unanswered. */
export function formatAnswer(q: Question, v: AnswerValue | undefined): string {
  if (!isAnswered(v)) return '';
  const title = (value: string) => q.choices?.find((c) => c.value === value)?.title ?? value;
  switch (q.kind) {
    case 'single-choice':
      return title(String(v));
    case 'multi-choice':
      return (Array.isArray(v) ? v : String(v).split(',')).map((x) => title(String(x).trim())).join(', ');
    case 'rating':
      return `${String(v)} out of 5`;
    case 'yes-no':
      return v === true || v === 'yes' || v === 'true' ? 'Yes' : 'No';
    case 'date': {
      const d = realDate(String(v));
      return d ? format(d, 'EEEE d MMMM yyyy') : String(v);
    }
    default:
      return Array.isArray(v) ? v.join(', ') : String(v);
  }
}

/** One cell per question, in form order (for a CSV export; the writer must still escape cells). */
export function answersToRow(form: FormDefinition, answers: Answers | undefined): string[] {
  return questions(form).map((q) => formatAnswer(q, answers?.[q.id]));
}

/** What the person typed, as the card sent it (strings keyed by question id), to show again after a refusal. */
export function typedAnswers(data: Record<string, unknown>): Answers {
  return Object.fromEntries(Object.entries(data).filter(([k, v]) => k.startsWith('q.') && typeof v === 'string').map(([k, v]) => [k.slice(2), v as string]));
}

/** Answers as card inputs send them (q.<id> → string), e.g. to carry earlier sections' answers on a card. */
export function answerInputs(form: FormDefinition, answers: Answers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const q of questions(form)) {
    const v = answers[q.id];
    if (v === undefined || v === '') continue;
    out[inputId(q.id)] = Array.isArray(v) ? v.join(',') : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);
  }
  return out;
}
