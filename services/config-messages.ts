/**
 * Every message a bad partnership config file can produce, outside the forms (those are in
 * forms/form-messages.ts). Each builder returns the fix; the caller puts the file and the path in
 * front. They are kept in one object, and always called through it when something fails, so
 * that a test can list them and spy on each: a new message without a broken config that
 * produces it fails the test.
 */
export const CONFIG_MESSAGES = {
  cannotRead: (file: string) => `cannot read ${file}. Point PARTNERSHIP_CONFIG at a partnership config file such as config/norfolk.json.`,
  notJson: (file: string, detail: string) => `${file} is not valid JSON (${detail}). Fix the file or point PARTNERSHIP_CONFIG elsewhere.`,
  unknownSetting: (suggestion: string) => `unknown setting; did you mean ${suggestion}?`,
  unknownSettingNoMatch: (valid: readonly string[]) => `unknown setting; the settings allowed here are ${valid.join(', ')}.`,
  missing: (what: string) => `is missing: add ${what}.`,
  /** `expects` is the JSON type wanted, so "7" for a number can be told to lose its quotes. */
  wrongType: (what: string, found: unknown, expects?: 'number' | 'boolean') =>
    `must be ${what}, not ${describeValue(found)}${expects && quotedByMistake(found, expects) ? ': write it without quotes' : ''}.`,
  blank: (what: string) => `is blank: write ${what}.`,
  tooLong: (max: number, length: number) => `is ${length} characters long: shorten it to ${max} or fewer.`,
  outOfRange: (what: string, value: unknown) => `${String(value)} is out of range: use ${what}.`,
  badId: (value: unknown, example: string) => `"${String(value)}" cannot be an id: use lower-case letters, digits and dashes, e.g. "${example}".`,
  badEntraId: (value: unknown, what: string) =>
    `"${String(value)}" is not a GUID: use ${what}, e.g. "0f6e1c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b" (in the Entra admin centre: Groups, the group, Object ID).`,
  badTime: (value: unknown) => `"${String(value)}" is not a 24-hour time: write it like "09:00" or "17:30".`,
  badZone: (value: unknown) => `"${String(value)}" is not an IANA time zone: use a name such as "Europe/London".`,
  notAnOption: (value: unknown, options: string) => `"${String(value)}" is not allowed here: use ${options}.`,
  emptyList: (what: string) => `is empty: list ${what}.`,
  duplicate: (value: string, thing: string, field: string) => `"${value}" is already used by another ${thing}: give each ${thing} its own ${field}.`,
  rsvpsOutliveMeetings: (rsvps: number, meetings: number) => `is ${rsvps}, longer than meetingsMonths (${meetings}): RSVPs go with their meeting. Make it at most ${meetings}.`,
  noLscgGroup: () => 'has no group of kind "lscg": add at least one (LSCGs are the groups that meet and get reminders).',
  unknownForm: (formId: string, known: readonly string[]) =>
    `names form "${formId}", which is not under "forms": use ${known.length ? `one of ${known.join(', ')}` : 'the id of a form you add under "forms"'}.`,
};

/** A value as the person who typed it would recognise it; long text is cut short. */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return `text ("${v.length > 40 ? `${v.slice(0, 40)}…` : v}")`;
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return typeof v;
}

/** "7" or "true" in quotes: the commonest slip in hand-edited JSON. */
function quotedByMistake(v: unknown, expects: 'number' | 'boolean'): boolean {
  if (typeof v !== 'string' || !v.trim()) return false;
  try {
    return typeof JSON.parse(v) === expects;
  } catch {
    return false;
  }
}
