import { checkAnswers, mergeAnswers, type Answers } from '../../forms/answers.js';
import type { FormDefinition } from '../../forms/definition.js';
import { AnswersInvalidError, assertComplete } from '../../forms/errors.js';
import { str, UserFacingError } from '../../validation.js';
import type { Acknowledgement, Issue, Presser } from './issue.js';
import { WITHDRAWN, type Newsletter } from './newsletter.js';

/**
 * A form carried by a broadcast (e.g. a short survey): answered a section at a time in chat,
 * kept under the person between sections, checked on the server like every form, and counted
 * as their answer once submitted.
 */

/** The carried form, and this person's answers so far; refuses when the issue carries none or was recalled. */
export async function formContext(n: Newsletter, who: Presser, issueId: unknown): Promise<{ issue: Issue; personId: string; form: FormDefinition; ack?: Acknowledgement }> {
  const { issue, personId } = await n.assertRecipient(who, issueId);
  if (issue.recalledAt) throw new UserFacingError(WITHDRAWN, 'closed');
  const form = n.form(issue);
  if (issue.ask !== 'form' || !form) throw new UserFacingError('This issue carries no form, or its form is no longer in the configuration. Ask the NSCP business unit.', 'closed');
  return { issue, personId, form, ack: await n.acknowledgementOf(issue.id, personId) };
}

/** Keeps one section's answers (checked for kind and length) while the person moves through the form. */
export function saveFormSection(n: Newsletter, who: Presser, data: unknown): Promise<{ issue: Issue; form: FormDefinition; ack: Acknowledgement; working: Answers }> {
  return n.serially(async () => {
    const { issue, personId, form, ack } = await formContext(n, who, str(data, 'issueId'));
    const sectionId = str(data, 'sectionId');
    const checked = checkAnswers(form, data, { sectionId, requireComplete: false });
    if (!checked.ok) throw new AnswersInvalidError(checked.errors);
    const working = mergeAnswers(ack?.draft ?? ack?.answers ?? {}, checked.value, form, sectionId);
    const next: Acknowledgement = { ...(ack ?? { id: personId }), draft: working };
    await (await n.answers(issue.id)).put(next);
    return { issue, form, ack: next, working };
  });
}

/** Submits the carried form: every required answer must be in. Submitting again replaces the answers. */
export async function submitForm(n: Newsletter, who: Presser, data: unknown): Promise<{ issue: Issue; form: FormDefinition; ack: Acknowledgement }> {
  const { issue, form, ack, working } = await saveFormSection(n, who, data);
  assertComplete(form, working);
  return n.serially(async () => {
    const now = n.now();
    const done: Acknowledgement = { ...ack, draft: undefined, readAt: ack.readAt ?? now, answers: working, answeredAt: now };
    await (await n.answers(issue.id)).put(done);
    return { issue, form, ack: done };
  });
}
