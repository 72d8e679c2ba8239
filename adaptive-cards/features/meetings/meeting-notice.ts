import type { MeetingView } from '../../../services/features/meetings/meeting-view.js';
import { banner, card, executeNoInputs, heading, openUrl, text, type AdaptiveCard } from '../../elements.js';
import { meetingDetails } from './meeting-reminder.js';
import { MEETING_VERBS } from './verbs.js';

/** Sent to members who were reminded when a meeting is cancelled. */
export function meetingCancelledCard(m: MeetingView): AdaptiveCard {
  return card([...heading(`Cancelled: ${m.groupName} meeting`), banner(`The meeting on ${m.when} has been cancelled. No reply is needed.`, 'attention')]);
}

/** Sent when the time or place of a meeting changes: an edited card alone is easy to miss. */
export function meetingChangedCard(m: MeetingView, replied: boolean): AdaptiveCard {
  const actions = [executeNoInputs('Reply or change my reply', MEETING_VERBS.meetingOpen, { meetingId: m.id })];
  if (m.joinUrl) actions.unshift(openUrl('Join the meeting', m.joinUrl));
  return card([...heading(`Changed: ${m.groupName} meeting`), banner(`The meeting is now on ${m.when}.`, 'warning'), ...meetingDetails(m), text(replied ? 'Your earlier reply still stands; change it if you need to.' : 'Please reply so the chair knows who is coming.', { isSubtle: true })], actions);
}
