import type { Clock } from '../../clock.js';
import type { GraphApi, GraphResponse } from '../../graph/graph-api.js';
import type { Logger } from '../../logger.js';
import type { MeetingInvitationsConfig } from '../../meeting-invitations-config.js';
import type { People, Person } from '../../people/people.js';
import type { DueWork } from '../../scheduler.js';
import type { Collection, Store } from '../../store/store.js';
import { formatDayDateTime } from '../../zoned-time.js';
import { commonGraphFailure, graphError } from './graph-failure-words.js';
import { meetingEndsAt } from './invitations.js';
import type { Meeting, Meetings } from './meetings.js';
import { count, withoutFullStop } from '../../words.js';

/** Graph's attendanceRecord, the fields we read. */
export interface AttendanceRecord {
  emailAddress?: string | null;
  identity?: { id?: string | null; displayName?: string | null } | null;
  totalAttendanceInSeconds?: number | null;
}

/** One person who joined: a roster person, or someone the roster does not have (name only). */
export interface Attendee {
  personId?: string;
  name: string;
  seconds: number;
}

/** What the bot knows of a meeting's attendance in Teams. */
export interface TeamsAttendance {
  /** The meeting's id. */
  id: string;
  state: 'waiting' | 'ready' | 'failed' | 'gave-up';
  attempts: number;
  /** When the next look is due (waiting or failed). */
  nextTryAt?: string;
  problem?: string;
  fetchedAt?: string;
  attendees: Attendee[];
}

/** After the meeting ends: look at +15 min, +1 h, +4 h and +24 h, then give up. */
export const RETRY_AFTER_END_MS = [15 * 60_000, 60 * 60_000, 4 * 3600_000, 24 * 3600_000];

/** When the attempt after `attempts` failed ones is due, or null when there is none left. */
export function nextTry(meeting: Pick<Meeting, 'startsAt'>, attempts: number): Date | null {
  const after = RETRY_AFTER_END_MS[attempts];
  return after === undefined ? null : new Date(meetingEndsAt(meeting).getTime() + after);
}

/**
 * Joins Teams' records to the roster: by Entra object id first (what Teams knows for sure), then
 * by email. One person's several records (rejoins, several sessions) add up.
 */
export function matchAttendees(records: AttendanceRecord[], people: Pick<People, 'all'>): Attendee[] {
  const everyone = people.all();
  const byAad = new Map(everyone.filter((p) => p.aadObjectId).map((p) => [p.aadObjectId!.toLowerCase(), p]));
  const byEmail = new Map(everyone.map((p) => [p.email.toLowerCase(), p]));
  const out = new Map<string, Attendee>();
  for (const r of records) {
    const seconds = Math.max(0, Math.round(r.totalAttendanceInSeconds ?? 0));
    const person: Person | undefined = (r.identity?.id && byAad.get(r.identity.id.toLowerCase())) || (r.emailAddress ? byEmail.get(r.emailAddress.toLowerCase()) : undefined);
    const name = person?.name ?? (r.identity?.displayName?.trim() || r.emailAddress?.trim() || 'Someone without a name (a guest or phone caller)');
    const key = person ? `p:${person.id}` : `n:${(r.identity?.id || r.emailAddress || name).toLowerCase()}`;
    const seen = out.get(key);
    if (seen) seen.seconds += seconds;
    else out.set(key, { ...(person ? { personId: person.id } : {}), name, seconds });
  }
  return [...out.values()];
}

/** "1 h 25 min", "40 min", "under a minute". */
export function durationWords(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes < 1) return 'under a minute';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? `${h} h${m ? ` ${m} min` : ''}` : `${m} min`;
}

type Fetched = { kind: 'ready'; records: AttendanceRecord[] } | { kind: 'not-ready'; why: string } | { kind: 'failed'; problem: string };

/** Why Teams refused, naming the tenant admin's step. */
export function explainAttendanceFailure(failure: GraphResponse | Error, mailbox: string): string {
  const common = commonGraphFailure(failure);
  if (common) return common;
  const res = failure as GraphResponse;
  const { code, message } = graphError(res);
  if (res.status === 403)
    return `Teams will not give the bot the attendance of meetings organised by ${mailbox}. A tenant admin must grant the app the OnlineMeetings.Read.All and OnlineMeetingArtifact.Read.All application permissions and, once, a Teams application access policy for ${mailbox} (New-CsApplicationAccessPolicy, then Grant-CsApplicationAccessPolicy; it can take up to 30 minutes to apply). See "Teams meetings and attendance" in the README.`;
  if (res.status === 404) return `Teams does not know the organiser. Check MEETINGS_ORGANISER_ID is the Entra object id of ${mailbox}.`;
  return `Teams refused the attendance report (${res.status}${code ? ` ${code}` : ''}${message ? `: ${withoutFullStop(message)}` : ''}).`;
}

