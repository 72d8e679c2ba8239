import { AnswersInvalidError } from '../../forms/errors.js';
import { channelIdOf, channelKey, isChannelKey } from '../../people/teams.js';
import { invalid, str, valid, type Checked, type FieldErrors } from '../../validation.js';
import { ASK_KINDS, LIMITS, LINK_SLOTS, SECTION_SLOTS, type AskKind, type AudienceTarget, type IssueContent, type IssueLink, type IssueSection } from './issue.js';

/** The compose card's input ids: one place, shared by the card builder and this check. */
export const FIELD = {
  title: 'title',
  summary: 'summary',
  imageUrl: 'imageUrl',
  audience: 'audience',
  ask: 'ask',
  formId: 'formId',
  sendDate: 'sendDate',
  sendTime: 'sendTime',
  heading: (n: number) => `s${n}.heading`,
  text: (n: number) => `s${n}.text`,
  link: (n: number) => `s${n}.link`,
  linkTitle: (n: number) => `link${n}.title`,
  linkUrl: (n: number) => `link${n}.url`,
} as const;

export const EVERYONE = 'everyone';

/**
 * Teams refuses a message over about 28 KB. The issue card's text must fit under this, leaving
 * room for the card's own layout, buttons and a banner, and for the compose card, which carries
 * the same text in its inputs with about 7 KB of its own and a message under every field at worst (cards-render.test.ts checks both). Measured in UTF-8 bytes of JSON, as
 * Teams counts them, so emoji and quotes cost what they really cost.
 */
export const ISSUE_TEXT_BUDGET_BYTES = 16 * 1024;

/** Characters as people count them (an emoji is one). */
const chars = (s: string) => [...s].length;
const jsonBytes = (s: string) => Buffer.byteLength(JSON.stringify(s), 'utf8');

/** Every field of the compose card as typed, so a refused card shows it all again. */
export function typedCompose(data: unknown): Record<string, string> {
  const ids: string[] = [FIELD.title, FIELD.summary, FIELD.imageUrl, FIELD.audience, FIELD.ask, FIELD.formId, FIELD.sendDate, FIELD.sendTime];
  for (let n = 1; n <= SECTION_SLOTS; n++) ids.push(FIELD.heading(n), FIELD.text(n), FIELD.link(n));
  for (let n = 1; n <= LINK_SLOTS; n++) ids.push(FIELD.linkTitle(n), FIELD.linkUrl(n));
  const raw = (k: string) => {
    const v = data && typeof data === 'object' ? (data as Record<string, unknown>)[k] : undefined;
    return typeof v === 'string' ? v : '';
  };
  return Object.fromEntries(ids.map((k) => [k, raw(k)]));
}

/** Nothing typed that a person would miss (the ask has a default and the form follows it). */
export function nothingTyped(typed: Record<string, string>): boolean {
  return Object.entries(typed).every(([k, v]) => k === FIELD.ask || k === FIELD.formId || !v.trim());
}

/** A draft as the compose card shows it: what was typed at the last refused press, else what was saved. */
export function draftValues(issue: IssueContent & { typed?: Record<string, string> }): Record<string, string> {
  return issue.typed ?? composeValues(issue);
}

/**
 * A press refused after what was typed was kept on the draft (its id, so the card that comes back
 * is the same draft, and a second press never makes another).
 */
export class DraftKeptError extends AnswersInvalidError {
  constructor(
    errors: FieldErrors,
    readonly issueId: string,
  ) {
    super(errors);
  }
}

