import { TZDate } from '@date-fns/tz';
// One module each, not the date-fns index: loading all of date-fns costs start-up time for nothing.
import { addDays } from 'date-fns/addDays';
import { format } from 'date-fns/format';
import { isValid } from 'date-fns/isValid';
import { parse } from 'date-fns/parse';

/**
 * Wall-clock times in the partnership's zone (Europe/London). Everything is stored in UTC;
 * these helpers are the only place that knows about the zone, so clock changes are handled once.
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The instant at which the zone's clocks show date + time, or null if no such instant exists. */
export function zonedToUtc(date: string, time: string, timeZone: string): Date | null {
  if (!DATE.test(date) || !TIME.test(time)) return null;
  const day = parse(date, 'yyyy-MM-dd', new Date(0));
  if (!isValid(day) || format(day, 'yyyy-MM-dd') !== date) return null;
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const zoned = new TZDate(y, mo - 1, d, h, mi, timeZone);
  const instant = new Date(zoned.getTime());
  // A time skipped by the spring clock change (01:30 on the last Sunday of March) reads back differently.
  const back = zonedParts(instant, timeZone);
  if (back.date !== date || back.time !== time) return null;
  return instant;
}

/** The zone's calendar date and clock time for an instant. */
export function zonedParts(instant: Date, timeZone: string): { date: string; time: string } {
  const p = parts(instant, timeZone, 'numeric');
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/**
 * Formatters are costly to build and cheap to use, and every card press formats a date or two,
 * so one per zone is kept. They hold no state that changes: a cache, not a global.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function parts(instant: Date, timeZone: string, style: 'words' | 'numeric' = 'words'): Record<string, string> {
  const key = `${style}:${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f =
      style === 'words'
        ? new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
        : new Intl.DateTimeFormat('en-GB', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(key, f);
  }
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(instant)) out[p.type] = p.value;
  return out;
}

/** "Friday 23 May 2025, 10:30", as people in the partnership write it. */
export function formatDayDateTime(instant: Date, timeZone: string): string {
  const p = parts(instant, timeZone);
  return `${p.weekday} ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute}`;
}

/** "Friday 23 May 2025". */
export function formatDayDate(instant: Date, timeZone: string): string {
  const p = parts(instant, timeZone);
  return `${p.weekday} ${p.day} ${p.month} ${p.year}`;
}

/** The calendar date `days` after a yyyy-MM-dd date (negative for before). */
export function shiftDate(date: string, days: number): string {
  return format(addDays(parse(date, 'yyyy-MM-dd', new Date(0)), days), 'yyyy-MM-dd');
}

/**
 * The instant the zone's clocks show `time` on `date`. A time skipped by the spring clock change
 * (e.g. 01:30 on the last Sunday of March) falls to the same wall time an hour later.
 */
export function wallClockOn(date: string, time: string, timeZone: string): Date {
  const exact = zonedToUtc(date, time, timeZone);
  if (exact) return exact;
  const [h, m] = time.split(':').map(Number);
  const later = `${String(Math.min(23, h + 1)).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
  return zonedToUtc(date, later, timeZone) ?? new Date(`${date}T${time}:00Z`);
}
