import type { Activity } from 'botbuilder';
import { meetingReminderCard } from '../adaptive-cards/features/meetings/meeting-reminder.js';
import { meetingCancelledCard, meetingChangedCard } from '../adaptive-cards/features/meetings/meeting-notice.js';
import type { AppServices } from '../services/app-services.js';
import type { Delivery } from '../services/delivery/deliveries.js';
import { meetingView, relativeDayLabel, replyView } from '../services/features/meetings/meeting-view.js';
import { formatDayDate } from '../services/zoned-time.js';
import { jagsSummaryCard } from '../adaptive-cards/features/jags/jags.js';
import { s11PromptCard } from '../adaptive-cards/features/section11/section11.js';
import { cycleTitle, deadlineText, returnStateText, summaryView } from '../services/form-views.js';
import { orgKey } from '../services/features/section11/section11.js';
import { feedbackFormCard } from './features/jags/feedback-card.js';
import { cardActivity } from './send-card.js';

/** The message a delivery carries, built when it is sent so it shows the meeting as it is then. */
export async function deliveryActivity(s: AppServices, d: Delivery): Promise<Partial<Activity>> {
  switch (d.kind) {
    case 's11-prompt':
    case 's11-reminder':
    case 's11-chase':
      return section11Activity(s, d, d.kind);
    case 'jags-feedback':
    case 'jags-feedback-reminder':
    case 'jags-summary':
      return jagsActivity(s, d, d.kind);
    default:
      return meetingActivity(s, d);
  }
}

async function section11Activity(s: AppServices, d: Delivery, kind: 's11-prompt' | 's11-reminder' | 's11-chase'): Promise<Partial<Activity>> {
  const cycle = s.section11.cycle(d.subjectId);
  const person = s.people.person(d.personId);
  const key = person ? orgKey(person.organisation) : '';
  const org = cycle.organisations.find((o) => o.key === key);
  const ret = await s.section11.returnOf(cycle.id, key);
  const card = s11PromptCard({ cycleId: cycle.id, title: cycleTitle(cycle), organisation: org?.name ?? person?.organisation ?? '', deadline: deadlineText(s, cycle), kind, state: returnStateText(s, ret), formIntro: kind === 's11-prompt' ? s.section11.form(cycle).intro : undefined });
  return cardActivity(card, `${cycleTitle(cycle)}: due ${deadlineText(s, cycle)}`);
}

async function jagsActivity(s: AppServices, d: Delivery, kind: 'jags-feedback' | 'jags-feedback-reminder' | 'jags-summary'): Promise<Partial<Activity>> {
  const session = s.jags.session(d.subjectId);
  if (kind === 'jags-summary') return cardActivity(jagsSummaryCard(await summaryView(s, session)), 'JAGS feedback: the collated result');
  const form = s.jags.form(session);
  const banner = kind === 'jags-feedback-reminder' ? { text: 'A reminder: we would value your feedback on this JAGS session.', tone: 'accent' as const } : undefined;
  return cardActivity(feedbackFormCard(s, session, form, 0, {}, { banner }), 'JAGS feedback: two minutes, anonymous');
}

async function meetingActivity(s: AppServices, d: Delivery): Promise<Partial<Activity>> {
  const meeting = s.meetings.get(d.subjectId);
  if (!meeting) throw new Error(`meeting ${d.subjectId} not found for delivery`);
  const view = meetingView(meeting, s.config);
  const shortName = s.config.partnership.partnership.shortName;
  const summary = `${view.groupName}: ${view.when}`;
  switch (d.kind) {
    case 'meeting-reminder':
    case 'meeting-update': {
      const reply = replyView(await s.rsvps.of(meeting.id, d.personId), s.config);
      const now = s.clock.now();
      return cardActivity(
        meetingReminderCard({
          meeting: view,
          partnershipShortName: shortName,
          reply,
          dueLabel: view.cancelled ? undefined : relativeDayLabel(new Date(meeting.startsAt), now, s.config.timeZone),
          changedNote: d.kind === 'meeting-update' && !view.cancelled ? `Updated on ${formatDayDate(new Date(meeting.updatedAt), s.config.timeZone)}: check the details below.` : undefined,
        }),
        `Reminder: ${summary}`,
      );
    }
    case 'meeting-changed':
      return cardActivity(meetingChangedCard(view, !!(await s.rsvps.of(meeting.id, d.personId))), `Changed: ${summary}`);
    case 'meeting-cancelled':
      return cardActivity(meetingCancelledCard(view), `Cancelled: ${summary}`);
    default:
      throw new Error(`no card for delivery kind ${d.kind}`);
  }
}
