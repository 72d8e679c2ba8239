import type { AppConfig } from '../../config.js';
import { ERASED, held, isTheirAccount, isTheirName, type DataSubject, type PersonalData } from '../../privacy/personal-data.js';
import type { Meetings } from './meetings.js';
import type { Rsvps } from './rsvp.js';
import type { TeamsAttendanceFetch } from './teams-attendance.js';

const OWN = 'Their replies to LSCG meetings (attending, apologies, deputy)';
const DEPUTY = 'Replies by others naming them as the deputy';
const SCHEDULED = 'Meetings they scheduled ("scheduled by")';
const JOINED = 'When they joined LSCG meetings in Teams, and for how long (from Teams\' attendance reports)';

/** LSCG meetings: a person's own RSVPs, being named as someone's deputy, and meetings they scheduled. */
export function meetingsPersonalData(s: { config: AppConfig; meetings: Meetings; rsvps: Rsvps; teamsAttendance?: TeamsAttendanceFetch }): PersonalData {
  const joined = (who: DataSubject) => s.teamsAttendance?.about(who.email, (n) => isTheirName(who, n)) ?? [];
  const meeting = (id: string) => {
    const m = s.meetings.get(id);
    const group = m && s.config.partnership.groups.find((g) => g.id === m.groupId);
    return m ? { id, group: m.mode === 'joint' ? 'All LSCGs (joint meeting)' : (group?.name ?? m.groupId), startsAt: m.startsAt, status: m.status } : { id, note: 'the meeting itself is no longer kept' };
  };
  const scheduledBy = (who: DataSubject) => s.meetings.all().filter((m) => isTheirAccount(who, m.createdBy));
  return {
    source: 'meetings',
    async describe(who) {
      const { own, asDeputy } = await s.rsvps.about(who.email, (n) => isTheirName(who, n));
      return held(
        { what: OWN, count: own.length, onErase: 'removed' },
        { what: DEPUTY, count: asDeputy.length, onErase: 'their name replaced by "(erased)"; the other person\'s reply is kept' },
        { what: SCHEDULED, count: scheduledBy(who).length, onErase: '"scheduled by" replaced by "(erased)"; the meeting is kept' },
        { what: JOINED, count: joined(who).length, onErase: 'removed' },
      );
    },
    async export(who) {
      const { own, asDeputy } = await s.rsvps.about(who.email, (n) => isTheirName(who, n));
      return {
        replies: own.map((r) => ({ meeting: meeting(r.meetingId), response: r.response, deputyName: r.deputyName, respondedAt: r.respondedAt })),
        namedAsDeputy: asDeputy.map((r) => ({ meeting: meeting(r.meetingId), nameGiven: r.deputyName, at: r.respondedAt })),
        meetingsScheduled: scheduledBy(who).map((m) => ({ meeting: meeting(m.id), createdAt: m.createdAt })),
        joinedInTeams: joined(who).map((j) => ({ meeting: meeting(j.meetingId), nameInTeams: j.attendee.name, seconds: j.attendee.seconds })),
      };
    },
    async erase(who) {
      const n = await s.rsvps.erase(who.email, (name) => isTheirName(who, name), ERASED);
      const scheduled = await s.meetings.replaceCreator((id) => isTheirAccount(who, id), ERASED);
      const joinedErased = (await s.teamsAttendance?.erase(who.email, (n) => isTheirName(who, n))) ?? 0;
      return held(
        { what: OWN, count: n.own, onErase: 'removed' },
        { what: DEPUTY, count: n.asDeputy, onErase: 'name replaced by "(erased)"' },
        { what: SCHEDULED, count: scheduled, onErase: '"scheduled by" replaced by "(erased)"' },
        { what: JOINED, count: joinedErased, onErase: 'removed' },
      );
    },
  };
}
