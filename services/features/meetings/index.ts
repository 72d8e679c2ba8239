import type { GraphApi } from '../../graph/graph-api.js';
import { openGraph } from '../../graph/open-graph.js';
import { plugIn, type FeatureOpenDeps } from '../../shared-services.js';
import { formatDayDateTime } from '../../zoned-time.js';
import { MeetingInvitations } from './invitations.js';
import { MeetingReminders } from './meeting-reminders.js';
import { Meetings } from './meetings.js';
import { meetingsPersonalData } from './personal-data.js';
import { meetingsRetention } from './retention.js';
import { meetingsReplica } from './replica.js';
import { Rsvps } from './rsvp.js';
import { TeamsAttendanceFetch } from './teams-attendance.js';

export interface MeetingServices {
  meetings: Meetings;
  rsvps: Rsvps;
  reminders: MeetingReminders;
  /** Present when MEETINGS_MAILBOX is set and Graph is signed in. */
  invitations?: MeetingInvitations;
  teamsAttendance?: TeamsAttendanceFetch;
}

/** LSCG meetings: what is scheduled, who replied, and the reminders the scheduler sends. */
export async function openMeetingServices(s: FeatureOpenDeps & { graph?: GraphApi }): Promise<MeetingServices> {
  const meetings = await Meetings.open(s.store, s.config, s.clock);
  const reminders = new MeetingReminders(meetings, s.people, s.queue, s.config.partnership.meetings.reminders, s.config.timeZone, s.clock, s.log);
  meetings.listen(reminders);
  const rsvps = new Rsvps(s.store, meetings, s.people, s.clock);
  const settings = s.config.meetingInvitations;
  let invitations: MeetingInvitations | undefined;
  let teamsAttendance: TeamsAttendanceFetch | undefined;
  // Config refuses a mailbox without the Graph settings; a test may hand in its own port. The
  // invitation is made while the business unit waits on a card press, which Teams gives about 15 s.
  const graph = settings ? (s.graph ?? (s.config.graph ? openGraph(s.config.graph, { timeoutMs: 10_000 }) : undefined)) : undefined;
  if (settings && graph) {
    invitations = new MeetingInvitations({
      graph,
      settings,
      config: s.config,
      clock: s.clock,
      log: s.log,
      members: (m) => s.people.membersOf(meetings.audience(m)),
      groupName: (m) => (m.mode === 'joint' ? 'Joint LSCG' : meetings.group(m).name),
    });
    meetings.sendInvitationsWith(invitations);
    teamsAttendance = await TeamsAttendanceFetch.open({ store: s.store, graph, settings, meetings, people: s.people, clock: s.clock, log: s.log });
    s.scheduler.add(teamsAttendance);
  }
  plugIn(s, {
    due: reminders,
    personalData: meetingsPersonalData({ config: s.config, meetings, rsvps, teamsAttendance }),
    retention: meetingsRetention({ kept: s.config.partnership.retention, meetings, rsvps, queue: s.queue, teamsAttendance }),
    replica: meetingsReplica({ config: s.config, meetings, people: s.people }),
    sendName: (campaign) => {
      const m = campaign.startsWith('meeting-') ? meetings.get(campaign.slice('meeting-'.length)) : undefined;
      return m && `${m.mode === 'joint' ? 'Joint LSCG' : meetings.group(m).name}, ${formatDayDateTime(new Date(m.startsAt), s.config.timeZone)}`;
    },
  });
  return { meetings, rsvps, reminders, invitations, teamsAttendance };
}
