import { actionSet, card, execute, heading, text, type AdaptiveCard, type Element } from './elements.js';
import type { Verb } from './verbs.js';

export interface MenuButton {
  title: string;
  verb: Verb;
  data?: Record<string, unknown>;
}

export interface MenuInput {
  partnershipShortName: string;
  name?: string;
  isBusinessUnit: boolean;
  /** The person's own items, from every feature in order. */
  mine: MenuButton[];
  /** Business unit tasks, from every feature in order; shown to business unit staff only. */
  admin?: MenuButton[];
  /** Greeting shown once, when the app is first installed. */
  welcome?: boolean;
  notOnRoster?: boolean;
  note?: string;
  /** The SharePoint replica's state, under the business unit's tasks. */
  replicaLine?: string;
}

/** Three buttons a row is what fits a Teams card without cut-off titles. */
const ROW = 3;

/** The menu: the buttons are exactly the tasks this person may do. */
export function menuCard(input: MenuInput): AdaptiveCard {
  const hello = input.name ? `Hello ${input.name.split(' ')[0]}` : 'Hello';
  const body: Element[] = input.welcome
    ? [
        ...heading(`${hello}, welcome to ${input.partnershipShortName} Engage`),
        text(`I remind Local Safeguarding Children Group (LSCG) members of their meetings and let you reply Attending, Apologies or Sending a deputy in one tap. Section 11 leads complete their organisation's return here, and JAGS participants give their feedback here.`),
      ]
    : [...heading(`${hello}. What would you like to do?`)];
  if (input.note) body.push(text(input.note, { isSubtle: true }));
  if (input.notOnRoster && !input.isBusinessUnit) {
    body.push(text('You are not on a group list (such as an LSCG) yet, so I will not send you meeting reminders. If you should be, ask the NSCP business unit to add your work email. Forms sent to you, such as JAGS feedback, still reach you here.', { isSubtle: true }));
  }
  const button = (b: MenuButton) => execute(b.title, b.verb, b.data ?? {});
  if (input.mine.length) body.push(actionSet(input.mine.map(button)));
  const admin = input.isBusinessUnit ? (input.admin ?? []) : [];
  if (admin.length) {
    body.push(text('Business unit tasks', { weight: 'Bolder', spacing: 'Medium' }));
    for (let i = 0; i < admin.length; i += ROW) body.push(actionSet(admin.slice(i, i + ROW).map(button), i ? { spacing: 'Small' } : undefined));
  }
  if (input.isBusinessUnit && input.replicaLine) body.push(text(input.replicaLine, { isSubtle: true, size: 'Small', spacing: 'Medium' }));
  body.push(text('Type **help** at any time to see this menu.', { isSubtle: true, size: 'Small' }));
  return card(body);
}
