import type { AttendanceReport, AttendanceRow } from '../../../services/features/meetings/attendance.js';
import type { MeetingView } from '../../../services/features/meetings/meeting-view.js';
import { durationWords } from '../../../services/features/meetings/teams-attendance.js';
import { banner, card, executeNoInputs, heading, text, type AdaptiveCard, type Element } from '../../elements.js';
import { MEETING_VERBS } from './verbs.js';

const SECTIONS: Array<{ status: AttendanceRow['status']; title: string }> = [
  { status: 'attending', title: 'Attending' },
  { status: 'deputy', title: 'Sending a deputy' },
  { status: 'apologies', title: 'Apologies' },
  { status: 'no-reply', title: 'No reply' },
  { status: 'not-reachable', title: 'Not reachable in Teams' },
];

function personLine(r: AttendanceRow): string {
  const extra = r.status === 'deputy' && r.deputyName ? ` → deputy: ${r.deputyName}` : r.reachability ? ` (${r.reachability})` : '';
  // "Did not join" only where it is news: beside an answer of Attending.
  const joined = r.joinedSeconds === undefined ? '' : r.joinedSeconds > 0 ? ` · joined, ${durationWords(r.joinedSeconds)}` : r.status === 'attending' ? ' · did not join' : '';
  return `${r.name}, ${r.organisation}${extra}${joined}`;
}

/** Where the attendance from Teams stands, already worded (see teamsAttendanceStatus). */
export interface TeamsStatus {
  text: string;
  tone: 'good' | 'warning' | 'attention' | 'accent';
  /** Offer "Fetch attendance again". */
  fetchAgain: boolean;
}

function teamsSections(report: AttendanceReport): Element[] {
  const t = report.teams;
  if (!t || t.state !== 'ready') return [];
  const out: Element[] = [];
  const list = (title: string, lines: string[]) => {
    if (lines.length) out.push(text(`${title} (${lines.length})`, { weight: 'Bolder', spacing: 'Medium' }), text(lines.map((l) => `- ${l}`).join('\n'), { spacing: 'Small' }));
  };
  list('Replied attending but did not join', t.didNotJoin.map((r) => `${r.name}, ${r.organisation}`));
  list('Joined without replying', t.joinedWithoutReply.map((r) => `${r.name}, ${r.organisation}: ${durationWords(r.joinedSeconds ?? 0)}`));
  list('Joined, not on this group\'s list of members', t.notMembers.map((a) => `${a.name}${a.personId ? '' : ' (not on the roster)'}: ${durationWords(a.seconds)}`));
  return out;
}

const cell = (value: string, bold = false): Element => ({ type: 'TableCell', items: [text(value, bold ? { weight: 'Bolder', size: 'Small' } : { size: 'Small' })] });

/** Attendance for one meeting: counts, per-organisation table and every member by name. */
export function attendanceCard(meeting: MeetingView, report: AttendanceReport, teamsStatus?: TeamsStatus): AdaptiveCard {
  const t = report.totals;
  const body: Element[] = [
    ...heading(`Attendance: ${meeting.groupName}`, meeting.when),
    text(`Attending **${t.attending}** · Sending a deputy **${t.deputy}** · Apologies **${t.apologies}** · No reply **${t['no-reply']}** · Not reachable **${t['not-reachable']}**`),
  ];
  if (teamsStatus) body.push(banner(teamsStatus.text, teamsStatus.tone));
  if (report.byOrganisation.length) {
    body.push({
      type: 'Table',
      spacing: 'Medium',
      firstRowAsHeaders: true,
      showGridLines: false,
      columns: [{ width: 3 }, { width: 1 }, { width: 1 }, { width: 1 }, { width: 1 }, { width: 1 }],
      rows: [
        { type: 'TableRow', cells: ['Organisation', 'Attend', 'Deputy', 'Apols', 'No reply', 'Unreach.'].map((h) => cell(h, true)) },
        ...report.byOrganisation.map((o) => ({
          type: 'TableRow',
          cells: [cell(o.organisation), cell(String(o.attending)), cell(String(o.deputy)), cell(String(o.apologies)), cell(String(o.noReply)), cell(String(o.notReachable))],
        })),
      ],
    });
  }
  for (const s of SECTIONS) {
    const rows = report.rows.filter((r) => r.status === s.status);
    if (!rows.length) continue;
    body.push(text(`${s.title} (${rows.length})`, { weight: 'Bolder', spacing: 'Medium' }), text(rows.map((r) => `- ${personLine(r)}`).join('\n'), { spacing: 'Small' }));
  }
  body.push(...teamsSections(report));
  if (!report.rows.length) body.push(text('Nobody is on this group yet. Add people under People and groups.'));
  const actions = [executeNoInputs('Refresh', MEETING_VERBS.meetingAttendance, { meetingId: meeting.id }), executeNoInputs('Back to the meeting', MEETING_VERBS.meetingAdmin, { meetingId: meeting.id })];
  if (teamsStatus?.fetchAgain) actions.splice(1, 0, executeNoInputs('Fetch attendance again', MEETING_VERBS.meetingAttendanceFetch, { meetingId: meeting.id }));
  return card(body, actions);
}
