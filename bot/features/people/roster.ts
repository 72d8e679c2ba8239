import { rosterAppliedCard, rosterPasteCard, rosterPreviewCard } from '../../../adaptive-cards/features/people/roster.js';
import type { EntraGroups } from '../../../services/features/people/entra-groups.js';
import type { SharedServices } from '../../../services/shared-services.js';
import { str, UserFacingError } from '../../../services/validation.js';
import { BUSINESS_UNIT, type CardActions } from '../../card-actions.js';
import { ROSTER_VERBS } from '../../../adaptive-cards/features/people/verbs.js';

export function registerRosterHandlers(actions: CardActions, s: Pick<SharedServices, 'config' | 'log' | 'people' | 'scheduler' | 'reach'> & { entraGroups: EntraGroups }): void {
  const groupNames = () => s.config.partnership.groups.map((g) => g.name);
  const entra = () => ({ groups: s.entraGroups.bound().map((g) => g.name), waiting: s.entraGroups.waiting().length });
  const installsApp = !!s.reach;
  const by = (ctx: { actor: { aadObjectId?: string; teamsUserId: string } }) => ctx.actor.aadObjectId ?? ctx.actor.teamsUserId;

  actions.add(ROSTER_VERBS.rosterForm, BUSINESS_UNIT, async () => rosterPasteCard(groupNames(), { peopleCount: s.people.all().length, entra: entra(), installsApp }));

  actions.add(ROSTER_VERBS.rosterPreview, BUSINESS_UNIT,
    async (data, ctx) => {
      const { importId, preview } = await s.people.previewImport(str(data, 'rows'), by(ctx));
      return rosterPreviewCard(preview, importId);
    },
    (e, data) => rosterPasteCard(groupNames(), { peopleCount: s.people.all().length, entra: entra(), installsApp, value: typeof data.rows === 'string' ? data.rows : undefined, error: e instanceof UserFacingError ? e.message : 'The rows could not be checked just now. Nothing was changed; please try again.' }),
  );

  actions.add(ROSTER_VERBS.rosterApply, BUSINESS_UNIT, async (data, ctx) => {
    const preview = await s.people.applyImport(str(data, 'importId'), by(ctx));
    s.log.info('roster.imported', { added: preview.toAdd.length, updated: preview.toUpdate.length, unchanged: preview.unchanged.length, problems: preview.problems.length });
    // New members may be due a reminder for a meeting already inside its window. Not awaited: a
    // run includes every job's Graph reads, and the press must answer within Teams' limit.
    s.scheduler.runSoon('roster.imported');
    return rosterAppliedCard(preview, s.people.all().length);
  });
}