/** Reads a meeting's attendance from Teams: the online meeting by its join link, its reports, every page of their records. */
export async function fetchTeamsAttendance(graph: GraphApi, settings: MeetingInvitationsConfig, meeting: Meeting): Promise<Fetched> {
  const user = `/users/${encodeURIComponent(settings.organiserId)}/onlineMeetings`;
  const fail = (f: GraphResponse | Error): Fetched => ({ kind: 'failed', problem: explainAttendanceFailure(f, settings.mailbox) });
  try {
    const filter = encodeURIComponent(`JoinWebUrl eq '${meeting.joinUrl!.replace(/'/g, "''")}'`);
    const found = await graph.send<{ value?: Array<{ id: string }> }>({ method: 'GET', url: `${user}?$filter=${filter}` });
    if (found.status !== 200) return fail(found);
    const online = found.body?.value?.[0];
    if (!online) return { kind: 'failed', problem: `Teams has no meeting with this join link organised by ${settings.mailbox}. Attendance can only be read for meetings the bot created in that mailbox.` };
    const base = `${user}/${encodeURIComponent(online.id)}/attendanceReports`;
    const reports = await graph.all<{ id: string; meetingStartDateTime?: string }>(base);
    if (reports.failed) return fail(reports.failed);
    // A recurring or reused link has reports for other days: keep the sessions that began near this meeting.
    const start = Date.parse(meeting.startsAt);
    const ours = reports.items.filter((r) => !r.meetingStartDateTime || Math.abs(Date.parse(r.meetingStartDateTime) - start) < 12 * 3600_000);
    if (!ours.length) return { kind: 'not-ready', why: 'Teams has not produced the attendance report yet.' };
    const records: AttendanceRecord[] = [];
    for (const r of ours) {
      const page = await graph.all<AttendanceRecord>(`${base}/${encodeURIComponent(r.id)}/attendanceRecords`);
      if (page.failed) return fail(page.failed);
      records.push(...page.items);
    }
    return { kind: 'ready', records };
  } catch (e) {
    return fail(e as Error);
  }
}

/**
 * Fetches attendance for online and joint meetings the bot created, once they have ended,
 * retrying on the schedule above until Teams has the report. What it stored is never replaced
 * by a failed look.
 */
export class TeamsAttendanceFetch implements DueWork {
  readonly name = 'meeting-attendance';
  private ticking: Promise<number> | null = null;

