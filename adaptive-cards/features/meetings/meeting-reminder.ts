import type { MeetingView, ReplyView } from '../../../services/features/meetings/meeting-view.js';
import { actionSet, banner, card, execute, facts, heading, openUrl, showCard, text, type AdaptiveCard, type Element } from '../../elements.js';
import { MEETING_VERBS } from './verbs.js';

export interface ReminderCardInput {
  meeting: MeetingView;
  partnershipShortName: string;
  reply?: ReplyView;
  /** e.g. "in 7 days", shown in the heading of a reminder. */
  dueLabel?: string;
  /** Shown when the meeting was changed since the card was first sent. */
  changedNote?: string;
  error?: string;
  deputyName?: string;
}

export function meetingDetails(m: MeetingView): Element[] {
  return [
    facts([
      ['When', m.when],
      ['Group', m.groupName],
      ['How', m.modeLabel],
      ['Venue', m.venue],
    ]),
    ...(m.agenda.length
      ? [text('Agenda', { weight: 'Bolder', spacing: 'Medium' }), text(m.agenda.map((a, i) => `${i + 1}. ${a}`).join('\n'), { spacing: 'Small' })]
      : [text('The agenda will follow.', { isSubtle: true })]),
  ];
}

function rsvpButtons(m: MeetingView, deputyName?: string): Element[] {
  return [
    execute('Attending', MEETING_VERBS.meetingRsvp, { meetingId: m.id, response: 'attending' }, { style: 'positive', associatedInputs: 'none' }),
    execute('Apologies', MEETING_VERBS.meetingRsvp, { meetingId: m.id, response: 'apologies' }, { associatedInputs: 'none' }),
    showCard(
      'Sending a deputy',
      [
        {
          type: 'Input.Text',
          id: 'deputyName',
          label: 'Who is your deputy?',
          placeholder: 'Name and job title',
          maxLength: 100,
          isRequired: true,
          errorMessage: 'Give the name of the deputy you are sending.',
          ...(deputyName ? { value: deputyName } : {}),
        },
      ],
      [execute('Send', MEETING_VERBS.meetingRsvp, { meetingId: m.id, response: 'deputy' })],
    ),
  ];
}

/** The reminder a member gets before an LSCG meeting; after they reply, the same card shows their answer. */
export function meetingReminderCard(input: ReminderCardInput): AdaptiveCard {
  const m = input.meeting;
  const body: Element[] = [
    ...heading(`${m.groupName} meeting${input.dueLabel ? ` ${input.dueLabel}` : ''}`, `${input.partnershipShortName} Local Safeguarding Children Group`),
  ];
  if (m.cancelled) body.push(banner('This meeting has been cancelled.', 'attention'));
  else if (input.changedNote) body.push(banner(input.changedNote, 'warning'));
  if (input.error) body.push(banner(input.error, 'attention'));
  body.push(...meetingDetails(m));
  // In the body, not beside the reply buttons: four buttons in a row get their titles cut short.
  if (m.joinUrl && !m.cancelled) body.push(actionSet([openUrl('Join the meeting', m.joinUrl)], { spacing: 'Medium' }));
  const actions: Element[] = [];
  if (!m.cancelled) {
    if (input.reply) {
      const deputy = input.reply.deputyName ? ` (${input.reply.deputyName})` : '';
      body.push(banner(`Your reply: ${input.reply.label}${deputy}`, input.reply.response === 'attending' ? 'good' : 'accent'));
      body.push(text(`Sent ${input.reply.at}. You can change it until the meeting starts.`, { isSubtle: true, size: 'Small', spacing: 'Small' }));
      actions.push(showCard('Change my reply', [text('Choose your new reply.')], rsvpButtons(m, input.deputyName ?? input.reply.deputyName)));
    } else {
      body.push(text('Will you be there?', { weight: 'Bolder', spacing: 'Medium' }));
      actions.push(...rsvpButtons(m, input.deputyName));
    }
  }
  return card(body, actions);
}
