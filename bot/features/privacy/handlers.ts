import { personAskCard, personEraseConfirmCard, personErasedCard, personEraseUnfinishedCard, personFoundCard } from '../../../adaptive-cards/features/privacy/privacy.js';
import { PRIVACY_VERBS } from '../../../adaptive-cards/features/privacy/verbs.js';
import type { SharedServices } from '../../../services/shared-services.js';
import { UserFacingError } from '../../../services/validation.js';
import { BUSINESS_UNIT, type CardActions, type CardData, type ErrorCard } from '../../card-actions.js';

type PrivacyDeps = Pick<SharedServices, 'config' | 'privacy' | 'exports'>;

/** A bad or missing address goes back to the form with what was typed and what to fix. */
const backToForm: ErrorCard = (e, data: CardData) =>
  personAskCard({ value: typeof data.email === 'string' ? data.email.slice(0, 320) : undefined, error: e instanceof UserFacingError ? e.message : 'That could not be looked up just now. Nothing was changed; please try again.' });

/** Every step is the business unit's: the address comes from the card, so each step checks it again. */
export function registerPrivacyHandlers(actions: CardActions, s: PrivacyDeps): void {
  actions.add(PRIVACY_VERBS.personForm, BUSINESS_UNIT, async () => personAskCard());

  actions.add(PRIVACY_VERBS.personFind, BUSINESS_UNIT, async (data) => personFoundCard(await s.privacy.describe(data.email)), backToForm);

  actions.add(
    PRIVACY_VERBS.personExport,
    BUSINESS_UNIT,
    async (data) => {
      const file = await s.privacy.export(data.email);
      const token = s.exports.create(file.filename, file.content, 'application/json; charset=utf-8');
      return personFoundCard(file.report, { downloadUrl: `${s.config.publicBaseUrl}/exports/${token}` });
    },
    backToForm,
  );

  actions.add(PRIVACY_VERBS.personEraseAsk, BUSINESS_UNIT, async (data) => {
    const report = await s.privacy.describe(data.email);
    return report.total ? personEraseConfirmCard(report) : personFoundCard(report);
  }, backToForm);

  actions.add(
    PRIVACY_VERBS.personErase,
    BUSINESS_UNIT,
    async (data) => personErasedCard(await s.privacy.erase(data.email)),
    (e, data, ctx) => (e instanceof UserFacingError ? backToForm(e, data, ctx) : personEraseUnfinishedCard(typeof data.email === 'string' ? data.email.slice(0, 320) : '')),
  );
}
