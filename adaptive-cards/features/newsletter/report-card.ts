import { actionSet, banner, card, executeNoInputs, facts, heading, openUrl, text, type AdaptiveCard, type Element } from '../../elements.js';
import { count } from '../../../services/words.js';
import { BACK_TO_LIST } from './compose-card.js';
import { NEWSLETTER_VERBS as V } from './verbs.js';

/** "1 person who has not pressed Read it", "87 people who have not answered the form". */
export function notYetAnswered(ask: ReportCardInput['ask'], n: number): string {
  return `${count(n, 'person', 'people')} who ${n === 1 ? 'has' : 'have'} not ${ask === 'form' ? 'answered the form' : 'pressed Read it'}`;
}

export interface ReportCardInput {
  issueId: string;
  title: string;
  /** "Sent Friday 23 May 2025, 10:30 to Neglect champions, LSCG South". */
  subtitle: string;
  /** "Sent 1,200 of 5,000 — 3 blocked, 12 do not have the app". */
  progress: string;
  counts: Array<[string, string]>;
  ask: 'none' | 'read' | 'read-cascade' | 'form';
  /** A page of organisations, each with who read, cascaded or answered. */
  organisations: Array<{ name: string; lines: string[] }>;
  page: number;
  pages: number;
  failed: number;
  waiting: number;
  remindedOn?: string;
  /** Once recalled: when, and how many copies were deleted, could not be deleted, or are still being deleted. */
  recalled?: string;
  /** Some copies could not be deleted: the recall banner warns rather than reassures. */
  recallFailed?: boolean;
  canRemind: boolean;
  notice?: { text: string; tone: 'good' | 'warning' | 'attention' | 'accent' };
  downloadUrl?: string;
}

/** The sender's view of an issue that went out: progress (on Refresh), answers by organisation, and what they can do next. */
export function reportCard(input: ReportCardInput): AdaptiveCard {
  const data = { issueId: input.issueId };
  const body: Element[] = [...heading(input.title, input.subtitle)];
  if (input.recalled) body.push(banner(input.recalled, input.recallFailed ? 'attention' : 'warning'));
  if (input.notice) body.push(banner(input.notice.text, input.notice.tone));
  body.push(text(input.progress, { weight: 'Bolder' }), facts(input.counts));
  if (input.downloadUrl) body.push(actionSet([openUrl('Download the CSV (link works for 10 minutes)', input.downloadUrl)]));
  for (const o of input.organisations) {
    body.push({ type: 'Container', separator: true, items: [text(`**${o.name}**`), ...o.lines.map((l) => text(l, { spacing: 'None', size: 'Small' }))] });
  }
  if (input.pages > 1) {
    const nav: Element[] = [];
    if (input.page > 0) nav.push(executeNoInputs('Previous page', V.newsletterReport, { ...data, page: input.page - 1 }));
    if (input.page < input.pages - 1) nav.push(executeNoInputs('Next page', V.newsletterReport, { ...data, page: input.page + 1 }));
    body.push(text(`Page ${input.page + 1} of ${input.pages}`, { isSubtle: true, size: 'Small' }), actionSet(nav));
  }
  const live = !input.recalled;
  // One button a row: these say exactly whom they reach, and Teams cuts long titles side by side.
  if (live && input.failed) body.push(actionSet([executeNoInputs(`Resend to the ${input.failed} it failed for`, V.newsletterResend, data)], { spacing: 'Medium' }));
  if (live && input.ask !== 'none') {
    if (input.remindedOn) body.push(text(`Those who had not ${input.ask === 'form' ? 'answered the form' : 'pressed Read it'} were reminded on ${input.remindedOn}.`, { isSubtle: true }));
    else if (input.canRemind && input.waiting) body.push(actionSet([executeNoInputs(`Remind the ${notYetAnswered(input.ask, input.waiting)} (once)`, V.newsletterRemind, data)]));
  }
  if (live) body.push(actionSet([executeNoInputs('Edit the sent issue', V.newsletterEditForm, data), executeNoInputs('Recall…', V.newsletterConfirmRecall, data)]));
  const actions: Element[] = [executeNoInputs('Refresh', V.newsletterReport, { ...data, page: input.page }), executeNoInputs('Export CSV', V.newsletterExport, data), BACK_TO_LIST];
  return card(body, actions);
}