  private constructor(
    private readonly stored: Collection<TeamsAttendance>,
    private readonly graph: GraphApi,
    private readonly settings: MeetingInvitationsConfig,
    private readonly meetings: Meetings,
    private readonly people: People,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  static async open(s: { store: Store; graph: GraphApi; settings: MeetingInvitationsConfig; meetings: Meetings; people: People; clock: Clock; log: Logger }): Promise<TeamsAttendanceFetch> {
    return new TeamsAttendanceFetch(await s.store.collection<TeamsAttendance>('teams-attendance'), s.graph, s.settings, s.meetings, s.people, s.clock, s.log);
  }

  of(meetingId: string): TeamsAttendance | undefined {
    return this.stored.get(meetingId);
  }

  /** Meetings whose attendance can come from Teams: the bot's own Teams meetings. */
  static applies(m: Meeting): boolean {
    return m.status === 'scheduled' && !!m.invitation?.eventId && !!m.joinUrl;
  }

  tick(): Promise<number> {
    this.ticking ??= this.due().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  private async due(): Promise<number> {
    const now = this.clock.now().getTime();
    for (const m of this.meetings.all()) {
      if (!TeamsAttendanceFetch.applies(m)) continue;
      const seen = this.stored.get(m.id);
      if (seen?.state === 'ready' || seen?.state === 'gave-up') continue;
      const at = seen?.nextTryAt ? Date.parse(seen.nextTryAt) : nextTry(m, 0)?.getTime();
      if (at !== undefined && at <= now) await this.fetch(m);
    }
    return 0;
  }

  /** One look now (the scheduler's, or the business unit's "Fetch attendance again"). */
  async fetch(m: Meeting): Promise<TeamsAttendance> {
    const seen = this.stored.get(m.id);
    const attempts = (seen?.attempts ?? 0) + 1;
    const got = await fetchTeamsAttendance(this.graph, this.settings, m);
    const now = this.clock.now().toISOString();
    let next: TeamsAttendance;
    if (got.kind === 'ready') {
      next = { id: m.id, state: 'ready', attempts, fetchedAt: now, attendees: matchAttendees(got.records, this.people) };
    } else if (seen?.state === 'ready') {
      // A fresh look that fails keeps the report already fetched, and says why the look failed.
      next = { ...seen, attempts, problem: got.kind === 'not-ready' ? got.why : got.problem };
    } else {
      const retry = nextTry(m, attempts);
      const problem = got.kind === 'not-ready' ? got.why : got.problem;
      next = retry
        ? { id: m.id, state: got.kind === 'not-ready' ? 'waiting' : 'failed', attempts, nextTryAt: retry.toISOString(), problem, attendees: seen?.attendees ?? [] }
        : {
            id: m.id,
            state: 'gave-up',
            attempts,
            problem: got.kind === 'not-ready' ? 'Teams had still not produced an attendance report 24 hours after the meeting ended, so the bot stopped asking. Was the meeting held through its Teams link? Press "Fetch attendance again" to look once more.' : problem,
            attendees: seen?.attendees ?? [],
          };
    }
    await this.stored.put(next);
    this.log.info('meeting.attendance_fetch', { meetingId: m.id, state: next.state, attempts, attendees: next.attendees.length });
    return next;
  }

  /** One person's attendance records: by roster id, or by name where Teams gave only a name. */
  about(personId: string, isTheirName: (name: string) => boolean): Array<{ meetingId: string; attendee: Attendee }> {
    return this.stored.values().flatMap((t) => t.attendees.filter((a) => (a.personId ? a.personId === personId : isTheirName(a.name))).map((attendee) => ({ meetingId: t.id, attendee })));
  }

  /** Erasure: their attendance entries go; the rest of each meeting's attendance stays. */
  async erase(personId: string, isTheirName: (name: string) => boolean): Promise<number> {
    let n = 0;
    for (const t of this.stored.values()) {
      const kept = t.attendees.filter((a) => !(a.personId ? a.personId === personId : isTheirName(a.name)));
      if (kept.length === t.attendees.length) continue;
      n += t.attendees.length - kept.length;
      await this.stored.put({ ...t, attendees: kept });
    }
    return n;
  }

  /** Retention: the attendance of one meeting. */
  async remove(meetingId: string): Promise<number> {
    if (!this.stored.get(meetingId)) return 0;
    await this.stored.remove(meetingId);
    return 1;
  }
}

/** The attendance card's line on Teams' report: what happened, when the next look is, and whether to offer another look now. */
export function teamsAttendanceStatus(report: { teams?: { state: TeamsAttendance['state']; problem?: string; nextTryAt?: string; notMembers: Attendee[] }; rows: Array<{ joinedSeconds?: number }> }, attempts: number, fetchedAt: string | undefined, timeZone: string): { text: string; tone: 'good' | 'warning' | 'attention' | 'accent'; fetchAgain: boolean } | undefined {
  const t = report.teams;
  if (!t) return undefined;
  const at = (iso?: string) => (iso ? formatDayDateTime(new Date(iso), timeZone) : '');
  if (t.state === 'ready') {
    const joined = report.rows.filter((r) => (r.joinedSeconds ?? 0) > 0).length;
    const line = `Attendance from Teams (fetched ${at(fetchedAt)}): ${joined} of ${report.rows.length} members joined${t.notMembers.length ? `, and ${count(t.notMembers.length, 'other person', 'others')}` : ''}.`;
    return t.problem ? { text: `${line} A later look failed, so this is still the report fetched then: ${t.problem}`, tone: 'warning', fetchAgain: true } : { text: line, tone: 'good', fetchAgain: true };
  }
  if (t.state === 'waiting' && attempts === 0) return { text: `Who joined in Teams is fetched after the meeting ends, from ${at(t.nextTryAt)}.`, tone: 'accent', fetchAgain: false };
  if (t.state === 'waiting') return { text: `Teams has not produced the attendance report yet. The bot looks again on ${at(t.nextTryAt)}.`, tone: 'warning', fetchAgain: true };
  if (t.state === 'failed') return { text: `${t.problem ?? 'The attendance report could not be fetched.'} The bot tries again on ${at(t.nextTryAt)}; nothing already stored is lost.`, tone: 'attention', fetchAgain: true };
  return { text: t.problem ?? 'The bot stopped asking Teams for the attendance report.', tone: 'attention', fetchAgain: true };
}
