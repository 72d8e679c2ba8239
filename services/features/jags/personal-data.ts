import { held, type PersonalData } from '../../privacy/personal-data.js';
import type { Jags } from './jags.js';

const PARTICIPANT = 'JAGS sessions they were listed at as a participant (their email on the session)';
const FACILITATOR = 'JAGS sessions they facilitated';
const RESPONDED = 'JAGS "has answered" markers (that they answered, not what they said)';

/** Said on the card and in the export, so nobody takes the feedback for something missed. */
export const JAGS_UNLINKED =
  'Anonymous JAGS feedback: answers are stored with no email, name, id or time, so nothing links them to the person who gave them. They cannot be found, exported or erased for one person, and are kept.';

/** JAGS: a person's email on sessions (participant or facilitator) and the markers that they answered. */
export function jagsPersonalData(s: { jags: Jags }): PersonalData {
  return {
    source: 'jags',
    unlinked: [JAGS_UNLINKED],
    async describe(who) {
      const f = await s.jags.sessionsAbout(who.email);
      return held(
        { what: PARTICIPANT, count: f.participant.length, onErase: 'their email removed from the session; still counted as invited' },
        { what: FACILITATOR, count: f.facilitator.length, onErase: 'their email replaced by "(erased)"; the session is kept' },
        { what: RESPONDED, count: f.responded.length, onErase: 'removed' },
      );
    },
    async export(who) {
      const f = await s.jags.sessionsAbout(who.email);
      const answered = new Set(f.responded.map((x) => x.id));
      const session = (x: { id: string; startsAt: string; status: string }) => ({ session: x.id, startsAt: x.startsAt, feedbackStatus: x.status });
      return {
        asParticipant: f.participant.map((x) => ({ ...session(x), answered: answered.has(x.id) })),
        asFacilitator: f.facilitator.map(session),
        notLinked: JAGS_UNLINKED,
      };
    },
    async erase(who) {
      const n = await s.jags.eraseAbout(who.email);
      return held(
        { what: PARTICIPANT, count: n.participant, onErase: 'email removed' },
        { what: FACILITATOR, count: n.facilitator, onErase: 'email replaced by "(erased)"' },
        { what: RESPONDED, count: n.responded, onErase: 'removed' },
      );
    },
  };
}
