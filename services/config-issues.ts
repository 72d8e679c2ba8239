import type { z } from 'zod/v4';
import { ConfigError, FormDefinitionError } from './config-error.js';

/**
 * Turns the first problem zod found in the partnership config into the one-line error start-up
 * stops with: `<file> <path>: <fix>`. The fix is already ours (the schema words every failure);
 * this adds where. One problem at a time: the operator fixes it and starts again. `raw` is the
 * whole file as read and `under` where the parsed part sits in it (["forms"] for the forms alone).
 */
export function configErrorFrom(error: z.ZodError, source: string, raw: unknown, under: string[] = []): ConfigError {
  const issue = error.issues[0];
  const path = [...under, ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')];
  if (path[0] === 'forms') return formError(path, source, raw, issue.message);
  // An unknown key is named in the path, where the operator will look for it.
  const where = issue.code === 'unrecognized_keys' ? [...path, issue.keys[0]] : path;
  return new ConfigError(where.length ? `${source} ${formatPath(where)}` : source, issue.message);
}

/** `section11.tracks[0].formId` */
export function formatPath(path: ReadonlyArray<string | number>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/**
 * Form problems name the form, and the section, question or choice, as their authors know them
 * ("Form "jags-feedback", question "listened": …"); the key stops at that object.
 */
function formError(path: Array<string | number>, source: string, raw: unknown, fix: string): FormDefinitionError {
  const [, formId, s, si, q, qi, c, ci] = path;
  if (formId === undefined) return new FormDefinitionError(`${source} forms`, fix);
  let key = `${source} forms.${formId}`;
  let about = `Form "${formId}"`;
  if (s === 'sections' && typeof si === 'number') {
    const section = at(raw, 'forms', formId, 'sections', si);
    key += `.sections[${si}]`;
    if (q === 'questions' && typeof qi === 'number') {
      const question = at(section, 'questions', qi);
      key += `.questions[${qi}]`;
      const questionId = at(question, 'id');
      about += `, question ${typeof questionId === 'string' ? `"${questionId}"` : `${qi + 1} (no id)`}`;
      if (c === 'choices' && typeof ci === 'number') {
        key += `.choices[${ci}]`;
        about += `, choice ${ci + 1}`;
      }
    } else {
      const sectionId = at(section, 'id');
      about += `, section ${typeof sectionId === 'string' ? `"${sectionId}"` : si + 1}`;
    }
  }
  return new FormDefinitionError(key, `${about}: ${fix}`);
}

/** What the file holds at a path, if anything: messages quote the ids people wrote. */
function at(value: unknown, ...path: Array<string | number>): unknown {
  let v = value;
  for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[p] : undefined;
  return v;
}
