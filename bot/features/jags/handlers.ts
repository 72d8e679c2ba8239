import type { Application, TurnState } from '@microsoft/teams-ai';
import { formSummaryCard } from '../../../adaptive-cards/form-section.js';
import { jagsExportCard, jagsHomeCard, jagsQuarterCard, jagsRequestFormCard, jagsSessionCard, jagsSessionFormCard } from '../../../adaptive-cards/features/jags/jags.js';
import { VERBS } from '../../../adaptive-cards/verbs.js';
import type { AppServices } from '../../../services/app-services.js';
import { jagsHomeView, quarterView, recentQuarters, requestLine, sessionView } from '../../../services/form-views.js';
import { typedAnswers } from '../../../services/forms/answers.js';
import { JAGS_OUTCOMES } from '../../../services/features/jags/jags.js';
import { AnswersInvalidError, FormIncompleteError, sectionTarget } from '../../../services/forms/errors.js';
import { str, UserFacingError } from '../../../services/validation.js';
import { formatDayDateTime, zonedParts } from '../../../services/zoned-time.js';
import { onCardAction, type ErrorCard } from '../../card-action.js';
import { feedbackFormCard } from './feedback-card.js';

export function registerJagsHandlers(app: Application<TurnState>, s: AppServices): void {
  const today = () => zonedParts(s.clock.now(), s.config.timeZone).date;

  // The business unit.
  onCardAction(app, s, VERBS.jagsHome, async () => jagsHomeCard(jagsHomeView(s)));
  const requestForm = (values: Record<string, string> = {}, errors?: Record<string, string>) => jagsRequestFormCard({ outcomes: JAGS_OUTCOMES, values, errors, today: today() });
  onCardAction(app, s, VERBS.jagsRequestForm, async () => requestForm());
  onCardAction(
    app,
    s,
    VERBS.jagsLogRequest,
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
  onCardAction(app, s, VERBS.jagsSessionForm, async (data) => sessionForm(str(data, 'requestId')));
  onCardAction(
    app,
    s,
    VERBS.jagsLogSession,
    async (data) => {
      const { session, warning } = await s.jags.logSession(data);
      return jagsSessionCard(await sessionView(s, session, { warning, notice: 'Session logged. Participants get the feedback form after it ends.' }));
    },
    (e, data) => sessionForm(str(data, 'requestId'), Object.fromEntries(['date', 'time', 'facilitator1', 'facilitator2', 'participants'].map((k) => [k, str(data, k)])), e instanceof AnswersInvalidError ? e.errors : { requestId: e instanceof UserFacingError ? e.message : 'The session could not be saved just now. Nothing was lost from this card: press the button again.' }),
  );
  onCardAction(app, s, VERBS.jagsSession, async (data) => jagsSessionCard(await sessionView(s, s.jags.session(str(data, 'sessionId')))));
  onCardAction(app, s, VERBS.jagsQuarter, async (data) => jagsQuarterCard(await quarterView(s, str(data, 'quarter') || recentQuarters(s)[0].value)));
  onCardAction(app, s, VERBS.jagsExport, async () => {
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
  onCardAction(app, s, VERBS.jagsFeedbackOpen, async (data, ctx) => {
    const { session, form } = await s.jags.participantContext(ctx.actor.teamsUserId, str(data, 'sessionId'));
    return feedbackFormCard(s, session, form, 0, {});
  });
  onCardAction(
    app,
    s,
    VERBS.jagsFeedbackNavigate,
    async (data, ctx) => {
      const r = await s.jags.collect(ctx.actor.teamsUserId, data, false);
      return feedbackFormCard(s, r.session, r.form, sectionTarget(r.form, data.to), r.answers);
    },
    formAgain,
  );
  onCardAction(
    app,
    s,
    VERBS.jagsFeedbackSubmit,
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
