import { actionSet, banner, card, execute, executeNoInputs, fieldError, fixBanner, heading, listRow, text, type AdaptiveCard, type Element } from '../../elements.js';
import { count } from '../../../services/words.js';
import { MENU_VERB } from '../../verbs.js';
import { NEWSLETTER_VERBS as V } from './verbs.js';

/** The compose card's input ids (services/features/newsletter/compose.ts FIELD, mirrored as plain data). */
export interface ComposeFields {
  title: string;
  summary: string;
  imageUrl: string;
  audience: string;
  ask: string;
  formId: string;
  sendDate: string;
  sendTime: string;
  heading: (n: number) => string;
  text: (n: number) => string;
  link: (n: number) => string;
  linkTitle: (n: number) => string;
  linkUrl: (n: number) => string;
}

export interface ComposeCardInput {
  fields: ComposeFields;
  issueId?: string;
  /** 'draft' (or scheduled) composes; 'edit' changes an issue that went out (audience and question fixed). */
  mode: 'draft' | 'edit';
  sectionSlots: number;
  linkSlots: number;
  limits: { title: number; summary: number; heading: number; text: number; linkTitle: number };
  audiences: Array<{ value: string; title: string }>;
  forms: Array<{ value: string; title: string }>;
  values: Record<string, string>;
  errors?: Record<string, string>;
  notice?: { text: string; tone: 'good' | 'warning' | 'attention' | 'accent' };
  /** While scheduled: when, in words. */
  scheduledFor?: string;
  /** In edit mode: who it went to and what it asks, in words. */
  fixed?: { audience: string; ask: string; cards: number; channelPosts?: number };
}

/**
 * "3 cards and 1 channel post", "1 card", "1 channel post": the copies of an issue out there, zero
 * parts left out; `cards` counts every copy, channel posts included.
 */
export function copiesWords(cards: number, channelPosts = 0): string {
  const inChats = cards - channelPosts;
  return [inChats && count(inChats, 'card'), channelPosts && count(channelPosts, 'channel post')].filter(Boolean).join(' and ') || 'no copies';
}

/** Short, so it stays whole on a narrow card; the tooltip says where it goes. */
export const BACK_TO_LIST = execute('Back', V.newsletterList, {}, { associatedInputs: 'none', tooltip: 'Back to the newsletters list' });

const ASKS = [
  { value: 'none', title: 'Nothing' },
  { value: 'read', title: 'Read it' },
  { value: 'read-cascade', title: 'Read it, and whether they cascaded it' },
];

/** What saving an edit changes, naming chats and channels apart and leaving out what is not there. */
function editWords(cards: number, channelPosts: number): string {
  const inChats = cards - channelPosts;
  if (!cards) return 'It has not reached anyone yet: saving changes what is sent from now on.';
  const chats = inChats ? `the ${inChats === 1 ? 'card' : `${count(inChats, 'card')}`} already in people's chats` : '';
  const posts = channelPosts ? `the ${channelPosts === 1 ? 'post' : count(channelPosts, 'post')} in ${channelPosts === 1 ? 'its channel' : 'its channels'}` : '';
  return `Saving updates ${[chats, posts].filter(Boolean).join(' and ')}.`;
}

/**
 * Compose (or edit) an issue. A fixed number of section slots keeps the card within what Teams
 * renders well; every button saves what is typed first, so nothing is lost. No input carries a
 * client-side rule (min, max, regex, isRequired): Teams refuses such a submit without a word on
 * some clients, so every check is the server's, which answers with the reason. Nor a maxLength:
 * Teams cuts pasted text to it silently; the server says how much to shorten and keeps it all.
 */
