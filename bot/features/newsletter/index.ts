import { issueCard } from '../../../adaptive-cards/features/newsletter/issue-card.js';
import { NEWSLETTER_VERBS as V } from '../../../adaptive-cards/features/newsletter/verbs.js';
import { TransportError, type Delivery } from '../../../services/delivery/deliveries.js';
import { openNewsletterServices } from '../../../services/features/newsletter/index.js';
import { KINDS } from '../../../services/features/newsletter/newsletter.js';
import { issueView } from '../../../services/features/newsletter/views.js';
import { isChannelKey } from '../../../services/people/teams.js';
import { featureOf, type RenderedDelivery } from '../../feature.js';
import type { NewsletterDeps } from './deps.js';
import { registerNewsletterHandlers } from './handlers.js';
import { myNewslettersCard } from './recipient-handlers.js';

/** The issue as it is when the card goes (or is updated), with that person's own answer. */
function issueRenderer(s: NewsletterDeps, kind: 'issue' | 'reminder' | 'update') {
  return async (d: Delivery): Promise<RenderedDelivery> => {
    const issue = s.newsletter.issue(d.subjectId);
    // A recall takes queued copies off the queue; one already picked up must not go out either.
    if (issue.recalledAt) throw new TransportError('permanent', 'the issue was recalled');
    const inChannel = isChannelKey(d.personId) && issue.ask !== 'none';
    const notice = kind === 'reminder' ? { text: 'A reminder: please let us know you have read this.', tone: 'accent' as const } : inChannel ? { text: 'Posted for everyone in this team: your answer counts for you, and only you see it on this post.', tone: 'accent' as const } : undefined;
    const card = issueCard(issueView(s, issue, await s.newsletter.acknowledgementOf(issue.id, d.personId), notice));
    return { card, summary: issue.summary ? `${issue.title}: ${issue.summary}`.slice(0, 200) : issue.title };
  };
}

/** Newsletters and broadcasts: composed by the business unit, read and acknowledged in chat. */
export const newsletterFeature = featureOf(openNewsletterServices, (s) => ({
  name: 'newsletter',
  registerActions: (actions) => registerNewsletterHandlers(actions, s),
  deliveries: { [KINDS.issue]: issueRenderer(s, 'issue'), [KINDS.reminder]: issueRenderer(s, 'reminder'), [KINDS.update]: issueRenderer(s, 'update') },
  menu: ({ actor }) => {
    const personId = s.newsletter.personIdFor(actor.teamsUserId);
    return {
      mine: personId && s.newsletter.latestFor(personId) ? [{ title: 'Newsletters', verb: V.newsletterMine }] : [],
      admin: [{ title: 'Send newsletters', verb: V.newsletterList }],
    };
  },
  commands: [{ pattern: /^\s*(my\s+)?newsletters?\s*$/i, reply: async (actor) => myNewslettersCard(s, actor.teamsUserId) }],
}));
