import type { Delivery, NewDelivery } from '../../delivery/deliveries.js';
import type { Issue } from './issue.js';

export const KINDS = { issue: 'newsletter-issue', reminder: 'newsletter-reminder', update: 'newsletter-update', remove: 'newsletter-delete' } as const;

/**
 * An update or a delete of a card already in someone's chat. Its id names the round (an edit's
 * version, the recall) and the card it replaces, so pressing twice queues it once.
 */
export function followUp(issue: Issue, d: Delivery, op: 'update' | 'delete', round: string): NewDelivery {
  const kind = op === 'update' ? KINDS.update : KINDS.remove;
  return {
    id: `${kind}:${issue.id}:${round}:${d.id}`,
    campaign: d.campaign,
    personId: d.personId,
    kind,
    op,
    subjectId: issue.id,
    replaces: d.id,
    targetActivityId: d.activityId,
    targetConversationId: d.conversationId,
  };
}
