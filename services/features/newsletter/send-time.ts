import { AnswersInvalidError } from '../../forms/errors.js';
import { str } from '../../validation.js';
import { zonedToUtc } from '../../zoned-time.js';
import { FIELD } from './compose.js';

/**
 * The instant a scheduled issue goes, from the UK date and time on the card (as meetings read
 * theirs): a time the spring clock change skips, or one already past, is refused naming the field.
 */
export function sendTimeFrom(data: unknown, timeZone: string, now: Date): Date {
  const date = str(data, FIELD.sendDate);
  const time = str(data, FIELD.sendTime);
  if (!date || !time) throw new AnswersInvalidError({ [date ? FIELD.sendTime : FIELD.sendDate]: 'Give the date and time (UK time) to send it.' });
  const at = zonedToUtc(date, time, timeZone);
  if (!at) {
    const wellFormed = /^\d{4}-\d{2}-\d{2}$/.test(date) && /^\d{2}:\d{2}$/.test(time);
    throw new AnswersInvalidError({ [FIELD.sendTime]: wellFormed ? `${time} does not exist on that day in the UK: the clocks go forward. Choose another time.` : 'Give the date as 2025-06-30 and the time as 09:00.' });
  }
  if (at.getTime() <= now.getTime()) throw new AnswersInvalidError({ [FIELD.sendTime]: 'That time has passed. Choose a later time, or send it now.' });
  return at;
}
