import { composeCard, confirmRecallCard, confirmSendCard, issueListCard, type ComposeCardInput } from '../../adaptive-cards/features/newsletter/compose-card.js';
import { issueCard, issueWithdrawnCard, myIssuesCard } from '../../adaptive-cards/features/newsletter/issue-card.js';
import { reportCard } from '../../adaptive-cards/features/newsletter/report-card.js';
import type { AppConfig } from '../../services/config.js';
import { checkCompose, composeValues, EVERYONE, FIELD } from '../../services/features/newsletter/compose.js';
import { LIMITS, LINK_SLOTS, SECTION_SLOTS, type Issue } from '../../services/features/newsletter/issue.js';
import { WITHDRAWN } from '../../services/features/newsletter/newsletter.js';
import { audienceWords, issueView } from '../../services/features/newsletter/views.js';
import { channelKey } from '../../services/people/teams.js';
import type { CardSample } from './card-samples.js';

/**
 * The neglect champions' summer newsletter, in the partnership's own words (domain/BRIEF.md §3):
 * reflection spaces, the toolkit workshops, ANOOF's first bite-size briefing, and the cascade aim.
 */
export const NEWSLETTER_TITLE = 'Neglect champions\' newsletter: summer 2025';
export const NEWSLETTER_IMAGE = 'https://www.norfolkscp.org/wp-content/uploads/neglect-champions-banner.png';

export const NEWSLETTER_ISSUE: Issue = {
  id: 'nl-2025-06-03-7f3a9c21',
  status: 'open',
  title: NEWSLETTER_TITLE,
  summary: 'Reflection spaces on dental and educational neglect, the toolkit workshops, and ANOOF\'s first bite-size briefing. Please cascade to your team.',
  sections: [
    { heading: 'ANOOF bite-size briefing', text: 'The Accumulative Neglect Operational Oversight Forum\'s first briefing covers patterns of **disengagement** and **intergenerational neglect**: what works, and what gets in the way.', linkUrl: 'https://www.norfolkscp.org/anoof-briefing-1' },
    { heading: 'Reflection spaces', text: 'Our reflection spaces are popular and well attended. Next themes:\n\n- dentistry and dental neglect\n- medical neglect\n- educational neglect' },
    { heading: 'Neglect toolkit', text: 'Three workshops reached 102 delegates. Are you using the _Norfolk Graded Care Profile_? Tell us what else would help.', linkUrl: 'https://www.norfolkscp.org/neglect-toolkit' },
  ],
  imageUrl: NEWSLETTER_IMAGE,
  links: [
    { title: 'Read the full newsletter', url: 'https://www.norfolkscp.org/neglect-champions-newsletter-summer-2025' },
    { title: 'Book a reflection space', url: 'https://www.norfolkscp.org/reflection-spaces' },
  ],
  audience: [{ kind: 'group', groupId: 'neglect-champions' }, { kind: 'group', groupId: 'lscg-south' }],
  ask: 'read-cascade',
  createdBy: 'bu',
  createdAt: '2025-05-28T09:12:00Z',
  updatedAt: '2025-06-03T08:00:00Z',
  sendAt: '2025-06-03T08:00:00Z',
  sentAt: '2025-06-03T08:00:00Z',
  version: 0,
  resends: [],
  history: [],
};

const CHANNEL = '19:00000000000000000000000000000b02@thread.tacv2';
const CHANNEL_WORDS = 'Neglect champions network › Bite-size briefings';
const CHANNEL_CHOICES = [
  { value: channelKey('19:00000000000000000000000000000a01@thread.tacv2'), title: 'Channel post: Neglect champions network › General' },
  { value: channelKey(CHANNEL), title: `Channel post: ${CHANNEL_WORDS}` },
  { value: channelKey('19:00000000000000000000000000000c03@thread.tacv2'), title: 'Channel post: LSCG South › General' },
];

