/** The kinds of question a form may ask, and the limits that keep each section within one Teams card. */

export const QUESTION_KINDS = ['short-text', 'long-text', 'single-choice', 'multi-choice', 'rating', 'yes-no', 'date'] as const;
type QuestionKind = (typeof QUESTION_KINDS)[number];

export const TEXT_KINDS: ReadonlySet<QuestionKind> = new Set<QuestionKind>(['short-text', 'long-text']);
export const CHOICE_KINDS: ReadonlySet<QuestionKind> = new Set<QuestionKind>(['single-choice', 'multi-choice']);

export const DEFAULT_MAX_LENGTH: Record<'short-text' | 'long-text', number> = { 'short-text': 200, 'long-text': 2000 };
export const MAX_TEXT_LENGTH = 10000;
export const MAX_LABEL_LENGTH = 500;
export const MAX_TITLE_LENGTH = 200;
export const MAX_INTRO_LENGTH = 2000;
export const MIN_CHOICES = 2;
export const MAX_CHOICES = 30;
/** Teams refuses cards over about 28 KB; each section card must stay under this, leaving room for banners and data. */
export const SECTION_CARD_BUDGET_BYTES = 20 * 1024;
