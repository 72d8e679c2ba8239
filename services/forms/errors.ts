import { UserFacingError, type FieldErrors } from '../validation.js';
import { inputId, missingRequired, type Answers } from './answers.js';
import type { FormDefinition } from './definition.js';

/** A submit with required answers missing: the card goes back to the first section that needs them. */
export class FormIncompleteError extends UserFacingError {
  constructor(
    readonly errors: FieldErrors,
    readonly sectionIndex: number,
    /** Everything answered so far (already saved as a draft), to show again. */
    readonly answers: Answers,
  ) {
    super('Some required questions are not answered yet. They are marked below.');
  }
}

/** Answers that fail the form's rules (too long, a choice that does not exist): nothing was saved. */
export class AnswersInvalidError extends UserFacingError {
  constructor(readonly errors: FieldErrors) {
    super('Some answers need fixing before they can be saved. They are marked below.');
  }
}

/** Throws FormIncompleteError, pointing at the first section with a required question unanswered. */
export function assertComplete(form: FormDefinition, answers: Answers): void {
  const missing = missingRequired(form, answers);
  if (!missing.length) return;
  const first = missing[0].sectionId;
  const errors = Object.fromEntries(missing.filter((m) => m.sectionId === first).map((m) => [inputId(m.questionId), 'Answer this question before you submit.']));
  throw new FormIncompleteError(errors, form.sections.findIndex((s) => s.id === first), answers);
}

/** The section a Back/Next button asks for, kept inside the form whatever the card sent. */
export function sectionTarget(form: FormDefinition, to: unknown): number {
  return Math.min(Math.max(0, Math.floor(Number(to)) || 0), form.sections.length - 1);
}
