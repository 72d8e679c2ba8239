import type { AppConfig } from '../../config.js';
import { MEETING_MODES, type Meeting } from './meetings.js';
import { RSVP_LABELS, type Rsvp } from './rsvp.js';
import { formatDayDateTime, zonedParts } from '../../zoned-time.js';

/** What a card shows of a meeting: already worded and in UK time, so card builders stay dumb. */
export interface MeetingView {
  id: string;
  groupName: string;
  when: string;
  date: string;
  time: string;
  mode: Meeting['mode'];
  modeLabel: string;
  joinUrl?: string;
  venue?: string;
  agenda: string[];
  cancelled: boolean;
  groupId: string;
}

export interface ReplyView {
  response: Rsvp['response'];
  label: string;
  deputyName?: string;
  at: string;
}

/**
 * Views are derived from a meeting record, which is replaced (never changed in place) on every
 * edit, so each record's view is worked out once: an RSVP press then formats no meeting dates.
 * Keyed weakly, so nothing is kept once the records and the config are gone.
 */
const viewsByConfig = new WeakMap<AppConfig, WeakMap<Meeting, MeetingView>>();

export function meetingView(meeting: Meeting, config: AppConfig): MeetingView {
  let views = viewsByConfig.get(config);
  if (!views) viewsByConfig.set(config, (views = new WeakMap()));
  let view = views.get(meeting);
  if (!view) views.set(meeting, (view = buildMeetingView(meeting, config)));
  return view;
}

function buildMeetingView(meeting: Meeting, config: AppConfig): MeetingView {
  const start = new Date(meeting.startsAt);
  const parts = zonedParts(start, config.timeZone);
  const group = config.partnership.groups.find((g) => g.id === meeting.groupId);
  return {
    id: meeting.id,
    groupId: meeting.groupId,
    groupName: meeting.mode === 'joint' ? 'All LSCGs (joint meeting)' : group?.name ?? meeting.groupId,
    when: formatDayDateTime(start, config.timeZone),
    date: parts.date,
    time: parts.time,
    mode: meeting.mode,
    modeLabel: MEETING_MODES[meeting.mode],
    joinUrl: meeting.joinUrl,
    venue: meeting.venue,
    agenda: meeting.agenda,
    cancelled: meeting.status === 'cancelled',
  };
}

export function replyView(rsvp: Rsvp | undefined, config: AppConfig): ReplyView | undefined {
  if (!rsvp) return undefined;
  return { response: rsvp.response, label: RSVP_LABELS[rsvp.response], deputyName: rsvp.deputyName, at: formatDayDateTime(new Date(rsvp.respondedAt), config.timeZone) };
}

/** "today", "tomorrow" or "in 5 days", counted in calendar days in the partnership's zone. */
export function relativeDayLabel(startsAt: Date, now: Date, timeZone: string): string {
  const a = Date.parse(zonedParts(now, timeZone).date);
  const b = Date.parse(zonedParts(startsAt, timeZone).date);
  const days = Math.round((b - a) / 86400_000);
  if (days <= 0) return 'today';
  if (days === 1) return 'tomorrow';
  return `in ${days} days`;
}

/** "Attending 12 · Deputy 1 · Apologies 3 · No reply 20": one meeting's replies on one line. */
export function replyCountsLine(replies: { attending: number; deputy: number; apologies: number }, memberCount: number): string {
  const noReply = Math.max(0, memberCount - replies.attending - replies.deputy - replies.apologies);
  return `Attending ${replies.attending} · Deputy ${replies.deputy} · Apologies ${replies.apologies} · No reply ${noReply}`;
}
