import type { Verb } from './verbs.js';

/** Small pure helpers for Adaptive Card 1.5 JSON, so each card file reads as its layout. */
export type Element = Record<string, unknown>;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: Element[];
  actions?: Element[];
  msteams?: Record<string, unknown>;
}

export function card(body: Element[], actions?: Element[]): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: body.filter(Boolean),
    ...(actions && actions.length ? { actions } : {}),
    msteams: { width: 'Full' },
  };
}

export const heading = (text: string, subtle?: string): Element[] => [
  { type: 'TextBlock', text, weight: 'Bolder', size: 'Medium', wrap: true, style: 'heading' },
  ...(subtle ? [{ type: 'TextBlock', text: subtle, isSubtle: true, spacing: 'None', wrap: true }] : []),
];

export const text = (value: string, extra: Element = {}): Element => ({ type: 'TextBlock', text: value, wrap: true, ...extra });

export const facts = (pairs: Array<[string, string | undefined]>): Element => ({
  type: 'FactSet',
  facts: pairs.filter(([, v]) => v !== undefined && v !== '').map(([title, value]) => ({ title, value })),
});

/** A coloured banner: good news, a warning, or an error the person must fix. */
export const banner = (message: string, style: 'good' | 'warning' | 'attention' | 'accent'): Element => ({
  type: 'Container',
  style,
  bleed: true,
  items: [text(message, { weight: 'Bolder' })],
});

export const execute = (title: string, verb: Verb, data: Record<string, unknown> = {}, extra: Element = {}): Element => ({
  type: 'Action.Execute',
  title,
  verb,
  data,
  ...extra,
});

/** A button that must not validate or send the card's inputs (e.g. "Back"). */
export const executeNoInputs = (title: string, verb: Verb, data: Record<string, unknown> = {}): Element => execute(title, verb, data, { associatedInputs: 'none' });

export const openUrl = (title: string, url: string): Element => ({ type: 'Action.OpenUrl', title, url });

export const showCard = (title: string, body: Element[], actions: Element[]): Element => ({
  type: 'Action.ShowCard',
  title,
  card: { type: 'AdaptiveCard', body, actions },
});

export const actionSet = (actions: Element[], extra: Element = {}): Element => ({ type: 'ActionSet', actions, ...extra });

/**
 * One row of a list: its lines, then a visible button saying what it does, with the row's full
 * name in the button's tooltip (a short title stays whole on a narrow card).
 */
export const listRow = (lines: Element[], button: { title: string; tooltip: string; verb: Verb; data: Record<string, unknown> }): Element => ({
  type: 'Container',
  separator: true,
  spacing: 'Medium',
  items: [...lines, actionSet([execute(button.title, button.verb, button.data, { associatedInputs: 'none', tooltip: button.tooltip })], { spacing: 'Small' })],
});

/** A line of small print reminding people not to put identifying details in free text. */
export const privacyNote = (): Element =>
  text('Do not include names or details that could identify a child or family.', { isSubtle: true, size: 'Small' });

/** The server's message for one input, in red under it. */
export const fieldError = (errors: Record<string, string> | undefined, id: string): Element[] =>
  errors?.[id] ? [text(errors[id], { color: 'Attention', size: 'Small', spacing: 'None' })] : [];

/** Above a form the server refused: what to do, and that nothing happened yet (saved, sent…). */
export const fixBanner = (errors: Record<string, string> | undefined, nothingYet = 'saved'): Element[] =>
  errors && Object.keys(errors).length ? [banner(`Please fix the items marked below. Nothing has been ${nothingYet} yet.`, 'attention')] : [];
