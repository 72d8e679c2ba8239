/** People and groups: the business unit's roster import. */
export const ROSTER_VERBS = {
  rosterForm: 'roster.form',
  rosterPreview: 'roster.preview',
  rosterApply: 'roster.apply',
  /** Groups bound to Entra: read them now, apply or discard what was read. */
  entraRefresh: 'entra.refresh',
  entraApply: 'entra.apply',
  entraDiscard: 'entra.discard',
  /** What installing the app before each send came to. */
  installs: 'installs.show',
} as const;
