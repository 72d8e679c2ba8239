import type { MeetingView } from '../../../services/features/meetings/meeting-view.js';
import { banner, card, execute, executeNoInputs, heading, text, type AdaptiveCard, type Element } from '../../elements.js';
import { count } from '../../../services/words.js';
import { meetingDetails } from './meeting-reminder.js';
import { MEETING_VERBS } from './verbs.js';

export interface MeetingAdminInput {
  meeting: MeetingView;
  memberCount: number;
  reachableCount: number;
  replies: { attending: number; apologies: number; deputy: number };
  notice?: { text: string; tone: 'good' | 'warning' | 'attention' };
  /** The Outlook invitation's state, when the bot sends invitations. */
  invitation?: { text: string; tone: 'good' | 'warning' | 'attention'; retry: boolean };
}

/** The business unit's view of one meeting, with what it may do next. */
export function meetingAdminCard(input: MeetingAdminInput): AdaptiveCard {
  const m = input.meeting;
  const body: Element[] = [...heading(`${m.groupName}: ${m.when}`, m.modeLabel)];
  if (input.notice) body.push(banner(input.notice.text, input.notice.tone));
  if (m.cancelled && !input.notice) body.push(banner('This meeting is cancelled.', 'attention'));
  if (input.invitation) body.push(banner(input.invitation.text, input.invitation.tone));
  body.push(...meetingDetails(m));
  body.push(
    text(
      `${count(input.memberCount, 'member')} invited; ${input.reachableCount.toLocaleString('en-GB')} can be reached in Teams. Replies so far: attending ${input.replies.attending}, sending a deputy ${input.replies.deputy}, apologies ${input.replies.apologies}.`,
      { spacing: 'Medium' },
    ),
  );
  const retry = input.invitation?.retry ? [executeNoInputs('Try the invitation again', MEETING_VERBS.meetingInvitationRetry, { meetingId: m.id })] : [];
  const actions: Element[] = m.cancelled
    ? [...retry, executeNoInputs('Upcoming meetings', MEETING_VERBS.meetingsUpcoming)]
    : [
        ...retry,
        executeNoInputs('Attendance', MEETING_VERBS.meetingAttendance, { meetingId: m.id }),
        executeNoInputs('Change', MEETING_VERBS.meetingEditForm, { meetingId: m.id }),
        executeNoInputs('Cancel meeting', MEETING_VERBS.meetingCancelAsk, { meetingId: m.id }, ),
        executeNoInputs('Upcoming meetings', MEETING_VERBS.meetingsUpcoming),
      ];
  return card(body, actions);
}

/**
 * Asks before cancelling: members who were reminded will be told, and so will everyone the
 * Outlook invitation went to (`invitedFrom`: the mailbox it was sent from), since Outlook sends
 * the cancellation whether or not a reminder went out.
 */
export function meetingCancelConfirmCard(meeting: MeetingView, remindedCount: number, invitedFrom?: string): AdaptiveCard {
  const outlook = invitedFrom ? ` Outlook will send the cancellation to every member invited from ${invitedFrom}.` : '';
  const reminders = remindedCount
    ? `${count(remindedCount, 'member has', 'members have')} already been reminded in Teams. They will get a cancellation notice and their reminder will show the meeting as cancelled.`
    : invitedFrom ? 'No reminders have gone out in Teams yet.' : 'No reminders have gone out yet, so nobody will be notified.';
  return card(
    [
      ...heading(`Cancel ${meeting.groupName} on ${meeting.when}?`),
      text(reminders + outlook),
    ],
    [execute('Yes, cancel the meeting', MEETING_VERBS.meetingCancel, { meetingId: meeting.id }, { style: 'destructive', associatedInputs: 'none' }), executeNoInputs('No, keep it', MEETING_VERBS.meetingAdmin, { meetingId: meeting.id })],
  );
}
