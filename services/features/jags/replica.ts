import type { AppConfig } from '../../config.js';
import { answerFields, formColumns } from '../../replica/form-columns.js';
import type { ReplicaSource } from '../../replica/replica-spec.js';
import { JAGS_OUTCOMES, type Jags, type JagsFeedback, type JagsRequest, type JagsSession } from './jags.js';

/**
 * JAGS requests, sessions and their feedback. Feedback is anonymous in SharePoint as it is here:
 * a row holds the session's bot id and the answers, nothing about who gave them or when; it is
 * only sent once the session's feedback has closed, all of a session's rows together, so
 * SharePoint's own Created time and item numbers can't be matched to who answered when.
 * Sessions hold no names either: how many were asked is enough for the partnership's report.
 */
export function jagsReplica(deps: { config: AppConfig; jags: Jags }): ReplicaSource<never>[] {
  const sessionOf = (id: string) => deps.jags.allSessions().find((s) => s.id === id);
  const requests: ReplicaSource<JagsRequest> = {
    list: {
      list: 'nscpJagsRequests',
      displayName: 'NSCP JAGS requests',
      description: 'Requests for a JAGS session and their outcome (kept in step by the bot).',
      columns: [
        { name: 'ReceivedOn', displayName: 'Received on', type: 'dateTime' },
        { name: 'Agency', type: 'text' },
        { name: 'Role', type: 'text' },
        { name: 'Outcome', type: 'choice', choices: Object.values(JAGS_OUTCOMES) },
        { name: 'SignpostedTo', displayName: 'Signposted to', type: 'text' },
      ],
    },
    collection: 'jags-requests',
    row: (r) => ({
      Title: `${r.agency} ${r.receivedOn.slice(0, 10)}`,
      ReceivedOn: r.receivedOn.length === 10 ? `${r.receivedOn}T00:00:00Z` : r.receivedOn,
      Agency: r.agency,
      Role: r.role,
      Outcome: JAGS_OUTCOMES[r.outcome],
      SignpostedTo: r.signpostedTo ?? null,
    }),
  };
  const sessions: ReplicaSource<JagsSession> = {
    list: {
      list: 'nscpJagsSessions',
      displayName: 'NSCP JAGS sessions',
      description: 'JAGS sessions held, and how many were asked for feedback (kept in step by the bot).',
      columns: [
        { name: 'RequestBotId', displayName: 'Request (bot id)', type: 'text' },
        { name: 'StartsAt', displayName: 'Starts at', type: 'dateTime' },
        { name: 'DurationMinutes', displayName: 'Minutes', type: 'number' },
        { name: 'Invited', displayName: 'Asked for feedback', type: 'number' },
        { name: 'Status', type: 'choice', choices: ['Scheduled', 'Feedback open', 'Closed'] },
      ],
    },
    collection: 'jags-sessions',
    row: (s) => ({
      Title: `JAGS session ${s.startsAt.slice(0, 10)}`,
      RequestBotId: s.requestId,
      StartsAt: s.startsAt,
      DurationMinutes: s.durationMinutes,
      Invited: s.participants.length + (s.erasedParticipants ?? 0),
      Status: s.status === 'scheduled' ? 'Scheduled' : s.status === 'open' ? 'Feedback open' : 'Closed',
    }),
  };
  const feedbackForm = () => deps.config.partnership.forms[deps.config.partnership.jags.feedbackFormId];
  const feedback: ReplicaSource<JagsFeedback> = {
    list: {
      list: 'nscpJagsFeedback',
      displayName: 'NSCP JAGS feedback',
      description: 'Anonymous feedback on JAGS sessions: no names, no times (kept in step by the bot).',
      columns: [{ name: 'SessionBotId', displayName: 'Session (bot id)', type: 'text' }, ...formColumns([feedbackForm()])],
    },
    collection: 'jags-feedback',
    row: (f) => {
      const session = sessionOf(f.sessionId);
      return { Title: 'JAGS feedback', SessionBotId: f.sessionId, ...answerFields(session ? deps.config.partnership.forms[session.formId] : feedbackForm(), f.answers) };
    },
    hold: (f) => sessionOf(f.sessionId)?.status !== 'closed',
    anonymous: true,
  };
  return [requests, sessions, feedback] as ReplicaSource<never>[];
}
