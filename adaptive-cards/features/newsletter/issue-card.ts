import { actionSet, banner, card, execute, executeNoInputs, heading, listRow, openUrl, text, type AdaptiveCard, type Element } from '../../elements.js';
import { MENU_VERB } from '../../verbs.js';
import { NEWSLETTER_VERBS as V } from './verbs.js';

/** An issue as its recipients see it: the same data whatever sends it (first send, update, preview, the menu). */
export interface IssueCardInput {
  issueId: string;
  partnershipShortName: string;
  title: string;
  summary: string;
  sentOn?: string;
  /** When the business unit last changed it after sending. */
  editedOn?: string;
  imageUrl?: string;
  sections: Array<{ heading: string; text: string; linkUrl?: string }>;
  links: Array<{ title: string; url: string }>;
  ask: 'none' | 'read' | 'read-cascade' | 'form';
  /** This person's answer, in words with when ("You read this on Friday 23 May 2025, 10:30"). */
  answer?: { read?: string; cascade?: string; cascaded?: 'yes' | 'not-yet'; answered?: string };
  /** A reminder, or a thank-you. */
  notice?: { text: string; tone: 'good' | 'warning' | 'attention' | 'accent' };
  /** The title of the form the issue carries (ask 'form'). */
  formTitle?: string;
  /** The business unit's preview copy: its buttons carry preview: true (the server checks who previewed it). */
  preview?: boolean;
}

/** The issue in a person's chat, with "Read it" and "Have you cascaded this to your team?" as asked. */
export function issueCard(input: IssueCardInput): AdaptiveCard {
  const body: Element[] = [];
  if (input.notice) body.push(banner(input.notice.text, input.notice.tone));
  if (input.imageUrl) body.push({ type: 'Image', url: input.imageUrl, altText: input.title, size: 'Stretch' });
  body.push(...heading(input.title, `From the ${input.partnershipShortName} business unit${input.sentOn ? `, ${input.sentOn}` : ''}${input.editedOn ? ` (updated ${input.editedOn})` : ''}`));
  if (input.summary) body.push(text(input.summary, { weight: 'Bolder' }));
  for (const s of input.sections) {
    body.push({
      type: 'Container',
      separator: true,
      spacing: 'Medium',
      items: [
        ...(s.heading ? [text(s.heading, { weight: 'Bolder', size: 'Medium', style: 'heading' })] : []),
        text(s.text),
        ...(s.linkUrl ? [actionSet([openUrl(`Read more: ${s.heading || 'this section'}`, s.linkUrl)])] : []),
      ],
    });
  }
  if (input.links.length) body.push(actionSet(input.links.map((l) => openUrl(l.title, l.url)), { spacing: 'Medium' }));
  const data = input.preview ? { issueId: input.issueId, preview: true } : { issueId: input.issueId };
  const a = input.answer ?? {};
  if (input.ask === 'read' || input.ask === 'read-cascade') {
    body.push({ type: 'Container', separator: true, spacing: 'Medium', items: a.read ? [text(`✔ ${a.read}`, { color: 'Good', weight: 'Bolder' })] : [] });
    if (!a.read) body.push(actionSet([execute('Read it', V.newsletterAck, { ...data, what: 'read' }, { style: 'positive' })]));
  }
  if (input.ask === 'read-cascade') {
    body.push(text('Have you cascaded this to your team?', { weight: 'Bolder' }));
    if (a.cascade) body.push(text(a.cascade, { color: a.cascaded === 'yes' ? 'Good' : 'Default', spacing: 'None' }));
    const choices = [execute('Yes, I have cascaded it', V.newsletterAck, { ...data, what: 'yes' }), execute('Not yet', V.newsletterAck, { ...data, what: 'not-yet' })];
    body.push(actionSet(a.cascaded === 'yes' ? [] : a.cascaded === 'not-yet' ? [choices[0]] : choices));
  }
  if (input.ask === 'form' && input.formTitle) {
    body.push({ type: 'Container', separator: true, spacing: 'Medium', items: [text(a.answered ? `✔ ${a.answered}` : `Please answer: ${input.formTitle}.`, a.answered ? { color: 'Good', weight: 'Bolder' } : { weight: 'Bolder' })] });
    body.push(actionSet([executeNoInputs(a.answered ? 'See or change your answers' : `Answer: ${input.formTitle}`, V.newsletterFormOpen, data)]));
  }
  return card(body.filter((e) => !(e.type === 'ActionSet' && !(e.actions as Element[]).length) && !(e.type === 'Container' && !(e.items as Element[]).length)));
}

/** A recalled issue, in place of whatever card someone pressed. */
export function issueWithdrawnCard(title: string, message: string): AdaptiveCard {
  return card([...heading(title), banner(message, 'warning')], [executeNoInputs('Back to the menu', MENU_VERB)]);
}

/** People's "Newsletters": the latest issues sent to the audiences they are in. */
export function myIssuesCard(items: Array<{ issueId: string; title: string; sentOn: string; state: string }>): AdaptiveCard {
  const body: Element[] = [...heading('Newsletters', 'The latest issues sent to the groups you are in.')];
  // Also after a recall: a withdrawn issue is no longer listed.
  if (!items.length) body.push(text('No newsletters to show.'));
  for (const i of items) {
    body.push(listRow([text(`**${i.title}**`), text(`${i.sentOn} · ${i.state}`, { isSubtle: true, spacing: 'None' })], { title: 'Open', tooltip: `Open ${i.title}`, verb: V.newsletterView, data: { issueId: i.issueId } }));
  }
  return card(body, [executeNoInputs('Back to the menu', MENU_VERB)]);
}
