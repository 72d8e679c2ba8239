import type { AppConfig } from '../../config.js';
import type { Delivery } from '../../delivery/deliveries.js';
import type { People } from '../../people/people.js';
import { answerFields, formColumns } from '../../replica/form-columns.js';
import type { ReplicaSource } from '../../replica/replica-spec.js';
import { KINDS } from './follow-ups.js';
import { stageOf, type Acknowledgement, type Issue } from './issue.js';
import type { Newsletter } from './newsletter.js';

const STAGES = { draft: 'Draft', scheduled: 'Scheduled', sent: 'Sent', recalled: 'Recalled' } as const;
const SENDING: Record<Delivery['status'], string> = { queued: 'Waiting to send', sending: 'Sending', sent: 'Sent', failed: 'Failed', blocked: 'Blocked the app', 'not-installed': 'Does not have the app', superseded: 'Replaced' };

/**
 * Newsletter issues, who each was sent to, and what people pressed (Read it, whether they
 * cascaded it, a carried form's answers). A person appears by name and organisation only.
 */
export function newsletterReplica(deps: { config: AppConfig; newsletter: Newsletter; people: People }): ReplicaSource<never>[] {
  const issueOf = (id: string) => deps.newsletter.all().find((i) => i.id === id);
  const who = (personId: string) => {
    const p = deps.people.person(personId);
    return { Person: p?.name ?? null, Organisation: p?.organisation ?? null };
  };
  const issues: ReplicaSource<Issue> = {
    list: {
      list: 'nscpNewsletters',
      displayName: 'NSCP newsletters',
      description: 'Newsletter issues and broadcasts (kept in step by the bot).',
      columns: [
        { name: 'Stage', type: 'choice', choices: Object.values(STAGES) },
        { name: 'SendAt', displayName: 'Scheduled for', type: 'dateTime' },
        { name: 'SentAt', displayName: 'Sent at', type: 'dateTime' },
        { name: 'RecalledAt', displayName: 'Recalled at', type: 'dateTime' },
        { name: 'Version', type: 'number' },
      ],
    },
    collection: 'newsletter-issues',
    row: (i) => ({ Title: i.title, Stage: STAGES[stageOf(i)], SendAt: i.sendAt ?? null, SentAt: i.sentAt ?? null, RecalledAt: i.recalledAt ?? null, Version: i.version }),
  };
  const deliveries: ReplicaSource<Delivery> = {
    list: {
      list: 'nscpNewsletterDeliveries',
      displayName: 'NSCP newsletter deliveries',
      description: 'Who each newsletter and its reminder were sent to (kept in step by the bot).',
      columns: [
        { name: 'IssueBotId', displayName: 'Issue (bot id)', type: 'text' },
        { name: 'Person', type: 'text' },
        { name: 'Organisation', type: 'text' },
        { name: 'Kind', type: 'choice', choices: ['Newsletter', 'Reminder'] },
        { name: 'Status', type: 'choice', choices: Object.values(SENDING) },
        { name: 'SentAt', displayName: 'Sent at', type: 'dateTime' },
      ],
    },
    collection: 'deliveries/newsletter-',
    botId: (collection, id, opaque) => opaque(collection, id),
    // Edits and recalls of a card already sent are not rows of their own: the issue's row says so.
    row: (d) =>
      d.op === 'send' && (d.kind === KINDS.issue || d.kind === KINDS.reminder)
        ? { Title: issueOf(d.subjectId)?.title ?? d.subjectId, IssueBotId: d.subjectId, ...who(d.personId), Kind: d.kind === KINDS.issue ? 'Newsletter' : 'Reminder', Status: SENDING[d.status], SentAt: d.sentAt ?? null }
        : undefined,
  };
  const forms = deps.config.partnership.newsletter.formIds.map((id) => deps.config.partnership.forms[id]);
  const acks: ReplicaSource<Acknowledgement> = {
    list: {
      list: 'nscpNewsletterReplies',
      displayName: 'NSCP newsletter replies',
      description: 'Read it, cascaded, and answers to a form carried by a newsletter (kept in step by the bot).',
      columns: [
        { name: 'IssueBotId', displayName: 'Issue (bot id)', type: 'text' },
        { name: 'Person', type: 'text' },
        { name: 'Organisation', type: 'text' },
        { name: 'ReadAt', displayName: 'Read at', type: 'dateTime' },
        { name: 'Cascaded', type: 'choice', choices: ['Yes', 'Not yet'] },
        { name: 'CascadeAt', displayName: 'Cascade answered at', type: 'dateTime' },
        { name: 'AnsweredAt', displayName: 'Form answered at', type: 'dateTime' },
        ...formColumns(forms),
      ],
    },
    collection: 'newsletter-acks',
    botId: (collection, id, opaque) => `${collection.slice('newsletter-acks/'.length)}:${opaque(id)}`,
    row: (a, collection) => {
      const issueId = collection.slice('newsletter-acks/'.length);
      const issue = issueOf(issueId);
      return {
        Title: issue?.title ?? issueId,
        IssueBotId: issueId,
        ...who(a.id),
        ReadAt: a.readAt ?? null,
        Cascaded: a.cascade === 'yes' ? 'Yes' : a.cascade === 'not-yet' ? 'Not yet' : null,
        CascadeAt: a.cascadeAt ?? null,
        AnsweredAt: a.answeredAt ?? null,
        ...answerFields(issue?.formId ? deps.config.partnership.forms[issue.formId] : undefined, a.answers),
      };
    },
  };
  return [issues, deliveries, acks] as ReplicaSource<never>[];
}
