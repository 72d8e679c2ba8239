import { z } from 'zod/v4';
import { CONFIG_MESSAGES as M } from './config-messages.js';
import { nearest } from './edit-distance.js';

/**
 * The building blocks of the partnership config schema. Each attaches our own wording to every
 * way it can fail, so zod's "Expected number, received string" never reaches an operator.
 * `what` is how the setting reads after "must be" or "add", e.g. `a whole number of days from 0 to 60`.
 */

export const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

type Expects = 'number' | 'boolean';
const typeError = (what: string, expects?: Expects) => (iss: { input?: unknown }) =>
  iss.input === undefined ? M.missing(what) : M.wrongType(what, iss.input, expects);

/** Unknown keys name the nearest real one, or list them all when none is near. */
export function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  const suggestion = nearest(key, allowed);
  return suggestion ? M.unknownSetting(suggestion) : M.unknownSettingNoMatch(allowed);
}

/** An object that refuses keys it does not know: a misspelt setting must not fall back to a default unnoticed. */
export function strict<Shape extends z.core.$ZodLooseShape>(shape: Shape, what: string) {
  const allowed = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? unknownKeyMessage(iss.keys[0], allowed) : typeError(what)(iss)),
  });
}

export const text = (what: string, max: number) =>
  z
    .string({ error: typeError(what) })
    .trim()
    .min(1, { error: () => M.blank(what) })
    .max(max, { error: (iss) => M.tooLong(max, typeof iss.input === 'string' ? iss.input.length : 0) });

export function whole(min: number, max: number, unit: string) {
  const what = `a whole number of ${unit} from ${min} to ${max}`;
  const outOfRange = (iss: { input?: unknown }) => M.outOfRange(what, iss.input);
  return z.int({ error: typeError(what, 'number') }).min(min, { error: outOfRange }).max(max, { error: outOfRange });
}

export const id = (example: string) =>
  z.string({ error: typeError(`an id such as "${example}"`) }).regex(ID, { error: (iss) => M.badId(iss.input, example) });

/** The id of something defined elsewhere in the file; whether it exists is checked once the whole file is read. */
export const ref = (what: string) => z.string({ error: typeError(what) });

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An Entra object id (a GUID), kept lower-case so comparisons never depend on how it was pasted. */
export const entraId = (what: string) =>
  z
    .string({ error: typeError(`${what}, a GUID such as "0f6e1c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b"`) })
    .trim()
    .regex(GUID, { error: (iss) => M.badEntraId(iss.input, what) })
    .transform((s) => s.toLowerCase());

export const time = () => z.string({ error: typeError('a 24-hour time such as "09:00"') }).regex(HHMM, { error: (iss) => M.badTime(iss.input) });

export const zone = () =>
  z.string({ error: typeError('an IANA time zone such as "Europe/London"') }).refine(isTimeZone, { error: (iss) => M.badZone(iss.input) });

export function oneOf<const Values extends readonly [string, ...string[]]>(values: Values, options: string) {
  return z.enum(values, {
    error: (iss) => (typeof iss.input === 'string' ? M.notAnOption(iss.input, options) : typeError(options)(iss)),
  });
}

/** A list; `min: 1` when an empty one cannot work. */
export function list<Item extends z.ZodType>(item: Item, what: string, min = 0) {
  return z.array(item, { error: typeError(`a list of ${what}`) }).min(min, { error: () => M.emptyList(what) });
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
