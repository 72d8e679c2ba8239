import { ERASED, held, isTheirAccount, type DataSubject, type PersonalData } from '../../privacy/personal-data.js';
import type { Acknowledgement, Issue } from './issue.js';
import type { Newsletter } from './newsletter.js';

/** Every issue this person answered, with their answer. */
async function answersOf(n: Newsletter, personId: string): Promise<Array<{ issue: Issue; ack: Acknowledgement }>> {
  const out: Array<{ issue: Issue; ack: Acknowledgement }> = [];
  for (const issue of n.all()) {
    const ack = (await n.answers(issue.id)).get(personId);
    if (ack) out.push({ issue, ack });
  }
  return out;
}

const ANSWERS = 'Their answers to newsletters ("Read it", whether they cascaded it, a form\'s answers)';
const COMPOSED = 'Newsletters they composed or changed (their account id as author)';

/** Newsletters: a person's acknowledgements and form answers, and the issues they composed. */
export function newsletterPersonalData(s: { newsletter: Newsletter }): PersonalData {
  const composed = (who: DataSubject) => s.newsletter.all().filter((i) => isTheirAccount(who, i.createdBy) || i.history.some((h) => isTheirAccount(who, h.by)));
  return {
    source: 'newsletter',
    async describe(who) {
      return held({ what: ANSWERS, count: (await answersOf(s.newsletter, who.email)).length, onErase: 'removed; the issue\'s counts drop by one' }, { what: COMPOSED, count: composed(who).length, onErase: 'the author becomes "(erased)"; the issue is kept' });
    },
    async export(who) {
      return {
        answers: (await answersOf(s.newsletter, who.email)).map(({ issue, ack }) => ({ issue: issue.id, title: issue.title, sentAt: issue.sentAt, readAt: ack.readAt, cascaded: ack.cascade, cascadeAt: ack.cascadeAt, formAnswers: ack.answers, answeredAt: ack.answeredAt })),
        composed: composed(who).map((i) => ({ issue: i.id, title: i.title })),
      };
    },
    async erase(who) {
      const { answers, authored } = await s.newsletter.serially(async () => {
        let answers = 0;
        for (const issue of s.newsletter.all()) {
          const acks = await s.newsletter.answers(issue.id);
          if (!acks.get(who.email)) continue;
          await acks.remove(who.email);
          answers++;
        }
        const theirs = composed(who);
        for (const i of theirs) await s.newsletter.put({ ...i, createdBy: isTheirAccount(who, i.createdBy) ? ERASED : i.createdBy, history: i.history.map((h) => (isTheirAccount(who, h.by) ? { ...h, by: ERASED } : h)) });
        return { answers, authored: theirs.length };
      });
      return held({ what: ANSWERS, count: answers, onErase: 'removed' }, { what: COMPOSED, count: authored, onErase: 'author replaced by "(erased)"' });
    },
  };
}