export function newsletterSamples(config: AppConfig): CardSample[] {
  const s = { config };
  const issue = NEWSLETTER_ISSUE;
  const base = (values: Record<string, string>, extra: Partial<ComposeCardInput> = {}): ComposeCardInput => ({
    fields: FIELD,
    mode: 'draft',
    sectionSlots: SECTION_SLOTS,
    linkSlots: LINK_SLOTS,
    limits: LIMITS,
    audiences: [...config.partnership.groups.map((g) => ({ value: g.id, title: g.name })), { value: EVERYONE, title: 'Everyone who has the app' }],
    forms: config.partnership.newsletter.formIds.map((id) => ({ value: id, title: config.partnership.forms[id].title })),
    values,
    ...extra,
  });
  // What the business unit typed on a first attempt: an image pasted without https, no audience, and a section with no text.
  const typed = { ...composeValues(issue), [FIELD.imageUrl]: 'http://intranet/neglect.png', [FIELD.audience]: '', [FIELD.heading(4)]: 'Dates for your diary' };
  const checked = checkCompose(typed, { groups: config.partnership.groups, formIds: [] }, true);
  if (checked.ok) throw new Error('newsletter samples: the typed compose card was expected to fail');
  const reach = { people: 312, reachable: 298, notInstalled: 12, blocked: 2 };
  const report = {
    issueId: issue.id,
    title: issue.title,
    subtitle: `Sent Tuesday 3 June 2025, 09:00 to ${audienceWords(s, issue)}`,
    progress: 'Sent 298 of 312: 2 blocked the app, 12 do not have the app, 1 failed.',
    counts: [['Sent', '298'], ['Failed', '1'], ['Blocked the app', '2'], ['Do not have the app', '12'], ['Read it', '211'], ['Cascaded to their team', '143'], ['Not yet cascaded', '38']] as Array<[string, string]>,
    ask: 'read-cascade' as const,
    organisations: [
      { name: 'Acle Primary School', lines: ['Pat Jones: read, cascaded', 'Sam Lee: no answer yet'] },
      { name: 'Norfolk Community Health and Care', lines: ['Helen Bradley: read, cascaded', 'Ros Cutts: read, not yet cascaded', 'Kim Grant: failed (Teams had a problem; the bot tried 6 times)'] },
      { name: 'Norfolk Constabulary', lines: ['Dan Moore: no answer yet', 'Jo Bloggs: blocked the app'] },
    ],
    page: 0,
    pages: 6,
    failed: 1,
    waiting: 87,
    canRemind: true,
  };
  return [
    { name: 'newsletter-list', card: issueListCard([
      { issueId: 'nl-2025-08-20-1a2b3c4d', title: 'Learning from reviews: out-of-county SPRs', stage: 'Draft', when: 'last saved Wednesday 20 August 2025, 16:05' },
      { issueId: 'nl-2025-07-14-5e6f7a8b', title: 'ANOOF bite-size briefing 2', stage: 'Scheduled', when: 'goes Monday 1 September 2025, 09:00' },
      { issueId: issue.id, title: issue.title, stage: 'Sent', when: 'Tuesday 3 June 2025, 09:00' },
    ]) },
    { name: 'newsletter-compose-empty', card: composeCard(base({ [FIELD.ask]: 'read-cascade' })) },
    { name: 'newsletter-compose-errors', card: composeCard(base(typed, { issueId: issue.id, errors: checked.errors })) },
    { name: 'newsletter-compose-scheduled', card: composeCard(base(composeValues(issue), { issueId: issue.id, scheduledFor: 'Tuesday 3 June 2025, 09:00', notice: { text: 'Scheduled. It goes to Neglect champions, LSCG South on Tuesday 3 June 2025, 09:00; you can change or cancel it until then.', tone: 'good' } })) },
    { name: 'newsletter-edit', card: composeCard(base(composeValues(issue), { issueId: issue.id, mode: 'edit', fixed: { audience: audienceWords(s, issue), ask: '"Read it" and whether they cascaded it', cards: 310 } })) },
    { name: 'newsletter-confirm-send', card: confirmSendCard({ issueId: issue.id, title: issue.title, audience: audienceWords(s, issue), reach }) },
    { name: 'newsletter-confirm-schedule', card: confirmSendCard({ issueId: issue.id, title: issue.title, audience: audienceWords(s, issue), reach, when: { date: '2025-06-03', time: '09:00', words: 'Tuesday 3 June 2025, 09:00' } }) },
    { name: 'newsletter-issue', card: issueCard(issueView(s, issue)) },
    { name: 'newsletter-issue-answered', card: issueCard(issueView(s, issue, { id: 'helen.bradley@nchc.nhs.uk', readAt: '2025-06-03T09:41:00Z', cascade: 'yes', cascadeAt: '2025-06-05T14:02:00Z' }, { text: 'Thank you: your answer is recorded.', tone: 'good' })) },
    { name: 'newsletter-issue-reminder', card: issueCard(issueView(s, { ...issue, ask: 'read', imageUrl: undefined, links: [] }, undefined, { text: 'A reminder: please let us know you have read this.', tone: 'accent' })) },
    { name: 'newsletter-issue-form', card: issueCard(issueView(s, { ...issue, title: 'Neglect toolkit: tell us how it is going', ask: 'form', formId: 'neglect-toolkit-survey', imageUrl: undefined, links: [], sections: [issue.sections[2]] })) },
    { name: 'newsletter-withdrawn', card: issueWithdrawnCard(issue.title, WITHDRAWN) },
    { name: 'newsletter-mine', card: myIssuesCard([
      { issueId: issue.id, title: issue.title, sentOn: 'Tuesday 3 June 2025, 09:00', state: 'you read it and cascaded it' },
      { issueId: 'nl-2025-03-12-0c0d0e0f', title: 'ANOOF bite-size briefing: disengagement and intergenerational neglect', sentOn: 'Wednesday 12 March 2025, 10:00', state: 'not read yet' },
    ]) },
    { name: 'newsletter-report', card: reportCard(report) },
    { name: 'newsletter-report-recalled', card: reportCard({ ...report, recalled: 'Recalled on Tuesday 3 June 2025, 11:20: deleted from 308 of 310 chats; 2 could not be deleted (Teams refused): those copies stay in their chats.', recallFailed: true }) },
    { name: 'newsletter-confirm-recall', card: confirmRecallCard({ issueId: issue.id, title: issue.title, cards: 310 }) },
    // Channel posts: the compose card offering the channels of teams the app is in, the count with channels, the post, a presser's own view, and the report.
    { name: 'newsletter-compose-channels', card: composeCard(base({ ...composeValues(issue), [FIELD.audience]: `neglect-champions,${channelKey(CHANNEL)}` }, { issueId: issue.id, audiences: [...base({}).audiences, ...CHANNEL_CHOICES] })) },
    { name: 'newsletter-confirm-send-channels', card: confirmSendCard({ issueId: issue.id, title: issue.title, audience: `Neglect champions, the channel ${CHANNEL_WORDS}, the channel LSCG South › General`, reach: { ...reach, channels: 2 } }) },
    { name: 'newsletter-channel-post', card: issueCard(issueView(s, { ...issue, imageUrl: undefined }, undefined, { text: 'Posted for everyone in this team: your answer counts for you, and only you see it on this post.', tone: 'accent' })) },
    { name: 'newsletter-channel-answered', card: issueCard(issueView(s, { ...issue, imageUrl: undefined }, { id: 'helen.bradley@nchc.nhs.uk', readAt: '2025-06-03T09:41:00Z' }, { text: 'Thank you: your answer is recorded. Only you see this: the post stays the same for everyone else in the channel.', tone: 'good' })) },
    { name: 'newsletter-confirm-recall-channels', card: confirmRecallCard({ issueId: issue.id, title: issue.title, cards: 311, channels: 1 }) },
    { name: 'newsletter-report-channels', card: reportCard({
      ...report,
      subtitle: `Sent Tuesday 3 June 2025, 09:00 to Neglect champions, the channel ${CHANNEL_WORDS}`,
      progress: 'Sent 298 of 312: 2 blocked the app, 12 do not have the app, 1 failed. Posted in 1 of 2 channels: 1 failed.',
      counts: [...report.counts, ['Answered on a channel post', '17 (without a card of their own)'], [`Channel: ${CHANNEL_WORDS}`, 'Posted'], ['Channel: LSCG South › General', 'Failed (the app was removed from that team)']],
      failed: 2,
    }) },
  ];
}
