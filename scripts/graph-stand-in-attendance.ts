import type { CalendarState, FakeEvent } from '../test/support/fake-graph/calendar.js';
import { zonedToUtc } from '../services/zoned-time.js';

/**
 * `--attendance-after-minutes <n>`: Teams' part the stand-in otherwise lacks. Every Teams meeting
 * the bot creates on the stand-in gets an attendance report, ready n minutes after the meeting's
 * booked end: every invited member but the last joined (for less time each), plus one visitor
 * who is not on the roster. The bot itself still asks only once the booked end has passed.
 */

const VISITOR = { identity: { displayName: 'Pat Visitor' }, emailAddress: 'pat.visitor@elsewhere.example', totalAttendanceInSeconds: 15 * 60 };

/** The event's latest end, as an instant: Graph's dateTimeTimeZone is wall-clock time in the zone. */
type GraphDateTime = { dateTime?: string; timeZone?: string } | undefined;
type Attendee = { emailAddress?: { address?: string; name?: string } };

/** The latest value of an event field: the last PATCH that set it, else the create. */
function latest<T>(ev: FakeEvent, field: string): T | undefined {
  const patched = [...ev.patches].reverse().find((p) => p[field] !== undefined);
  return (patched ?? ev.body)[field] as T | undefined;
}

function endOf(ev: FakeEvent): Date | null {
  const end = latest<GraphDateTime>(ev, 'end');
  const [date, time] = (end?.dateTime ?? '').split('T');
  return date && time ? zonedToUtc(date, time.slice(0, 5), end?.timeZone ?? 'Europe/London') : null;
}

/** Adds a report for each Teams meeting that has none for its current end (a changed time gets a new one); returns how many. */
export function seedAttendance(state: CalendarState, afterMinutes: number, entraIdOf: (email: string) => string | undefined): number {
  let added = 0;
  for (const ev of state.events.values()) {
    if (!ev.joinUrl || ev.cancelled) continue;
    const end = endOf(ev);
    if (!end || state.reports.get(ev.onlineMeetingId)?.end === end.toISOString()) continue;
    const attendees = latest<Attendee[]>(ev, 'attendees') ?? [];
    const joined = attendees.slice(0, Math.max(0, attendees.length - 1));
    const bookedSeconds = 120 * 60;
    const records = joined.map((a, i) => {
      const email = String(a.emailAddress?.address ?? '').toLowerCase();
      const id = entraIdOf(email);
      return { identity: { ...(id ? { id } : {}), displayName: a.emailAddress?.name ?? email }, emailAddress: email, role: 'Attendee', totalAttendanceInSeconds: Math.max(600, bookedSeconds - 20 * 60 * (i + 1)) };
    });
    const start = new Date(end.getTime() - bookedSeconds * 1000);
    state.reports.set(ev.onlineMeetingId, { readyAt: end.getTime() + afterMinutes * 60_000, start: start.toISOString(), end: end.toISOString(), records: [...records, VISITOR] });
    added++;
  }
  return added;
}
