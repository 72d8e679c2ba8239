import { openGraph } from '../../graph/open-graph.js';
import { held, type PersonalData } from '../../privacy/personal-data.js';
import { daysBefore } from '../../retention/retention.js';
import { plugIn, type FeatureOpenDeps } from '../../shared-services.js';
import { EntraGroups, type DailyNotice, type GroupRefresh } from './entra-groups.js';
import { EntraReads } from './entra-reads.js';

/** The delivery kind that tells the business unit a daily refresh from Entra waits for them. */
export const ENTRA_REFRESH_KIND = 'entra-refresh';
const NOTICES = 'entra-refresh';

const WAITING = 'Listed in a refresh from Entra not yet applied (Entra id, name, email)';

/**
 * Opens the people feature's own services: groups that follow Entra ID groups. The roster
 * itself is shared (services/people), as every feature's audiences come from it.
 */
export async function openPeopleServices(s: FeatureOpenDeps) {
  // A stalled page holds a read (on demand, or the daily one) no longer than its timeout.
  const graph = s.graph ?? (s.config.graph && s.config.partnership.groups.some((g) => g.entraGroupId) ? openGraph(s.config.graph, { timeoutMs: 10_000 }) : undefined);
  const entraGroups = await EntraGroups.open({ ...s, graph });
  const notify = async (groups: Array<{ group: { id: string } }>, notice: DailyNotice) => {
    // Each business unit member who has the app is told once a day of changes, and once of a read
    // that failed; the card shows the refresh as it is when sent.
    const day = `${s.clock.now().toISOString().slice(0, 10)}${notice === 'failed' ? ':failed' : ''}`;
    const staff = s.people.installations().filter((i) => i.status === 'installed' && i.aadObjectId && s.config.businessUnitIds.includes(i.aadObjectId.toLowerCase()));
    const personIds = staff.map((i) => i.personId ?? i.email?.toLowerCase()).filter((id): id is string => !!id);
    return s.queue.enqueue(personIds.map((personId) => ({ id: `${NOTICES}:${day}:${personId}`, campaign: NOTICES, personId, kind: ENTRA_REFRESH_KIND, op: 'send' as const, subjectId: groups.map((g) => g.group.id).join(',') })));
  };
  const personalData: PersonalData = {
    source: 'entra-groups',
    describe: async (who) => held({ what: WAITING, count: entraGroups.refreshesNaming(who.email).length, onErase: 'removed from the waiting refresh' }),
    export: async (who) => ({ waitingRefreshes: entraGroups.refreshesNaming(who.email).map((p) => ({ group: p.id, preparedAt: p.preparedAt, entries: p.members.filter((m) => [m.mail, m.userPrincipalName].some((x) => x?.toLowerCase() === who.email)) })) }),
    erase: async (who) => held({ what: WAITING, count: await entraGroups.forget(who.email), onErase: 'removed' }),
  };
  plugIn(s, {
    due: entraGroups.dailyJob(notify),
    personalData,
    // An unapplied refresh is as old as a roster paste nobody imported, and goes after as long.
    retention: { source: 'entra-groups', sweep: async (now) => ({ entraRefreshes: await entraGroups.sweep(daysBefore(now, s.config.partnership.retention.rosterPastesDays)) }) },
  });
  const entraReads = new EntraReads(entraGroups, s.queue, s.scheduler, s.clock, NOTICES);
  return { entraGroups, entraReads };
}

export type PeopleServices = Awaited<ReturnType<typeof openPeopleServices>>;
export type { GroupRefresh };
