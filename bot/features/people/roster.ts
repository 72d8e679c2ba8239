import type { Application, TurnState } from '@microsoft/teams-ai';
import { rosterAppliedCard, rosterPasteCard, rosterPreviewCard } from '../../../adaptive-cards/features/people/roster.js';
import { VERBS } from '../../../adaptive-cards/verbs.js';
import type { AppServices } from '../../../services/app-services.js';
import { str, UserFacingError } from '../../../services/validation.js';
import { onCardAction } from '../../card-action.js';

export function registerRosterHandlers(app: Application<TurnState>, s: AppServices): void {
  const groupNames = () => s.config.partnership.groups.map((g) => g.name);
  const by = (ctx: { actor: { aadObjectId?: string; teamsUserId: string } }) => ctx.actor.aadObjectId ?? ctx.actor.teamsUserId;

  onCardAction(app, s, VERBS.rosterForm, async () => rosterPasteCard(groupNames(), { peopleCount: s.people.all().length }));

  onCardAction(
    app,
    s,
    VERBS.rosterPreview,
    async (data, ctx) => {
      const { importId, preview } = await s.people.previewImport(str(data, 'rows'), by(ctx));
      return rosterPreviewCard(preview, importId);
    },
    (e, data) => rosterPasteCard(groupNames(), { peopleCount: s.people.all().length, value: typeof data.rows === 'string' ? data.rows : undefined, error: e instanceof UserFacingError ? e.message : 'The rows could not be checked just now. Nothing was changed; please try again.' }),
  );

  onCardAction(app, s, VERBS.rosterApply, async (data, ctx) => {
    const preview = await s.people.applyImport(str(data, 'importId'), by(ctx));
    s.log.info('roster.imported', { added: preview.toAdd.length, updated: preview.toUpdate.length, unchanged: preview.unchanged.length, problems: preview.problems.length });
    // New members may be due a reminder for a meeting already inside its window.
    await s.scheduler.runNow();
    return rosterAppliedCard(preview, s.people.all().length);
  });
}
