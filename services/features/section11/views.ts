import { pageOf } from '../../campaigns/campaigns.js';
import type { AppConfig } from '../../config.js';
import type { People } from '../../people/people.js';
import { formatDayDate, formatDayDateTime } from '../../zoned-time.js';
import { orgKey, SECTION11_LEADS_GROUP, type S11Cycle, type S11Return, type Section11, type StatusRow } from './section11.js';

/** Read-only views of Section 11 data, worded for cards. */

/** What the views read: the cycles, the roster and the partnership's time zone. */
export interface Section11ViewDeps {
  config: AppConfig;
  people: People;
  section11: Section11;
}


export function cycleTitle(c: S11Cycle): string {
  return `Section 11 return ${c.year} (${c.trackName})`;
}

export function deadlineText(s: Pick<Section11ViewDeps, 'config'>, c: S11Cycle): string {
  return formatDayDate(new Date(c.deadlineAt), s.config.timeZone);
}

export function returnStateText(s: Pick<Section11ViewDeps, 'config'>, r: S11Return | undefined): string {
  const tz = s.config.timeZone;
  if (r?.submitted) return `Submitted by ${r.submittedByName} on ${formatDayDateTime(new Date(r.submittedAt!), tz)}${r.late ? ' (late)' : ''}.${r.draft ? ' Changes since then are saved as a draft.' : ''}`;
  if (r?.draft) return `Draft: last changed by ${r.draftByName} on ${formatDayDateTime(new Date(r.draftAt!), tz)}.`;
  return 'Not started yet.';
}

function rowText(r: StatusRow, timeZone: string): string {
  const when = r.when ? formatDayDateTime(new Date(r.when), timeZone) : '';
  if (r.state === 'submitted') return `Submitted ${when} by ${r.by}${r.late ? ' (late)' : ''}`;
  if (r.state === 'draft') return `Draft, last changed ${when} by ${r.by}`;
  return 'Not started';
}

/** The status card's data for one page of a cycle's organisations (already in status order). */
export function buildStatusView(cycle: S11Cycle, rows: StatusRow[], page: number, timeZone: string) {
  const shown = pageOf(rows, page);
  return {
    cycleId: cycle.id,
    title: cycleTitle(cycle),
    deadline: formatDayDate(new Date(cycle.deadlineAt), timeZone),
    open: cycle.status === 'open',
    counts: {
      submitted: rows.filter((r) => r.state === 'submitted').length,
      draft: rows.filter((r) => r.state === 'draft').length,
      notStarted: rows.filter((r) => r.state === 'not-started').length,
      notReachable: rows.filter((r) => !r.reachable).length,
      late: rows.filter((r) => r.state === 'submitted' && r.late).length,
      /** Waiting and with a lead who can be reached: what Chase all would reach. */
      chaseable: rows.filter((r) => r.state !== 'submitted' && r.reachable).length,
    },
    rows: shown.rows.map((r) => ({ key: r.key, organisation: r.organisation, state: r.state, stateText: rowText(r, timeZone), reachable: r.reachable })),
    page: shown.page,
    pages: shown.pages,
  };
}

export async function statusView(s: Section11ViewDeps, cycleId: string, page: number) {
  const { cycle, rows } = await s.section11.status(cycleId);
  return buildStatusView(cycle, rows, page, s.config.timeZone);
}

export async function cycleList(s: Section11ViewDeps) {
  return Promise.all(
    s.section11.allCycles().map(async (c) => {
      const { rows } = await s.section11.status(c.id);
      return {
        id: c.id,
        title: cycleTitle(c),
        deadline: deadlineText(s, c),
        open: c.status === 'open',
        counts: { submitted: rows.filter((r) => r.state === 'submitted').length, draft: rows.filter((r) => r.state === 'draft').length, notStarted: rows.filter((r) => r.state === 'not-started').length },
      };
    }),
  );
}

/** The open returns a lead can work on. */
export async function myReturns(s: Section11ViewDeps, teamsUserId: string) {
  const person = s.people.personFor(teamsUserId);
  if (!person) return [];
  const key = orgKey(person.organisation);
  const cycles = s.section11.allCycles().filter((c) => c.status === 'open' && c.organisations.some((o) => o.key === key) && person.groupIds.includes(SECTION11_LEADS_GROUP));
  return Promise.all(
    cycles.map(async (c) => ({ cycleId: c.id, title: cycleTitle(c), organisation: person.organisation, deadline: deadlineText(s, c), state: returnStateText(s, await s.section11.returnOf(c.id, key)) })),
  );
}

