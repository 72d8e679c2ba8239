/** A person's data: the business unit's subject access export and erasure. */
export const PRIVACY_VERBS = {
  personForm: 'person.form',
  personFind: 'person.find',
  personExport: 'person.export',
  personEraseAsk: 'person.erase.ask',
  personErase: 'person.erase',
} as const;
