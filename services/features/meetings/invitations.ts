import type { Clock } from '../../clock.js';
import type { AppConfig } from '../../config.js';
import type { GraphApi, GraphRequest, GraphResponse } from '../../graph/graph-api.js';
import type { Logger } from '../../logger.js';
import type { MeetingInvitationsConfig } from '../../meeting-invitations-config.js';
import type { Person } from '../../people/people.js';
import { zonedParts } from '../../zoned-time.js';
import { commonGraphFailure, graphError } from './graph-failure-words.js';
import type { Meeting } from './meetings.js';
import { withoutFullStop } from '../../words.js';

/** How long an LSCG meeting is booked for in Outlook: the meetings have no end time of their own. */
export const MEETING_LENGTH_MINUTES = 120;

export const meetingEndsAt = (m: Pick<Meeting, 'startsAt'>): Date => new Date(Date.parse(m.startsAt) + MEETING_LENGTH_MINUTES * 60_000);

/** The Outlook invitation behind a meeting the bot created in the business unit's mailbox. */
export interface MeetingInvitation {
  /** The event's id in the mailbox, once Outlook has it. */
  eventId?: string;
  /** 'sent': Outlook has the latest details; 'failed': the last step did not go through (see `step` and `problem`). */
  state: 'sent' | 'failed';
  /** The last step tried: with 'sent', the one Outlook did (absent on older records: the create). */
  step?: 'create' | 'update' | 'cancel';
  /** Plain words for the business unit, naming the fix. */
  problem?: string;
  at: string;
}

