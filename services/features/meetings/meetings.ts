import type { Clock } from '../../clock.js';
import type { AppConfig, GroupConfig } from '../../config.js';
import type { Collection, Store } from '../../store/store.js';
import { invalid, str, UserFacingError, valid, type Checked, type FieldErrors } from '../../validation.js';
import { zonedToUtc } from '../../zoned-time.js';
import type { MeetingInvitation, MeetingInvitations } from './invitations.js';

export type MeetingMode = 'online' | 'in-person' | 'joint';

export const MEETING_MODES: Record<MeetingMode, string> = {
  online: 'Online (Teams)',
  'in-person': 'In person',
  joint: 'Joint meeting of all LSCGs',
};

export interface Meeting {
  id: string;
  groupId: string;
  mode: MeetingMode;
  /** UTC, ISO 8601. */
  startsAt: string;
  joinUrl?: string;
  venue?: string;
  agenda: string[];
  status: 'scheduled' | 'cancelled';
  /** The Outlook invitation, when the bot created the Teams meeting in the business unit's mailbox. */
  invitation?: MeetingInvitation;
  version: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface MeetingDetails {
  groupId: string;
  mode: MeetingMode;
  startsAt: Date;
  joinUrl?: string;
  venue?: string;
  agenda: string[];
}

/** Told after a meeting is scheduled, changed or cancelled, so reminders and notices follow. */
export interface MeetingListener {
  meetingChanged(meeting: Meeting, previous?: Meeting): Promise<void>;
}

/** The form's fields, as the card sends them: untrusted strings. */
export const MEETING_FIELDS = ['groupId', 'date', 'time', 'mode', 'joinUrl', 'venue', 'agenda'] as const;

/** `keepsEventLink`: the meeting being edited has the bot's Teams meeting, whose link stays. */
export function validateMeetingInput(data: unknown, config: AppConfig, now: Date, keepsEventLink = false): Checked<MeetingDetails> {
  const m = config.partnership.meetings;
  const errors: FieldErrors = {};
  const groupId = str(data, 'groupId');
  const group = config.partnership.groups.find((g) => g.id === groupId);
  if (!groupId) errors.groupId = 'Choose the LSCG this meeting is for.';
  else if (!group || group.kind !== 'lscg') errors.groupId = `"${groupId.slice(0, 40)}" is not one of the LSCGs. Choose one from the list.`;

  const mode = str(data, 'mode') as MeetingMode;
  if (!Object.hasOwn(MEETING_MODES, mode)) errors.mode = 'Choose online, in person, or joint meeting of all LSCGs.';

  const date = str(data, 'date');
  const time = str(data, 'time');
  let startsAt: Date | null = null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) errors.date = 'Give the date of the meeting, e.g. 2025-05-23.';
  if (!/^\d{2}:\d{2}$/.test(time)) errors.time = 'Give the start time, e.g. 10:30.';
  if (!errors.date && !errors.time) {
    startsAt = zonedToUtc(date, time, config.timeZone);
    if (!startsAt) errors.date = `${date} ${time} does not exist in UK time (check the day of the month, or the hour the clocks go forward).`;
    else if (startsAt.getTime() <= now.getTime()) errors.date = 'That date and time has already passed. Choose a time in the future.';
    else if (startsAt.getTime() > now.getTime() + 2 * 366 * 86400_000) errors.date = 'That is more than two years away. Check the year.';
  }

  const joinUrl = str(data, 'joinUrl');
  const venue = str(data, 'venue');
  if (joinUrl) {
    let url: URL | null;
    try {
      url = new URL(joinUrl);
    } catch {
      url = null;
    }
    if (!url || url.protocol !== 'https:' || joinUrl.length > 2000) errors.joinUrl = 'The join link must be the https:// link from the Teams meeting invitation.';
  }
  // With a meetings mailbox the bot creates the Teams meeting itself, so the link may be left empty.
  const botMakesLink = !!config.meetingInvitations || keepsEventLink;
  if (mode === 'online' && !joinUrl && !botMakesLink) errors.joinUrl = 'An online meeting needs its Teams join link.';
  if (mode === 'in-person' && !venue) errors.venue = 'An in-person meeting needs its venue.';
  if (mode === 'joint' && !venue && !joinUrl && !botMakesLink) errors.venue = 'A joint meeting needs a venue, a join link, or both.';
  if (venue.length > m.maxVenueLength) errors.venue = `The venue is too long: at most ${m.maxVenueLength} characters.`;

