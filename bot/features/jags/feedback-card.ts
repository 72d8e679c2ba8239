import { formSectionCard, type FormCardContext } from '../../../adaptive-cards/form-section.js';
import type { AppConfig } from '../../../services/config.js';
import { answerInputs, type Answers } from '../../../services/forms/answers.js';
import type { FormDefinition } from '../../../services/forms/definition.js';
import type { JagsSession } from '../../../services/features/jags/jags.js';
import { formatDayDateTime } from '../../../services/zoned-time.js';
import { JAGS_VERBS } from '../../../adaptive-cards/features/jags/verbs.js';

const FEEDBACK_VERBS = { navigate: JAGS_VERBS.jagsFeedbackNavigate, submit: JAGS_VERBS.jagsFeedbackSubmit };

/**
 * The participant's feedback form for a session, as sent in chat and after each press. Anonymous
 * forms keep nothing on the server before submit: earlier sections' answers ride on the card.
 */
export function feedbackFormCard(s: { config: AppConfig }, session: JagsSession, form: FormDefinition, sectionIndex: number, answers: Answers, extra: { errors?: Record<string, string>; banner?: FormCardContext['banner'] } = {}) {
  const closes = session.closesAt ? ` Closes ${formatDayDateTime(new Date(session.closesAt), s.config.timeZone)}.` : '';
  return formSectionCard({
    form,
    sectionIndex,
    answers,
    errors: extra.errors,
    context: { title: `JAGS feedback: session on ${formatDayDateTime(new Date(session.startsAt), s.config.timeZone)}`, subtitle: `Anonymous: nothing you type is kept until you submit, and then it is stored with no link to you.${closes}`, banner: extra.banner },
    verbs: FEEDBACK_VERBS,
    data: { sessionId: session.id, carried: JSON.stringify(answerInputs(form, answers)) },
    canSubmit: true,
  });
}

