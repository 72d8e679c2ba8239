import type { Answers } from '../forms/answers.js';
import type { FormDefinition, Question } from '../forms/form-schema.js';
import type { ReplicaColumn, ReplicaRow } from './replica-spec.js';

/** A question's column: its internal name comes from the question id, so a reworded label keeps its column. */
export function questionColumnName(questionId: string): string {
  return `Q_${questionId.replace(/[^A-Za-z0-9]/g, '_')}`;
}

function columnFor(q: Question): ReplicaColumn {
  const base = { name: questionColumnName(q.id), displayName: q.label.slice(0, 255) };
  switch (q.kind) {
    case 'single-choice':
      return { ...base, type: 'choice', choices: (q.choices ?? []).map((c) => c.title) };
    case 'rating':
      return { ...base, type: 'number' };
    case 'yes-no':
      return { ...base, type: 'boolean' };
    case 'date':
      return { ...base, type: 'dateTime' };
    case 'short-text':
      return { ...base, type: 'text' };
    default:
      // Long text, and several choices (their titles, one a line).
      return { ...base, type: 'note' };
  }
}

/** A column per question of each form, once each: a form that gains a question gains a column. */
export function formColumns(forms: Array<FormDefinition | undefined>): ReplicaColumn[] {
  const byName = new Map<string, ReplicaColumn>();
  for (const f of forms) for (const s of f?.sections ?? []) for (const q of s.questions) if (!byName.has(questionColumnName(q.id))) byName.set(questionColumnName(q.id), columnFor(q));
  return [...byName.values()];
}

/** The answers as field values: choices by their titles, dates as dates, ratings as numbers. */
export function answerFields(form: FormDefinition | undefined, answers: Answers | undefined): ReplicaRow {
  const row: ReplicaRow = {};
  for (const s of form?.sections ?? []) {
    for (const q of s.questions) {
      const v = answers?.[q.id];
      const title = (value: string) => q.choices?.find((c) => c.value === value)?.title ?? value;
      let out: string | number | boolean | null;
      if (v === undefined || v === '') out = null;
      else if (Array.isArray(v)) out = v.map(title).join('\n');
      else if (q.kind === 'single-choice' && typeof v === 'string') out = title(v);
      else if (q.kind === 'date' && typeof v === 'string') out = `${v}T00:00:00Z`;
      else out = v;
      row[questionColumnName(q.id)] = out;
    }
  }
  return row;
}