  const agenda = str(data, 'agenda')
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*(\d+[.)]|[-*•])\s*/, '').trim())
    .filter(Boolean);
  if (agenda.length > m.maxAgendaItems) errors.agenda = `The agenda has ${agenda.length} items; at most ${m.maxAgendaItems}. Combine some items.`;
  else {
    const long = agenda.findIndex((a) => a.length > m.maxAgendaItemLength);
    if (long >= 0) errors.agenda = `Agenda item ${long + 1} is too long: at most ${m.maxAgendaItemLength} characters an item.`;
  }

  if (Object.keys(errors).length) return invalid(errors);
  return valid({
    groupId,
    mode,
    startsAt: startsAt!,
    joinUrl: joinUrl || undefined,
    venue: venue || undefined,
    agenda,
  });
}

const CANCEL_COMMENT = 'This LSCG meeting has been cancelled. No reply is needed.';

export class MeetingValidationError extends UserFacingError {
  constructor(readonly errors: FieldErrors) {
    super(Object.values(errors).join(' '), 'invalid');
  }
}

export class Meetings {
  private listener: MeetingListener | undefined;
  private invitations: MeetingInvitations | undefined;

  private constructor(
    private readonly meetings: Collection<Meeting>,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  static async open(store: Store, config: AppConfig, clock: Clock): Promise<Meetings> {
    return new Meetings(await store.collection<Meeting>('meetings'), config, clock);
  }

  listen(listener: MeetingListener): void {
    this.listener = listener;
  }

  /** Online and joint meetings get an Outlook invitation from the business unit's mailbox (MEETINGS_MAILBOX). */
  sendInvitationsWith(invitations: MeetingInvitations): void {
    this.invitations = invitations;
  }

  get invitationsOn(): boolean {
    return !!this.invitations;
  }

  get(id: string): Meeting | undefined {
    return this.meetings.get(id);
  }

  group(meeting: Meeting): GroupConfig {
    return this.config.partnership.groups.find((g) => g.id === meeting.groupId) ?? { id: meeting.groupId, name: meeting.groupId, kind: 'lscg' };
  }

  /** The groups whose members are invited: one LSCG, or every LSCG for a joint meeting. */
  audience(meeting: Meeting): string[] {
    if (meeting.mode === 'joint') return this.config.partnership.groups.filter((g) => g.kind === 'lscg').map((g) => g.id);
    return [meeting.groupId];
  }

  /** Every meeting kept, past and cancelled ones included. */
  all(): Meeting[] {
    return this.meetings.values();
  }

  /** For erasure: "scheduled by" becomes "(erased)" on the meetings this person scheduled. */
  async replaceCreator(isTheirs: (createdBy: string) => boolean, erased: string): Promise<number> {
    const theirs = this.meetings.values().filter((m) => isTheirs(m.createdBy));
    for (const m of theirs) await this.meetings.put({ ...m, createdBy: erased });
    return theirs.length;
  }

  /** For retention: the meeting record itself; its answers and messages are removed by their owners. */
  async remove(id: string): Promise<void> {
    await this.meetings.remove(id);
  }

  /** Scheduled meetings that have not begun, soonest first. */
  upcoming(groupIds?: string[]): Meeting[] {
    const now = this.clock.now().toISOString();
    const wanted = groupIds ? new Set(groupIds) : null;
    return this.meetings
      .values()
      .filter((m) => m.status === 'scheduled' && m.startsAt > now)
      .filter((m) => !wanted || this.audience(m).some((g) => wanted.has(g)))
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  }

  async schedule(data: unknown, by: string): Promise<Meeting> {
    const checked = validateMeetingInput(data, this.config, this.clock.now());
    if (!checked.ok) throw new MeetingValidationError(checked.errors);
    const now = this.clock.now();
    let meeting: Meeting = {
      id: `mtg-${now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      ...this.fields(checked.value),
      status: 'scheduled',
      version: 1,
      createdBy: by,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    // Before the first save, so the first reminder already carries the join link.
    if (this.invitations?.wanted(meeting)) meeting = await this.invitations.create(meeting);
    await this.meetings.put(meeting);
    await this.listener?.meetingChanged(meeting);
    return meeting;
  }

  async edit(id: string, data: unknown): Promise<Meeting> {
    const previous = this.openMeeting(id);
    const hasEvent = !!previous.invitation?.eventId;
    const checked = validateMeetingInput(data, this.config, this.clock.now(), hasEvent);
    if (!checked.ok) throw new MeetingValidationError(checked.errors);
    let meeting: Meeting = { ...previous, ...this.fields(checked.value), version: previous.version + 1, updatedAt: this.clock.now().toISOString() };
    // The Teams meeting the bot made keeps its link: the form does not offer it for editing.
    if (hasEvent) meeting.joinUrl = previous.joinUrl;
    if (this.invitations?.wanted(meeting)) meeting = await this.invitations.update(meeting);
    // A create that failed, and a link of its own typed since: nothing is left to try again.
    else if (!hasEvent && meeting.invitation?.state === 'failed') meeting = { ...meeting, invitation: undefined };
    await this.meetings.put(meeting);
    await this.listener?.meetingChanged(meeting, previous);
    return meeting;
  }

  async cancel(id: string): Promise<Meeting> {
    const previous = this.openMeeting(id);
    let meeting: Meeting = { ...previous, status: 'cancelled', version: previous.version + 1, updatedAt: this.clock.now().toISOString() };
    if (this.invitations) meeting = await this.invitations.cancel(meeting, CANCEL_COMMENT);
    await this.meetings.put(meeting);
    await this.listener?.meetingChanged(meeting, previous);
    return meeting;
  }

  /**
   * Tries the invitation's failed step again. A create or update that now works and brings a
   * join link reaches the members through the usual update of their reminders.
   */
  async retryInvitation(id: string): Promise<Meeting> {
    const previous = this.meetings.get(id);
    if (!previous) throw new UserFacingError('That meeting no longer exists. Open the list of upcoming meetings to find it.', 'not-found');
    if (!this.invitations) throw new UserFacingError('Invitations are off: MEETINGS_MAILBOX is not set in the bot\'s settings.', 'closed');
    if (previous.invitation?.state !== 'failed') return previous;
    if (previous.status === 'cancelled') {
      const meeting = await this.invitations.cancel(previous, CANCEL_COMMENT);
      await this.meetings.put(meeting);
      return meeting;
    }
    this.openMeeting(id);
    const meeting = await this.invitations.update({ ...previous, version: previous.version + 1, updatedAt: this.clock.now().toISOString() });
    await this.meetings.put(meeting);
    if (meeting.joinUrl !== previous.joinUrl) await this.listener?.meetingChanged(meeting, previous);
    return meeting;
  }

  /** A meeting that may still be changed or answered: it exists, is not cancelled and has not begun. */
  openMeeting(id: string): Meeting {
    const meeting = this.meetings.get(id);
    if (!meeting) throw new UserFacingError('That meeting no longer exists. Open the list of upcoming meetings to find it.', 'not-found');
    if (meeting.status === 'cancelled') throw new UserFacingError('That meeting has been cancelled.', 'closed');
    if (meeting.startsAt <= this.clock.now().toISOString()) throw new UserFacingError('That meeting has already started, so it can no longer be changed.', 'closed');
    return meeting;
  }

  private fields(d: MeetingDetails): Pick<Meeting, 'groupId' | 'mode' | 'startsAt' | 'joinUrl' | 'venue' | 'agenda'> {
    return { groupId: d.groupId, mode: d.mode, startsAt: d.startsAt.toISOString(), joinUrl: d.joinUrl, venue: d.venue, agenda: d.agenda };
  }
}
