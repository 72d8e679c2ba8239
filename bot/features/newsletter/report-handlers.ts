import { confirmRecallCard, copiesWords } from '../../../adaptive-cards/features/newsletter/compose-card.js';
import { notYetAnswered } from '../../../adaptive-cards/features/newsletter/report-card.js';
import { NEWSLETTER_VERBS as V } from '../../../adaptive-cards/features/newsletter/verbs.js';
import { composeValues } from '../../../services/features/newsletter/compose.js';
import { issueReport, reportCsv } from '../../../services/features/newsletter/report.js';
import { str } from '../../../services/validation.js';
import { BUSINESS_UNIT, type CardActions } from '../../card-actions.js';
import type { NewsletterDeps } from './deps.js';
import { newsletterCards, people } from './cards.js';

/** After sending: the report, its CSV, resend, the one reminder, edit and recall. */
export function registerReportHandlers(actions: CardActions, s: NewsletterDeps): void {
  const { tz, by, compose, report, openIssue, composeAgain } = newsletterCards(s);
  actions.add(V.newsletterReport, BUSINESS_UNIT, async (data) => report(str(data, 'issueId'), data.page));
  actions.add(V.newsletterExport, BUSINESS_UNIT, async (data) => {
    const file = reportCsv(s.newsletter, await issueReport(s.newsletter, s.newsletter.issue(str(data, 'issueId'))), tz);
    return report(str(data, 'issueId'), data.page, { downloadUrl: `${s.config.publicBaseUrl}/exports/${s.exports.create(file.filename, file.content)}` });
  });
  actions.add(V.newsletterResend, BUSINESS_UNIT, async (data, ctx) => {
    const { issue, queued } = await s.newsletter.resendFailed(str(data, 'issueId'), by(ctx));
    return report(issue.id, 0, { notice: queued ? { text: `Sending again to the ${people(queued)} it failed for.`, tone: 'good' } : { text: 'Nothing has failed: nobody to send it to again.', tone: 'warning' } });
  });
  actions.add(V.newsletterRemind, BUSINESS_UNIT, async (data, ctx) => {
    const { issue, queued } = await s.newsletter.remind(str(data, 'issueId'), by(ctx));
    return report(issue.id, 0, { notice: { text: queued ? `Reminding ${notYetAnswered(issue.ask, queued)}. Nobody is reminded twice.` : `Everyone it reached has ${issue.ask === 'form' ? 'answered the form' : 'pressed Read it'}: nobody to remind.`, tone: queued ? 'good' : 'warning' } });
  });
  actions.add(V.newsletterEditForm, BUSINESS_UNIT, async (data) => {
    const issue = s.newsletter.issue(str(data, 'issueId'));
    if (!issue.sentAt || issue.recalledAt) return openIssue(issue);
    return compose(composeValues(issue), { issue, mode: 'edit', cards: await s.newsletter.cardsDelivered(issue), channelPosts: await s.newsletter.channelPostsDelivered(issue) });
  });
  actions.add(
    V.newsletterEdit,
    BUSINESS_UNIT,
    async (data, ctx) => {
      const { issue, updating } = await s.newsletter.edit(str(data, 'issueId'), data, by(ctx));
      const posts = Math.min(updating, await s.newsletter.channelPostsDelivered(issue));
      return report(issue.id, 0, { notice: { text: updating ? `Saved. Updating ${copiesWords(updating, posts)}${posts ? '' : ' in people\'s chats'}.` : 'Saved. It had not reached anyone yet, so there was nothing to update.', tone: 'good' } });
    },
    composeAgain,
  );
  actions.add(V.newsletterConfirmRecall, BUSINESS_UNIT, async (data) => {
    const issue = s.newsletter.issue(str(data, 'issueId'));
    if (!issue.sentAt || issue.recalledAt) return openIssue(issue);
    return confirmRecallCard({ issueId: issue.id, title: issue.title, cards: await s.newsletter.cardsDelivered(issue), channels: await s.newsletter.channelPostsDelivered(issue) });
  });
  actions.add(V.newsletterRecall, BUSINESS_UNIT, async (data, ctx) => {
    // One banner says it all: when, and how the deletes went (Refresh counts them again).
    const { issue } = await s.newsletter.recall(str(data, 'issueId'), by(ctx));
    return report(issue.id, 0);
  });
}