/** The compose card's values for an issue, the inverse of checkCompose. */
export function composeValues(c: IssueContent): Record<string, string> {
  const v: Record<string, string> = {
    [FIELD.title]: c.title,
    [FIELD.summary]: c.summary,
    [FIELD.imageUrl]: c.imageUrl ?? '',
    [FIELD.audience]: c.audience.map((a) => (a.kind === 'everyone' ? EVERYONE : a.kind === 'channel' ? channelKey(a.channelId) : a.groupId)).join(','),
    [FIELD.ask]: c.ask,
    [FIELD.formId]: c.formId ?? '',
  };
  c.sections.forEach((s, i) => {
    v[FIELD.heading(i + 1)] = s.heading;
    v[FIELD.text(i + 1)] = s.text;
    v[FIELD.link(i + 1)] = s.linkUrl ?? '';
  });
  c.links.forEach((l, i) => {
    v[FIELD.linkTitle(i + 1)] = l.title;
    v[FIELD.linkUrl(i + 1)] = l.url;
  });
  return v;
}

function httpsUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    return u.protocol === 'https:' && !!u.hostname;
  } catch {
    return false;
  }
}

export interface ComposeRules {
  groups: ReadonlyArray<{ id: string; name: string }>;
  formIds: readonly string[];
  /**
   * A channel chosen by its id: its team, its name in words ("Team › Channel"), and why it cannot
   * be posted to now (the app removed from the team, the channel deleted); undefined if unknown.
   */
  channel?(channelId: string): { teamId: string; words: string; problem?: string } | undefined;
}

/**
 * The compose card's data, checked as untrusted input. `forSending` also requires what a draft may
 * leave out: an audience, and a heading and text in at least one section. A draft can always be
 * saved, so nothing typed is lost to a rule that only matters at sending.
 */
export function checkCompose(data: unknown, rules: ComposeRules, forSending: boolean): Checked<IssueContent> {
  const errors: FieldErrors = {};
  const tooLong = (id: string, value: string, max: number, what: string) => {
    if (chars(value) > max) errors[id] = `${what} is ${chars(value).toLocaleString('en-GB')} characters: shorten it to ${max.toLocaleString('en-GB')} or fewer.`;
  };
  const url = (id: string, value: string, what: string) => {
    if (!value) return;
    if (chars(value) > LIMITS.url) errors[id] = `${what} is too long: use a shorter address.`;
    else if (!httpsUrl(value)) errors[id] = `${what} must be a web address starting with https:// (e.g. https://www.norfolkscp.org/…).`;
  };

  const title = str(data, FIELD.title);
  if (!title) errors[FIELD.title] = 'Give the issue a title, e.g. "Neglect champions\' newsletter: spring 2025".';
  tooLong(FIELD.title, title, LIMITS.title, 'The title');
  const summary = str(data, FIELD.summary);
  tooLong(FIELD.summary, summary, LIMITS.summary, 'The summary');
  const imageUrl = str(data, FIELD.imageUrl);
  url(FIELD.imageUrl, imageUrl, 'The image address');

  const sections: IssueSection[] = [];
  for (let n = 1; n <= SECTION_SLOTS; n++) {
    const heading = str(data, FIELD.heading(n));
    const text = str(data, FIELD.text(n));
    const linkUrl = str(data, FIELD.link(n));
    tooLong(FIELD.heading(n), heading, LIMITS.heading, `Section ${n}'s heading`);
    tooLong(FIELD.text(n), text, LIMITS.text, `Section ${n}'s text`);
    url(FIELD.link(n), linkUrl, `Section ${n}'s link`);
    if (!heading && !text && !linkUrl) continue;
    if (!text) errors[FIELD.text(n)] = `Write section ${n}'s text, or clear its heading and link.`;
    sections.push({ heading, text, ...(linkUrl ? { linkUrl } : {}) });
  }
  if (forSending && !sections.length && !errors[FIELD.text(1)]) errors[FIELD.text(1)] = 'Write at least one section before sending.';

  const links: IssueLink[] = [];
  for (let n = 1; n <= LINK_SLOTS; n++) {
    const t = str(data, FIELD.linkTitle(n));
    const u = str(data, FIELD.linkUrl(n));
    if (!t && !u) continue;
    tooLong(FIELD.linkTitle(n), t, LIMITS.linkTitle, `Button ${n}'s words`);
    if (!t) errors[FIELD.linkTitle(n)] = `Say what button ${n} opens, e.g. "Read the newsletter".`;
    if (!u) errors[FIELD.linkUrl(n)] = `Give the address button ${n} opens.`;
    url(FIELD.linkUrl(n), u, `Button ${n}'s address`);
    links.push({ title: t, url: u });
  }

  const known = new Set(rules.groups.map((g) => g.id));
  const chosen = [...new Set(str(data, FIELD.audience).split(',').map((s) => s.trim()).filter(Boolean))];
  const audience: AudienceTarget[] = [];
  for (const id of chosen) {
    if (id === EVERYONE) audience.push({ kind: 'everyone' });
    else if (known.has(id)) audience.push({ kind: 'group', groupId: id });
    else if (isChannelKey(id)) {
      const channel = rules.channel?.(channelIdOf(id));
      if (!channel) errors[FIELD.audience] = 'One of the chosen channels is not in a team the app was added to. Untick it, or add the app to that team first.';
      else if (channel.problem) errors[FIELD.audience] = `Nothing can be posted to ${channel.words}: ${channel.problem}. Untick it, or add the app to that team again.`;
      else audience.push({ kind: 'channel', teamId: channel.teamId, channelId: channelIdOf(id) });
    } else errors[FIELD.audience] = 'One of the chosen audiences is not in the configuration any more. Choose again.';
  }
  if (forSending && !audience.length && !errors[FIELD.audience]) errors[FIELD.audience] = 'Choose who it goes to: at least one group, a channel, or everyone who has the app.';

  const askRaw = str(data, FIELD.ask) || 'read';
  const ask = (ASK_KINDS as readonly string[]).includes(askRaw) ? (askRaw as AskKind) : undefined;
  if (!ask) errors[FIELD.ask] = 'Choose what to ask the people it goes to.';
  const formId = str(data, FIELD.formId);
  if (ask === 'form' && !rules.formIds.includes(formId)) errors[FIELD.formId] = rules.formIds.length ? 'Choose the form it carries.' : 'No form is set up for newsletters (newsletter.formIds in the configuration). Choose another thing to ask.';

  const content: IssueContent = { title, summary, sections, ...(imageUrl ? { imageUrl } : {}), links, audience, ask: ask ?? 'read', ...(ask === 'form' ? { formId } : {}) };
  const tooBig = oversizedPart(content);
  if (tooBig && !errors[tooBig.id]) errors[tooBig.id] = tooBig.message;
  return Object.keys(errors).length ? invalid(errors) : valid(content);
}

