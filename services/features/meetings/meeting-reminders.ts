import type { Clock } from '../../clock.js';
import type { ReminderRule } from '../../config.js';
import type { Delivery, NewDelivery } from '../../delivery/deliveries.js';
import type { DeliveryQueue } from '../../delivery/delivery-queue.js';
import type { Logger } from '../../logger.js';
import type { Meeting, MeetingListener, Meetings } from './meetings.js';
import type { People } from '../../people/people.js';
import type { DueWork } from '../../scheduler.js';
import { shiftDate, wallClockOn, zonedParts } from '../../zoned-time.js';
import { count } from '../../words.js';

/** When a rule's reminder falls due for a meeting: the rule's clock time, n calendar days before, in the zone. */
export function reminderDueAt(meeting: Pick<Meeting, 'startsAt'>, rule: ReminderRule, timeZone: string): Date {
  const start = new Date(meeting.startsAt);
  const day = shiftDate(zonedParts(start, timeZone).date, -rule.daysBefore);
  const due = wallClockOn(day, rule.at, timeZone);
  return due.getTime() < start.getTime() ? due : start;
}

/**
 * The reminder to send now, if any: of the rules already due, the one closest to the meeting.
 * Earlier rules that were missed are skipped, so a person gets the latest news, once.
 */
export function latestDueRule(meeting: Meeting, rules: ReminderRule[], now: Date, timeZone: string): ReminderRule | null {
  if (meeting.status !== 'scheduled' || Date.parse(meeting.startsAt) <= now.getTime()) return null;
  let best: { rule: ReminderRule; at: number } | null = null;
  for (const rule of rules) {
    const at = reminderDueAt(meeting, rule, timeZone).getTime();
    if (at <= now.getTime() && (!best || at > best.at)) best = { rule, at };
  }
  return best?.rule ?? null;
}

export const meetingCampaign = (meetingId: string) => `meeting-${meetingId}`;

/** "7 days and 1 day before, at 09:00", for cards that tell people when reminders go. */
export function reminderSummary(rules: ReminderRule[]): string {
  if (!rules.length) return 'no reminders are configured';
  const days = [...rules].sort((a, b) => b.daysBefore - a.daysBefore).map((r) => (r.daysBefore === 0 ? 'on the day' : count(r.daysBefore, 'day')));
  const times = [...new Set(rules.map((r) => r.at))];
  const list = days.length > 1 ? `${days.slice(0, -1).join(', ')} and ${days.at(-1)}` : days[0];
  return `${list} before, at ${times.join(' or ')}`;
}

/**
 * What the card says right after scheduling: only the reminders still to come, and whether one
 * goes now (a meeting scheduled inside the reminder window gets the latest due reminder at once).
 */
export function reminderPlan(meeting: Meeting, rules: ReminderRule[], now: Date, timeZone: string): string {
  const goesNow = latestDueRule(meeting, rules, now, timeZone);
  const ahead = rules.filter((r) => reminderDueAt(meeting, r, timeZone).getTime() > now.getTime());
  if (goesNow && ahead.length) return `The first reminder goes to members now; the ${ahead.length === 1 ? 'next goes' : 'others go'} ${reminderSummary(ahead)}.`;
  if (goesNow) return 'The reminder goes to members now; no other reminder is due before the meeting.';
  if (ahead.length) return `Members will be reminded ${reminderSummary(ahead)}.`;
  return 'No reminders will go: none is configured.';
}

const changedWhenOrWhere = (a: Meeting, b: Meeting) => a.startsAt !== b.startsAt || a.mode !== b.mode || a.joinUrl !== b.joinUrl || a.venue !== b.venue;

/** Decides which reminders, updates and notices are due and hands them to the delivery queue. */
export class MeetingReminders implements MeetingListener, DueWork {
  readonly name = 'meeting-reminders';
  private ticking: Promise<number> | null = null;

  constructor(
    private readonly meetings: Meetings,
    private readonly people: People,
    private readonly queue: DeliveryQueue,
    private readonly rules: ReminderRule[],
    private readonly timeZone: string,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Queues every reminder now due. Safe to call at any time; overlapping calls share one run. */
  tick(): Promise<number> {
    if (!this.ticking) {
      this.ticking = this.runTick().finally(() => {
        this.ticking = null;
      });
    }
    return this.ticking;
  }

  private async runTick(): Promise<number> {
    let queued = 0;
    for (const meeting of this.meetings.upcoming()) queued += await this.remind(meeting);
    if (queued) this.log.info('reminders.queued', { count: queued });
    return queued;
  }

  private async remind(meeting: Meeting): Promise<number> {
    const rule = latestDueRule(meeting, this.rules, this.clock.now(), this.timeZone);
    if (!rule) return 0;
    // The meeting's UK date is in the id: moved to another day, its reminders go again; moved within the day, they do not.
    const day = zonedParts(new Date(meeting.startsAt), this.timeZone).date;
    const items: NewDelivery[] = this.people.membersOf(this.meetings.audience(meeting)).map((p) => ({
      id: `reminder:${meeting.id}:${day}:${rule.id}:${p.id}`,
      campaign: meetingCampaign(meeting.id),
      personId: p.id,
      kind: 'meeting-reminder',
      op: 'send',
      subjectId: meeting.id,
      ruleId: rule.id,
    }));
    return this.queue.enqueue(items);
  }

  async meetingChanged(meeting: Meeting, previous?: Meeting): Promise<void> {
    if (previous) {
      const campaign = meetingCampaign(meeting.id);
      const records = await this.queue.records(campaign);
      const sentReminders = records.filter((d) => d.kind === 'meeting-reminder' && d.status === 'sent' && d.activityId);
      // Older card updates still waiting would only show stale details.
      await this.queue.supersede(campaign, (d) => d.kind === 'meeting-update');
      const updates: NewDelivery[] = sentReminders.map((d: Delivery) => ({
        id: `update:${meeting.id}:v${meeting.version}:${d.id}`,
        campaign,
        personId: d.personId,
        kind: 'meeting-update',
        op: 'update',
        subjectId: meeting.id,
        replaces: d.id,
        targetActivityId: d.activityId,
        targetConversationId: d.conversationId,
      }));
      const reminded = [...new Set(sentReminders.map((d) => d.personId))];
      const notice = meeting.status === 'cancelled' ? 'meeting-cancelled' : changedWhenOrWhere(meeting, previous) ? 'meeting-changed' : null;
      const notices: NewDelivery[] = notice
        ? reminded.map((personId) => ({
            id: `${notice}:${meeting.id}:v${meeting.version}:${personId}`,
            campaign,
            personId,
            kind: notice,
            op: 'send',
            subjectId: meeting.id,
          }))
        : [];
      await this.queue.enqueue([...updates, ...notices]);
      this.log.info('meeting.changed', { meetingId: meeting.id, status: meeting.status, updates: updates.length, notices: notices.length });
    }
    if (meeting.status === 'scheduled') await this.remind(meeting);
  }
}