export function composeCard(input: ComposeCardInput): AdaptiveCard {
  const { fields: f, values: v, errors, limits } = input;
  const edit = input.mode === 'edit';
  const body: Element[] = [...heading(edit ? 'Edit the sent issue' : input.scheduledFor ? 'Scheduled newsletter' : input.issueId ? 'Newsletter draft' : 'Compose a newsletter or update', edit ? editWords(input.fixed?.cards ?? 0, input.fixed?.channelPosts ?? 0) : 'Neglect champions\' newsletter, an ANOOF bite-size briefing, learning from reviews… Save the draft at any time.')];
  body.push(...fixBanner(errors, edit ? 'changed' : 'sent'));
  if (input.notice) body.push(banner(input.notice.text, input.notice.tone));
  if (input.scheduledFor) body.push(banner(`Scheduled to go on ${input.scheduledFor} (UK time). Saving keeps the schedule.`, 'accent'));
  const input_ = (type: string, id: string, label: string, extra: Element = {}): Element[] => [{ type, id, label, value: v[id] ?? '', ...extra }, ...fieldError(errors, id)];
  body.push(
    ...input_('Input.Text', f.title, 'Title', { placeholder: 'e.g. Neglect champions\' newsletter: spring 2025' }),
    ...input_('Input.Text', f.summary, `Short summary (shown first, and in the notification; up to ${limits.summary.toLocaleString('en-GB')} characters)`, { isMultiline: true }),
    text(`Up to ${input.sectionSlots} sections, each a heading, text and an optional link. Text may use Teams' formatting: **bold**, _italics_, lists (- item) and [links](https://…). Leave a section empty to skip it.`, { isSubtle: true, wrap: true }),
  );
  for (let n = 1; n <= input.sectionSlots; n++) {
    body.push({
      type: 'Container',
      separator: true,
      items: [
        text(`Section ${n}`, { weight: 'Bolder' }),
        ...input_('Input.Text', f.heading(n), `Section ${n} heading`),
        ...input_('Input.Text', f.text(n), `Section ${n} text (up to ${limits.text.toLocaleString('en-GB')} characters)`, { isMultiline: true }),
        ...input_('Input.Text', f.link(n), `Section ${n} link (optional, https://…)`, { style: 'Url' }),
      ],
    });
  }
  body.push({
    type: 'Container',
    separator: true,
    items: [
      ...input_('Input.Text', f.imageUrl, 'Image at the top (optional): its https:// address', { style: 'Url' }),
      text(`Up to ${input.linkSlots} buttons under the issue, each opening a web page:`, { isSubtle: true }),
      ...Array.from({ length: input.linkSlots }, (_, i) => i + 1).flatMap((n) => [
        ...input_('Input.Text', f.linkTitle(n), `Button ${n}: its words`),
        ...input_('Input.Text', f.linkUrl(n), `Button ${n}: the https:// address it opens`, { style: 'Url' }),
      ]),
    ],
  });
  if (edit && input.fixed) {
    body.push(text(`Sent to: ${input.fixed.audience}. Asking: ${input.fixed.ask}. These stay as sent.`, { isSubtle: true }));
  } else {
    const asks = input.forms.length ? [...ASKS, { value: 'form', title: 'A form' }] : ASKS;
    body.push({
      type: 'Container',
      separator: true,
      items: [
        ...input_('Input.ChoiceSet', f.audience, 'Who it goes to (a person in two groups gets one card)', { isMultiSelect: true, style: 'expanded', choices: input.audiences }),
        ...input_('Input.ChoiceSet', f.ask, 'What to ask them (as buttons on their card)', { style: 'expanded', choices: asks, value: v[f.ask] || 'read' }),
        ...(input.forms.length ? input_('Input.ChoiceSet', f.formId, 'Which form (only used when you choose "A form" above)', { choices: input.forms, placeholder: 'No form' }) : []),
      ],
    });
  }
  const data = input.issueId ? { issueId: input.issueId } : {};
  if (edit) return card(body, [execute(`Save and update ${copiesWords(input.fixed?.cards ?? 0, input.fixed?.channelPosts ?? 0)}`, V.newsletterEdit, data, { style: 'positive' }), executeNoInputs('Back to the report', V.newsletterReport, data)]);
  body.push({
    type: 'Container',
    separator: true,
    items: [
      text(input.scheduledFor ? 'To move it, change the date or time and press Schedule…' : 'To schedule it, choose when (UK time); to send it now, leave these empty.', { isSubtle: true }),
      ...input_('Input.Date', f.sendDate, 'Send on'),
      ...input_('Input.Time', f.sendTime, 'At (UK time)'),
    ],
  });
  body.push(actionSet([execute('Save the draft', V.newsletterSave, data), execute('Preview it in my chat', V.newsletterPreview, data)]));
  const actions: Element[] = [execute('Send now…', V.newsletterConfirmSend, data, { style: 'positive' }), execute('Schedule…', V.newsletterConfirmSchedule, data)];
  if (input.scheduledFor) actions.push(executeNoInputs('Cancel the scheduled send', V.newsletterUnschedule, data));
  // Carries what is typed, so going back saves it first like every other button here.
  actions.push(execute('Back', V.newsletterList, data, { tooltip: 'Save the draft and go back to the newsletters list' }));
  return card(body, actions);
}

export interface ReachView {
  people: number;
  reachable: number;
  notInstalled: number;
  blocked: number;
  /** Channels it is posted to: one message each. */
  channels?: number;
}

/** "298 people", "298 people and 2 channels", "1 channel": whom the send reaches, in the button's words. */
export function reachingWords(r: ReachView): string {
  const people = count(r.reachable, 'person', 'people');
  if (!r.channels) return people;
  return r.people ? `${people} and ${count(r.channels, 'channel')}` : count(r.channels, 'channel');
}