/** Over Teams' size limit: which part to shorten, the largest. Undefined when the issue fits. */
export function oversizedPart(c: IssueContent): { id: string; message: string } | undefined {
  const parts: Array<{ id: string; what: string; bytes: number }> = [
    { id: FIELD.title, what: 'the title', bytes: jsonBytes(c.title) },
    { id: FIELD.summary, what: 'the summary', bytes: jsonBytes(c.summary) },
    ...c.sections.map((s, i) => ({ id: FIELD.text(i + 1), what: `section ${i + 1}'s text`, bytes: jsonBytes(s.heading) + jsonBytes(s.text) + jsonBytes(s.linkUrl ?? '') })),
    ...c.links.map((l, i) => ({ id: FIELD.linkUrl(i + 1), what: `button ${i + 1}`, bytes: jsonBytes(l.title) + jsonBytes(l.url) })),
    { id: FIELD.imageUrl, what: 'the image address', bytes: jsonBytes(c.imageUrl ?? '') },
  ];
  const total = parts.reduce((n, p) => n + p.bytes, 0);
  if (total <= ISSUE_TEXT_BUDGET_BYTES) return undefined;
  const largest = [...parts].sort((a, b) => b.bytes - a.bytes)[0];
  const over = Math.ceil((total - ISSUE_TEXT_BUDGET_BYTES) / 1024);
  return { id: largest.id, message: `The issue is too big for one Teams card (about ${over} KB over). Shorten ${largest.what}, the longest part, or move some of it behind a link.` };
}
