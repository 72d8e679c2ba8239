import { ERASED, held, isTheirAccount, type DataSubject, type PersonalData } from '../../privacy/personal-data.js';
import type { Newsletter } from './newsletter.js';

const ANSWERS = 'Their answers to newsletters ("Read it", whether they cascaded it, a form\'s answers)';
const COMPOSED = 'Newsletters they composed or changed (their account id as author)';

/** Newsletters: a person's acknowledgements and form answers, and the issues they composed. */
export function newsletterPersonalData(s: { newsletter: Newsletter }): PersonalData {
  const composed = (who: DataSubject) => s.newsletter.all().filter((i) => isTheirAccount(who, i.createdBy) || i.history.some((h) => isTheirAccount(who, h.by)));
  return {
    source: 'newsletter',
    async describe(who) {
      return held({ what: ANSWERS, count: (await s.newsletter.answersOf(who.email)).length, onErase: 'removed; the issue\'s counts drop by one' }, { what: COMPOSED, count: composed(who).length, onErase: 'the author becomes "(erased)"; the issue is kept' });
    },
    async export(who) {
      return {
        answers: (await s.newsletter.answersOf(who.email)).map(({ issue, ack }) => ({ issue: issue.id, title: issue.title, sentAt: issue.sentAt, readAt: ack.readAt, cascaded: ack.cascade, cascadeAt: ack.cascadeAt, formAnswers: ack.answers, answeredAt: ack.answeredAt })),
        composed: composed(who).map((i) => ({ issue: i.id, title: i.title })),
      };
    },
    async erase(who) {
      const answers = await s.newsletter.eraseAnswersOf(who.email);
      const authored = await s.newsletter.replaceAuthor((id) => isTheirAccount(who, id), ERASED);
      return held({ what: ANSWERS, count: answers, onErase: 'removed' }, { what: COMPOSED, count: authored, onErase: 'author replaced by "(erased)"' });
    },
  };
}
