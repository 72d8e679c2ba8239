import { actionSet, card, execute, heading, text, type AdaptiveCard, type Element } from './elements.js';
import { VERBS } from './verbs.js';

export interface MenuInput {
  partnershipShortName: string;
  name?: string;
  isBusinessUnit: boolean;
  upcomingCount: number;
  /** Greeting shown once, when the app is first installed. */
  welcome?: boolean;
  notOnRoster?: boolean;
  /** Leads see their organisation's Section 11 return. */
  isSection11Lead?: boolean;
  /** JAGS feedback forms waiting for this person, e.g. { sessionId, label: "18 March" }. */
  feedbackForms?: Array<{ sessionId: string; label: string }>;
  note?: string;
}

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
  const mine: Element[] = [execute(input.upcomingCount ? `My upcoming meetings (${input.upcomingCount})` : 'My upcoming meetings', VERBS.myMeetings)];
  if (input.isSection11Lead) mine.push(execute('My Section 11 returns', VERBS.s11Mine));
  for (const f of (input.feedbackForms ?? []).slice(0, 2)) mine.push(execute(`JAGS feedback: ${f.label}`, VERBS.jagsFeedbackOpen, { sessionId: f.sessionId }));
  body.push(actionSet(mine));
  if (input.isBusinessUnit) {
    // A row of its own: the business unit's three tasks fit a Teams card without cut-off titles.
    body.push(
      text('Business unit tasks', { weight: 'Bolder', spacing: 'Medium' }),
      actionSet([execute('Schedule a meeting', VERBS.meetingNewForm), execute('LSCG meetings', VERBS.meetingsUpcoming), execute('People and groups', VERBS.rosterForm)]),
      actionSet([execute('Section 11 returns', VERBS.s11Cycles), execute('JAGS', VERBS.jagsHome)], { spacing: 'Small' }),
    );
  }
  body.push(text('Type **help** at any time to see this menu.', { isSubtle: true, size: 'Small' }));
  return card(body);
}