/** Graph's dateTimeTimeZone: the wall-clock time in the partnership's zone, so Outlook shows it right across the clock change. */
export function graphDateTime(instant: Date, timeZone: string): { dateTime: string; timeZone: string } {
  const p = zonedParts(instant, timeZone);
  return { dateTime: `${p.date}T${p.time}:00`, timeZone };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface EventInput {
  meeting: Meeting;
  groupName: string;
  partnershipShortName: string;
  members: Person[];
  timeZone: string;
}

/** The calendar event for a meeting: a Teams meeting with every member invited by email (other tenants too). */
export function buildEvent(e: EventInput): Record<string, unknown> {
  const m = e.meeting;
  const agenda = m.agenda.length ? `<p><b>Agenda</b></p><ol>${m.agenda.map((a) => `<li>${esc(a)}</li>`).join('')}</ol>` : '<p>The agenda will follow.</p>';
  const event: Record<string, unknown> = {
    subject: `${e.groupName} meeting`,
    body: {
      contentType: 'HTML',
      content: `<p>${esc(e.partnershipShortName)} Local Safeguarding Children Group.</p>${agenda}<p>Please also reply in the ${esc(e.partnershipShortName)} Engage app in Teams (Attending, Apologies or Sending a deputy), so the chair knows who is coming.</p>`,
    },
    start: graphDateTime(new Date(m.startsAt), e.timeZone),
    end: graphDateTime(meetingEndsAt(m), e.timeZone),
    attendees: e.members.map((p) => ({ emailAddress: { address: p.email, name: p.name }, type: 'required' })),
    isOnlineMeeting: true,
    onlineMeetingProvider: 'teamsForBusiness',
    allowNewTimeProposals: false,
  };
  if (m.venue) event.location = { displayName: m.venue };
  return event;
}

/** Why Outlook refused, in words that name the fix. */
export function explainInvitationFailure(failure: GraphResponse | Error, mailbox: string): string {
  const common = commonGraphFailure(failure);
  if (common) return common;
  const res = failure as GraphResponse;
  const { code, message } = graphError(res);
  if (res.status === 404 && code === 'ErrorItemNotFound') return `The invitation is no longer in the calendar of ${mailbox} (was it deleted in Outlook?). Cancel this meeting and schedule it again to send a new invitation.`;
  if (res.status === 404 || code === 'ErrorInvalidUser' || code === 'MailboxNotEnabledForRESTAPI') return `The mailbox ${mailbox} was not found. Set MEETINGS_MAILBOX to the business unit mailbox's address (its user principal name) and restart the bot.`;
  if (res.status === 403) return `The bot may not use the calendar of ${mailbox}. A tenant admin must grant the app the Calendars.ReadWrite application permission and include ${mailbox} in its Exchange application access policy (New-ApplicationAccessPolicy, or RBAC for Applications). See "Teams meetings and attendance" in the README.`;
  return `Outlook refused the invitation (${res.status}${code ? ` ${code}` : ''}${message ? `: ${withoutFullStop(message)}` : ''}).`;
}

export interface InvitationDeps {
  graph: GraphApi;
  settings: MeetingInvitationsConfig;
  config: AppConfig;
  clock: Clock;
  log: Logger;
  members(meeting: Meeting): Person[];
  groupName(meeting: Meeting): string;
}

/**
 * Creates, updates and cancels the Outlook invitation for online and joint meetings. Never
 * throws for a Graph failure: the meeting is kept in the bot and its invitation is marked
 * failed with the reason, for the business unit to put right and try again.
 */
export class MeetingInvitations {
  constructor(private readonly s: InvitationDeps) {}

  get mailbox(): string {
    return this.s.settings.mailbox;
  }

  /** Online and joint meetings without a join link of their own get a Teams meeting from the bot; one that has an event keeps it. */
  wanted(m: Meeting): boolean {
    return !!m.invitation?.eventId || ((m.mode === 'online' || m.mode === 'joint') && !m.joinUrl);
  }

  private event(m: Meeting) {
    return buildEvent({ meeting: m, groupName: this.s.groupName(m), partnershipShortName: this.s.config.partnership.partnership.shortName, members: this.s.members(m), timeZone: this.s.config.timeZone });
  }

  private base(): string {
    return `/users/${encodeURIComponent(this.s.settings.mailbox)}/events`;
  }

  private async call(req: GraphRequest): Promise<GraphResponse | Error> {
    try {
      return await this.s.graph.send(req);
    } catch (e) {
      return e as Error;
    }
  }

  private failed(m: Meeting, step: MeetingInvitation['step'], res: GraphResponse | Error): Meeting {
    const problem = explainInvitationFailure(res, this.s.settings.mailbox);
    this.s.log.warn('meeting.invitation_failed', { meetingId: m.id, step, status: res instanceof Error ? res.name : res.status });
    return { ...m, invitation: { ...m.invitation, state: 'failed', step, problem, at: this.s.clock.now().toISOString() } };
  }

  private sent(m: Meeting, eventId: string, step: MeetingInvitation['step']): Meeting {
    return { ...m, invitation: { eventId, state: 'sent', step, at: this.s.clock.now().toISOString() } };
  }

  /** POST the event; `transactionId` makes a retried create return the first event instead of a second one. */
  async create(m: Meeting): Promise<Meeting> {
    const res = await this.call({ method: 'POST', url: this.base(), body: { ...this.event(m), transactionId: m.id } });
    if (res instanceof Error || (res.status !== 201 && res.status !== 200)) return this.failed(m, 'create', res);
    const body = res.body as { id?: string; onlineMeeting?: { joinUrl?: string } | null };
    if (!body?.id) return this.failed(m, 'create', new Error('Outlook created the event but did not return its id'));
    this.s.log.info('meeting.invitation_sent', { meetingId: m.id });
    return { ...this.sent(m, body.id, 'create'), joinUrl: body.onlineMeeting?.joinUrl ?? m.joinUrl };
  }

  /** PATCH the event: Outlook sends the attendees the update itself. */
  async update(m: Meeting): Promise<Meeting> {
    if (!m.invitation?.eventId) {
      // The create failed and the business unit has typed a join link of its own since: keep it
      // and make no event, as when the link is typed at first.
      if (!this.wanted(m)) return { ...m, invitation: undefined };
      return this.create(m);
    }
    const res = await this.call({ method: 'PATCH', url: `${this.base()}/${encodeURIComponent(m.invitation.eventId)}`, body: this.event(m) });
    if (res instanceof Error || res.status !== 200) return this.failed(m, 'update', res);
    const joinUrl = (res.body as { onlineMeeting?: { joinUrl?: string } | null })?.onlineMeeting?.joinUrl;
    return { ...this.sent(m, m.invitation.eventId, 'update'), joinUrl: joinUrl ?? m.joinUrl };
  }

  /** Cancels the event with a note to the attendees; Outlook sends the cancellation. */
  async cancel(m: Meeting, comment: string): Promise<Meeting> {
    if (!m.invitation?.eventId) return m;
    const res = await this.call({ method: 'POST', url: `${this.base()}/${encodeURIComponent(m.invitation.eventId)}/cancel`, body: { comment } });
    if (res instanceof Error || (res.status !== 202 && res.status !== 200 && res.status !== 204)) return this.failed(m, 'cancel', res);
    return this.sent(m, m.invitation.eventId, 'cancel');
  }
}
