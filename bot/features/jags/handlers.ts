import { formSummaryCard } from '../../../adaptive-cards/form-section.js';
import { jagsExportCard, jagsHomeCard, jagsQuarterCard, jagsRequestFormCard, jagsSessionCard, jagsSessionFormCard } from '../../../adaptive-cards/features/jags/jags.js';
import { typedAnswers } from '../../../services/forms/answers.js';
import { JAGS_OUTCOMES } from '../../../services/features/jags/jags.js';
import { AnswersInvalidError, FormIncompleteError, sectionTarget } from '../../../services/forms/errors.js';
import { str, UserFacingError } from '../../../services/validation.js';
import { formatDayDateTime, zonedParts } from '../../../services/zoned-time.js';
import { jagsHomeView, quarterView, recentQuarters, requestLine, sessionView } from '../../../services/features/jags/views.js';
import { audienceMember, BUSINESS_UNIT, type CardActions, type ErrorCard } from '../../card-actions.js';
import type { JagsDeps } from './deps.js';
import { feedbackFormCard } from './feedback-card.js';
import { JAGS_VERBS } from '../../../adaptive-cards/features/jags/verbs.js';

export function registerJagsHandlers(actions: CardActions, s: JagsDeps): void {
  const participant = audienceMember('JAGS session', (data, ctx) => void s.jags.assertParticipant(ctx.actor.teamsUserId, str(data, 'sessionId')));
  const today = () => zonedParts(s.clock.now(), s.config.timeZone).date;

  // The business unit.
  actions.add(JAGS_VERBS.jagsHome, BUSINESS_UNIT, async () => jagsHomeCard(jagsHomeView(s)));
  const requestForm = (values: Record<string, string> = {}, errors?: Record<string, string>) => jagsRequestFormCard({ outcomes: JAGS_OUTCOMES, values, errors, today: today() });
  actions.add(JAGS_VERBS.jagsRequestForm, BUSINESS_UNIT, async () => requestForm());
  actions.add(JAGS_VERBS.jagsLogRequest, BUSINESS_UNIT,
    async (data) => {
      const r = await s.jags.logRequest(data);
      return jagsHomeCard({ ...jagsHomeView(s), notice: { text: `Logged: ${requestLine(r)}. ${r.outcome === 'proceeded' ? 'Log the session when it is arranged.' : ''}`, tone: 'good' } });
    },
    (e, data) => requestForm(Object.fromEntries(['receivedOn', 'agency', 'role', 'outcome', 'signpostedTo'].map((k) => [k, str(data, k)])), e instanceof AnswersInvalidError ? e.errors : { receivedOn: e instanceof UserFacingError ? e.message : 'The request could not be saved just now. Nothing was lost from this card: press the button again.' }),
  );

  const sessionForm = (requestId: string, values: Record<string, string> = {}, errors?: Record<string, string>) => {
    const request = s.jags.request(requestId);
    return jagsSessionFormCard({
      requestId,
      requestLine: requestLine(request),
      facilitators: s.jags.facilitators().map((p) => ({ id: p.id, label: `${p.name} (${p.organisation})` })),
      values,
      errors,
    });
  };
  actions.add(JAGS_VERBS.jagsSessionForm, BUSINESS_UNIT, async (data) => sessionForm(str(data, 'requestId')));
  actions.add(JAGS_VERBS.jagsLogSession, BUSINESS_UNIT,
    async (data) => {
      const { session, warning } = await s.jags.logSession(data);
      return jagsSessionCard(await sessionView(s, session, { warning, notice: 'Session logged. Participants get the feedback form after it ends.' }));
    },
    (e, data) => sessionForm(str(data, 'requestId'), Object.fromEntries(['date', 'time', 'facilitator1', 'facilitator2', 'participants'].map((k) => [k, str(data, k)])), e instanceof AnswersInvalidError ? e.errors : { requestId: e instanceof UserFacingError ? e.message : 'The session could not be saved just now. Nothing was lost from this card: press the button again.' }),
  );
  actions.add(JAGS_VERBS.jagsSession, BUSINESS_UNIT, async (data) => jagsSessionCard(await sessionView(s, s.jags.session(str(data, 'sessionId')))));
  actions.add(JAGS_VERBS.jagsQuarter, BUSINESS_UNIT, async (data) => jagsQuarterCard(await quarterView(s, str(data, 'quarter') || recentQuarters(s)[0].value)));
  actions.add(JAGS_VERBS.jagsExport, BUSINESS_UNIT, async () => {
    const files = await s.jags.exports();
    return jagsExportCard(files.map((f) => ({ title: f.filename, url: `${s.config.publicBaseUrl}/exports/${s.exports.create(f.filename, f.content)}` })));
  });

  // Participants.
  const formAgain: ErrorCard = (e, data) => {
    const session = s.jags.session(str(data, 'sessionId'));
    const form = s.jags.form(session);
    if (e instanceof UserFacingError && (e.code === 'forbidden' || e.code === 'closed')) throw e;
    const typed = typedAnswers(data);
    const sectionIndex = e instanceof FormIncompleteError ? e.sectionIndex : Math.max(0, form.sections.findIndex((x) => x.id === str(data, 'sectionId')));
    const message = e instanceof UserFacingError ? e.message : 'Your feedback could not be saved just now. Nothing on this card was lost: press the button again.';
    return feedbackFormCard(s, session, form, sectionIndex, e instanceof FormIncompleteError ? e.answers : typed, {
      errors: e instanceof FormIncompleteError || e instanceof AnswersInvalidError ? e.errors : undefined,
      banner: { text: message, tone: 'attention' },
    });
  };
  actions.add(JAGS_VERBS.jagsFeedbackOpen, participant, async (data, ctx) => {
    const { session, form } = await s.jags.participantContext(ctx.actor.teamsUserId, str(data, 'sessionId'));
    return feedbackFormCard(s, session, form, 0, {});
  });
  actions.add(JAGS_VERBS.jagsFeedbackNavigate, participant,
    async (data, ctx) => {
      const r = await s.jags.collect(ctx.actor.teamsUserId, data, false);
      return feedbackFormCard(s, r.session, r.form, sectionTarget(r.form, data.to), r.answers);
    },
    formAgain,
  );
  actions.add(JAGS_VERBS.jagsFeedbackSubmit, participant,
    async (data, ctx) => {
      const r = await s.jags.submit(ctx.actor.teamsUserId, data);
      return formSummaryCard({
        form: r.form,
        answers: r.answers,
        context: { title: 'JAGS feedback sent', subtitle: formatDayDateTime(new Date(r.session.startsAt), s.config.timeZone), banner: { text: 'Thank you. Your answers were stored anonymously; facilitators see only the collated results.', tone: 'good' } },
      });
    },
    formAgain,
  );
}
