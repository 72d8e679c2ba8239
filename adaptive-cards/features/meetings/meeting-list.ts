import type { MeetingView, ReplyView } from '../../../services/features/meetings/meeting-view.js';
import { actionSet, card, executeNoInputs, heading, text, type AdaptiveCard, type Element } from '../../elements.js';
import { MEETING_VERBS } from './verbs.js';
import { MENU_VERB } from '../../verbs.js';

export interface MeetingListItem {
  meeting: MeetingView;
  /** For members: their own reply. */
  reply?: ReplyView;
  /** For the business unit: "Attending 12 · Deputy 1 · Apologies 3 · No reply 20". */
  summary?: string;
}

/** With a titled button on each row, 20 upcoming and 10 recent meetings stay under Teams' card size limit. */
const SHOWN_UPCOMING = 20;

/** Each meeting has a button titled with the meeting, so it can be found and pressed by what it says. */
function row(item: MeetingListItem, admin: boolean): Element {
  const m = item.meeting;
  const status = admin ? item.summary : item.reply ? `Your reply: ${item.reply.label}${item.reply.deputyName ? ` (${item.reply.deputyName})` : ''}` : 'You have not replied yet';
  return {
    type: 'Container',
    separator: true,
    spacing: 'Medium',
    items: [
      text(`**${m.groupName}**: ${m.when}`),
      text(`${m.modeLabel}${m.venue ? `, ${m.venue}` : ''}`, { isSubtle: true, spacing: 'None' }),
      ...(status ? [text(status, { size: 'Small', spacing: 'None' })] : []),
      actionSet([executeNoInputs(`Open ${m.groupName}, ${m.when}`, admin ? MEETING_VERBS.meetingAdmin : MEETING_VERBS.meetingOpen, { meetingId: m.id })], { spacing: 'Small' }),
    ],
  };
}

/**
 * Upcoming meetings: the business unit's list of all, or a member's own. `recent` (business unit
 * only): meetings already started, which leave the upcoming list but keep their attendance card.
 */
export function meetingListCard(items: MeetingListItem[], admin: boolean, recent: MeetingListItem[] = []): AdaptiveCard {
  const body: Element[] = [...heading(admin ? 'Upcoming LSCG meetings' : 'Your upcoming meetings', items.length ? 'Open a meeting to see it.' : undefined)];
  if (!items.length) body.push(text(admin ? 'No meetings are scheduled.' : 'You have no upcoming LSCG meetings.'));
  body.push(...items.slice(0, SHOWN_UPCOMING).map((i) => row(i, admin)));
  if (items.length > SHOWN_UPCOMING) body.push(text(`And ${items.length - SHOWN_UPCOMING} more.`, { isSubtle: true }));
  if (admin && recent.length) {
    body.push(...heading('Recent meetings', 'Started in the last 90 days, newest first. Open one to see its attendance.').map((e, i) => (i === 0 ? { ...e, spacing: 'ExtraLarge' } : e)));
    body.push(...recent.map((i) => row(i, true)));
  }
  const actions = admin
    ? [executeNoInputs('Schedule a meeting', MEETING_VERBS.meetingNewForm), executeNoInputs('Attendance for the year', MEETING_VERBS.meetingsYear), executeNoInputs('Back to the menu', MENU_VERB)]
    : [executeNoInputs('Back to the menu', MENU_VERB)];
  return card(body, actions);
}