export function reachText(r: ReachView): string {
  const cannot = r.notInstalled + r.blocked;
  // Only the parts that apply; "they" when one part accounts for everyone.
  const parts = [r.notInstalled && [r.notInstalled, r.notInstalled === 1 ? 'does not have the app' : 'do not have the app', 'do not have the app'], r.blocked && [r.blocked, 'blocked it', 'blocked it']]
    .filter((x): x is [number, string, string] => !!x)
    .map(([k, words, theyWords]) => (k === cannot ? `they ${theyWords}` : `${k.toLocaleString('en-GB')} ${words}`));
  const channels = r.channels ? ` It is also posted in ${count(r.channels, 'channel')}, one message each, which everyone in the team sees.` : '';
  if (!r.people && r.channels) return `${count(r.channels, 'channel')}: posted once in each, which everyone in the team sees.`;
  return `${count(r.people, 'person', 'people')}${r.channels ? ` and ${count(r.channels, 'channel')}` : ''} in the audience: it will reach ${r.reachable.toLocaleString('en-GB')} in Teams.${cannot ? ` ${cannot.toLocaleString('en-GB')} cannot be reached: ${parts.join(', ')}.` : ''}${channels}`;
}

/** The step before sending: who it reaches, and one button that says exactly that. */
export function confirmSendCard(input: { issueId: string; title: string; audience: string; reach: ReachView; when?: { date: string; time: string; words: string }; ignoredWhen?: string }): AdaptiveCard {
  const reaching = reachingWords(input.reach);
  const body: Element[] = [...heading(input.when ? 'Schedule this issue?' : 'Send this issue now?', input.title), text(`To: ${input.audience}`), text(reachText(input.reach), { wrap: true })];
  // Send now… pressed with a date or time filled in: say it is not used, before anything goes.
  if (input.ignoredWhen && !input.when) body.push(banner(`You filled in when to send it (${input.ignoredWhen}), but this sends it now and does not use that. To send it then, go back to the draft and press Schedule… instead.`, 'warning'));
  if (!input.reach.reachable && !input.reach.channels) body.push(banner('Nobody in this audience has the app yet, so nobody would get it now. People who install it within the late-joiner window still will.', 'warning'));
  const data = { issueId: input.issueId };
  const go = input.when
    ? execute(`Schedule for ${input.when.words} to ${reaching}`, V.newsletterSchedule, { ...data, sendDate: input.when.date, sendTime: input.when.time }, { style: 'positive' })
    : execute(`Send to ${reaching} now`, V.newsletterSend, data, { style: 'positive' });
  const back = executeNoInputs('Back to the draft', V.newsletterOpen, data);
  // With channels the button's words are too long to share a row: Teams would cut off what it does.
  if (input.reach.channels) return card([...body, actionSet([go], { spacing: 'Medium' })], [back]);
  return card(body, [go, back]);
}

/** The step before recalling: deleting it from every chat cannot be undone. */
export function confirmRecallCard(input: { issueId: string; title: string; cards: number; channels?: number }): AdaptiveCard {
  const posts = input.channels ?? 0;
  const inChats = input.cards - posts;
  const what = `its ${copiesWords(input.cards, posts)}`;
  const fromChats = inChats ? `Its ${inChats === 1 ? 'card' : count(inChats, 'card')} (first copies and reminders) ${inChats === 1 ? 'is' : 'are'} deleted from people's chats` : '';
  const fromChannels = posts ? `${inChats ? `its ${count(posts, 'post')}` : `Its ${posts === 1 ? 'post' : count(posts, 'post')}`} ${inChats ? '' : `${posts === 1 ? 'is' : 'are'} deleted `}from ${posts === 1 ? 'the channel' : 'the channels'}, for everyone in the team` : '';
  const where = [fromChats, fromChannels].filter(Boolean).join(' and ') || 'It reached nobody, so nothing is deleted';
  const body: Element[] = [...heading('Recall this issue?', input.title), text(`${where}, and anyone who presses a copy still open is told it was withdrawn. This cannot be undone.`)];
  return card(body, [execute(`Recall it: delete ${what}`, V.newsletterRecall, { issueId: input.issueId }, { style: 'destructive' }), executeNoInputs('Back to the report', V.newsletterReport, { issueId: input.issueId })]);
}

/** The business unit's newsletters: drafts, scheduled and sent, newest first. */
export function issueListCard(items: Array<{ issueId: string; title: string; stage: string; when: string }>, notice?: { text: string; tone: 'good' | 'warning' | 'attention' }): AdaptiveCard {
  const body: Element[] = [...heading('Newsletters and updates', 'The neglect champions\' quarterly newsletter, ANOOF bite-size briefings, learning from reviews and other updates.')];
  if (notice) body.push(banner(notice.text, notice.tone));
  if (!items.length) body.push(text('Nothing composed yet.'));
  for (const i of items.slice(0, 20)) {
    // Until it goes out it opens on the compose card; after, on its report.
    const title = i.stage === 'Draft' ? 'Open the draft' : i.stage === 'Scheduled' ? 'Open' : 'Open the report';
    body.push(listRow([text(`**${i.title}**`), text(`${i.stage} · ${i.when}`, { isSubtle: true, spacing: 'None' })], { title, tooltip: `Open ${i.title}`, verb: V.newsletterOpen, data: { issueId: i.issueId } }));
  }
  return card(body, [executeNoInputs('Compose a new issue', V.newsletterNew), executeNoInputs('Back to the menu', MENU_VERB)]);
}
