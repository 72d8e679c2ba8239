import { toCsv } from '../csv.js';
import { answersToRow, type Answers } from '../forms/answers.js';
import { questions, type FormDefinition } from '../forms/definition.js';

/** A campaign's answers for Excel: the feature's own columns first, then one column per question. */
export function answersCsv(form: FormDefinition, leading: string[], rows: Array<{ cells: string[]; answers?: Answers }>): string {
  return toCsv(
    [...leading, ...questions(form).map((q) => q.label)],
    rows.map((r) => [...r.cells, ...answersToRow(form, r.answers)]),
  );
}
