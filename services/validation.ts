/**
 * The outcome of checking untrusted input: either the value, or messages keyed by the field
 * the person has to fix, so the card can show each message beside its input.
 */
export type FieldErrors = Record<string, string>;

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export const valid = <T>(value: T): Checked<T> => ({ ok: true, value });
export const invalid = <T = never>(errors: FieldErrors): Checked<T> => ({ ok: false, errors });

/** A refusal the user can act on: not a bug, so it is shown, not logged as an error. */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly code: 'forbidden' | 'not-found' | 'invalid' | 'closed' = 'invalid',
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
}

/** Reads a string field from untrusted card data; anything else counts as empty. */
export function str(data: unknown, key: string): string {
  if (!data || typeof data !== 'object') return '';
  const v = (data as Record<string, unknown>)[key];
  return typeof v === 'string' ? v.trim() : '';
}
