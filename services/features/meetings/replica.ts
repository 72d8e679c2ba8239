import type { AppConfig } from '../../config.js';
import type { People } from '../../people/people.js';
import type { ReplicaSource } from '../../replica/replica-spec.js';
import { MEETING_MODES, type Meeting, type Meetings } from './meetings.js';
import { RSVP_LABELS, type Rsvp } from './rsvp.js';
import type { TeamsAttendance } from './teams-attendance.js';

const groupName = (config: AppConfig, groupId: string) => config.partnership.groups.find((g) => g.id === groupId)?.name ?? groupId;

/**
 * Meetings, the replies to them (who is attending, sends apologies or a deputy) and who joined
 * in Teams, as the business unit keeps them in SharePoint. A reply or an attendance carries
 * people's names and organisations: the attendance record the partnership reports; no email or
 * Teams id.
 */
export function meetingsReplica(deps: { config: AppConfig; meetings: Meetings; people: People }): ReplicaSource<never>[] {
  const meetings: ReplicaSource<Meeting> = {
    list: {
      list: 'nscpMeetings',
      displayName: 'NSCP meetings',
      description: 'LSCG meetings scheduled in NSCP Engage (kept in step by the bot).',
      columns: [
        { name: 'Group', type: 'text' },
        { name: 'StartsAt', displayName: 'Starts at', type: 'dateTime' },
        { name: 'Mode', type: 'choice', choices: Object.values(MEETING_MODES) },
        { name: 'Venue', type: 'text' },
        { name: 'Agenda', type: 'note' },
        { name: 'Status', type: 'choice', choices: ['Scheduled', 'Cancelled'] },
        { name: 'Version', type: 'number' },
      ],
    },
    collection: 'meetings',
    row: (m) => ({
      Title: `${groupName(deps.config, m.groupId)} ${m.startsAt.slice(0, 10)}`,
      Group: groupName(deps.config, m.groupId),
      StartsAt: m.startsAt,
      Mode: MEETING_MODES[m.mode],
      Venue: m.venue ?? null,
      Agenda: m.agenda.join('\n'),
      Status: m.status === 'cancelled' ? 'Cancelled' : 'Scheduled',
      Version: m.version,
    }),
  };
  const rsvps: ReplicaSource<Rsvp> = {
    list: {
      list: 'nscpRsvps',
      displayName: 'NSCP meeting replies',
      description: 'Replies to LSCG meeting reminders: attending, apologies or a deputy (kept in step by the bot).',
      columns: [
        { name: 'MeetingBotId', displayName: 'Meeting (bot id)', type: 'text' },
        { name: 'Meeting', type: 'text' },
        { name: 'MeetingStartsAt', displayName: 'Meeting starts at', type: 'dateTime' },
        { name: 'Person', type: 'text' },
        { name: 'Organisation', type: 'text' },
        { name: 'Response', type: 'choice', choices: Object.values(RSVP_LABELS) },
        { name: 'DeputyName', displayName: 'Deputy', type: 'text' },
        { name: 'RespondedAt', displayName: 'Replied at', type: 'dateTime' },
      ],
    },
    collection: 'rsvps',
    botId: (collection, id, opaque) => `${collection.slice('rsvps/'.length)}:${opaque(id)}`,
    row: (r) => {
      const m = deps.meetings.get(r.meetingId);
      const p = deps.people.person(r.id);
      const meeting = m ? `${groupName(deps.config, m.groupId)} ${m.startsAt.slice(0, 10)}` : r.meetingId;
      return {
        Title: `${p?.name ?? 'Someone no longer on the roster'}, ${meeting}`,
        MeetingBotId: r.meetingId,
        Meeting: meeting,
        MeetingStartsAt: m?.startsAt ?? null,
        Person: p?.name ?? null,
        Organisation: p?.organisation ?? null,
        Response: RSVP_LABELS[r.response],
        DeputyName: r.response === 'deputy' ? (r.deputyName ?? null) : null,
        RespondedAt: r.respondedAt,
      };
    },
  };
  const STATES: Record<TeamsAttendance['state'], string> = { waiting: 'Waiting for Teams', ready: 'Ready', failed: 'Failed, trying again', 'gave-up': 'Gave up' };
  const attendance: ReplicaSource<TeamsAttendance> = {
    list: {
      list: 'nscpMeetingAttendance',
      displayName: 'NSCP meeting attendance',
      description: 'Who joined each Teams meeting, from Teams attendance reports (kept in step by the bot).',
      columns: [
        { name: 'MeetingBotId', displayName: 'Meeting (bot id)', type: 'text' },
        { name: 'MeetingStartsAt', displayName: 'Meeting starts at', type: 'dateTime' },
        { name: 'State', type: 'choice', choices: Object.values(STATES) },
        { name: 'Joined', type: 'number' },
        { name: 'Attendees', displayName: 'Who joined (minutes)', type: 'note' },
        { name: 'FetchedAt', displayName: 'Read from Teams at', type: 'dateTime' },
      ],
    },
    collection: 'teams-attendance',
    row: (a) => {
      const m = deps.meetings.get(a.id);
      const who = a.attendees.map((x) => {
        const p = x.personId ? deps.people.person(x.personId) : undefined;
        return `${p?.name ?? x.name}${p ? `, ${p.organisation}` : ''}: ${Math.round(x.seconds / 60)} min`;
      });
      return {
        Title: m ? `${groupName(deps.config, m.groupId)} ${m.startsAt.slice(0, 10)}` : a.id,
        MeetingBotId: a.id,
        MeetingStartsAt: m?.startsAt ?? null,
        State: STATES[a.state],
        Joined: a.attendees.length,
        Attendees: who.join('\n'),
        FetchedAt: a.fetchedAt ?? null,
      };
    },
  };
  return [meetings, rsvps, attendance] as ReplicaSource<never>[];
}
