/** People and groups: the business unit's roster import. */
export const ROSTER_VERBS = {
  rosterForm: 'roster.form',
  rosterPreview: 'roster.preview',
  rosterApply: 'roster.apply',
} as const;
