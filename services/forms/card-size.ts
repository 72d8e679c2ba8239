import { DEFAULT_MAX_LENGTH, TEXT_KINDS } from './form-limits.js';
import type { FormDefinition, FormSection } from './form-schema.js';

/**
 * A generous estimate of the JSON size of a section's card in the worst case: every text
 * answer at its full length, an error under every question, banners and action data. The card
 * render test checks this stays above the real size of such a card.
 */
export function estimateSectionCardBytes(form: Pick<FormDefinition, 'title' | 'intro'>, section: FormSection): number {
  let bytes = 3000 + form.title.length * 2 + (form.intro?.length ?? 0) + section.title.length + (section.intro?.length ?? 0);
  for (const q of section.questions) {
    bytes += 500 + q.id.length * 2 + q.label.length + (q.help?.length ?? 0);
    if (q.aboutPractice) bytes += 200;
    if (TEXT_KINDS.has(q.kind)) bytes += q.maxLength ?? DEFAULT_MAX_LENGTH[q.kind as 'short-text' | 'long-text'];
    if (q.choices) for (const c of q.choices) bytes += 40 + c.title.length + c.value.length * 2;
    if (q.kind === 'rating') bytes += 5 * 40;
    if (q.kind === 'yes-no') bytes += 2 * 45;
  }
  return bytes;
}
