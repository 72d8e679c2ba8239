import { entraAppliedCard, entraDiscardedCard, entraReadingCard, entraRefreshCard } from '../../../adaptive-cards/features/people/entra.js';
import { installsCard } from '../../../adaptive-cards/features/people/installs.js';
import { ROSTER_VERBS } from '../../../adaptive-cards/features/people/verbs.js';
import type { EntraGroups, ShownRefresh } from '../../../services/features/people/entra-groups.js';
import type { EntraReads } from '../../../services/features/people/entra-reads.js';
import type { Delivery } from '../../../services/delivery/deliveries.js';
import type { SharedServices } from '../../../services/shared-services.js';
import { UserFacingError } from '../../../services/validation.js';
import { formatDayDateTime } from '../../../services/zoned-time.js';
import { BUSINESS_UNIT, type CardActions, type CardData } from '../../card-actions.js';

type Deps = Pick<SharedServices, 'config' | 'log' | 'people' | 'scheduler' | 'reach'> & { entraGroups: EntraGroups; entraReads: EntraReads };

const GROUP_ID = /^[a-z0-9-]{1,63}$/;

/** The refreshes a card says it showed. Card data is untrusted: anything malformed is refused whole. */
function shownRefreshes(data: CardData): ShownRefresh[] {
  const raw = data.refreshes;
  const bad = () => new UserFacingError('This card is not one the bot sent. Press Refresh from Entra to read the groups again; nothing was changed.');
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 100) throw bad();
  return raw.map((r) => {
    const groupId = (r as Record<string, unknown>)?.groupId;
    const preparedAt = (r as Record<string, unknown>)?.preparedAt;
    if (typeof groupId !== 'string' || !GROUP_ID.test(groupId) || typeof preparedAt !== 'string' || Number.isNaN(Date.parse(preparedAt))) throw bad();
    return { groupId, preparedAt };
  });
}

export function registerEntraHandlers(actions: CardActions, s: Deps): void {
  const when = (iso: string) => formatDayDateTime(new Date(iso), s.config.timeZone);
  const by = (ctx: { actor: { aadObjectId?: string; teamsUserId: string } }) => ctx.actor.aadObjectId ?? ctx.actor.teamsUserId;

  actions.add(ROSTER_VERBS.entraRefresh, BUSINESS_UNIT, async (_data, ctx) => {
    if (!s.entraGroups.bound().length) throw new UserFacingError('No group follows an Entra group yet: give a group an entraGroupId in the partnership config file (see the README, Microsoft 365).');
    const presser = s.people.installations().find((i) => i.id === ctx.actor.teamsUserId && i.status === 'installed');
    const personId = presser?.personId ?? presser?.email?.toLowerCase();
    // Without Graph the answer is immediate; without a chat to report to, the read is the answer.
    if (!s.entraGroups.canRead() || !personId) return entraRefreshCard(await s.entraGroups.refreshAll(by(ctx)), when);
    const { groups, alreadyReading } = s.entraReads.start(by(ctx), personId);
    return entraReadingCard(groups, alreadyReading);
  });

  actions.add(ROSTER_VERBS.entraApply, BUSINESS_UNIT, async (data) => {
    const applied = await s.entraGroups.applyShown(shownRefreshes(data));
    // New members may be due a reminder for a meeting already inside its window. Not awaited: a
    // run includes every job's Graph reads, and the press must answer within Teams' limit.
    s.scheduler.runSoon('entra.applied');
    return entraAppliedCard(applied, s.people.all().length);
  });

  actions.add(ROSTER_VERBS.installs, BUSINESS_UNIT, async () => {
    if (!s.reach) throw new UserFacingError('Installing the app for people is off. Turn it on with GRAPH_INSTALL_APP=on (see the README, Microsoft 365).');
    return installsCard(await s.reach.sends(), when);
  });

  actions.add(ROSTER_VERBS.entraDiscard, BUSINESS_UNIT, async (data) => {
    await s.entraGroups.discardShown(shownRefreshes(data));
    return entraDiscardedCard();
  });
}

/** A read pressed for: what it found, failures included; after a restart, the refreshes waiting. */
export function entraReadRenderer(s: Deps) {
  return async (d: Delivery) => ({
    card: entraRefreshCard(s.entraReads.result(d.subjectId) ?? s.entraGroups.waiting(), (iso) => formatDayDateTime(new Date(iso), s.config.timeZone)),
    summary: 'Refresh from Entra: the changes read',
  });
}

/** The daily refresh's message to the business unit: the waiting refreshes as they are when it is sent. */
export function entraRefreshRenderer(s: Deps) {
  return async () => {
    const failures = s.entraGroups.dailyFailures();
    const summary = failures.length ? 'Entra groups: the daily read failed' : 'Entra groups: changes for you to check';
    return { card: entraRefreshCard([...s.entraGroups.waiting(), ...failures], (iso) => formatDayDateTime(new Date(iso), s.config.timeZone)), summary };
  };
}
