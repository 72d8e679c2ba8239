import { card, execute, executeNoInputs, fieldError, fixBanner, heading, text, type AdaptiveCard, type Element } from '../../elements.js';
import { MEETING_VERBS } from './verbs.js';
import { MENU_VERB } from '../../verbs.js';

export interface MeetingFormInput {
  groups: Array<{ id: string; name: string }>;
  modes: Record<string, string>;
  /** What the person typed (or the meeting's current values when editing); kept on every error. */
  values: Partial<Record<'groupId' | 'date' | 'time' | 'mode' | 'joinUrl' | 'venue' | 'agenda', string>>;
  errors?: Record<string, string>;
  /** Present when editing an existing meeting. */
  meetingId?: string;
  today: string;
  /** e.g. "7 days and 1 day before, at 09:00". */
  reminderSummary: string;
  maxAgendaItems: number;
  /** The bot creates the Teams meeting and its Outlook invitation (MEETINGS_MAILBOX is set). */
  invitationsFrom?: string;
  /** Editing a meeting whose Teams meeting the bot made: its link stays and is not offered for editing. */
  botJoinUrl?: string;
}

function joinLinkField(input: MeetingFormInput): Element[] {
  if (input.botJoinUrl) return [text('Teams meeting: created by the bot. Its join link stays the same, and Outlook sends the members the change.', { isSubtle: true, spacing: 'Medium' })];
  const label = input.invitationsFrom ? 'Teams join link: leave empty and the bot creates the Teams meeting and invites every member from ' + input.invitationsFrom : 'Teams join link (online and joint meetings)';
  return [{ type: 'Input.Text', id: 'joinUrl', label, style: 'Url', placeholder: 'https://teams.microsoft.com/l/meetup-join/…', maxLength: 2000, ...(input.values.joinUrl ? { value: input.values.joinUrl } : {}) }, ...fieldError(input.errors, 'joinUrl')];
}

/** Schedule or edit an LSCG meeting. Times are UK time; the server checks everything again. */
export function meetingFormCard(input: MeetingFormInput): AdaptiveCard {
  const v = input.values;
  const editing = !!input.meetingId;
  const body: Element[] = [
    ...heading(editing ? 'Change an LSCG meeting' : 'Schedule an LSCG meeting', editing ? 'Times are UK time. Members who have already been reminded will see the change.' : `Times are UK time. Members are reminded ${input.reminderSummary}.`),
  ];
  body.push(...fixBanner(input.errors));
  body.push(
    {
      type: 'Input.ChoiceSet',
      id: 'groupId',
      label: 'LSCG',
      style: 'compact',
      isRequired: true,
      errorMessage: 'Choose the LSCG this meeting is for.',
      placeholder: 'Choose a group',
      choices: input.groups.map((g) => ({ title: g.name, value: g.id })),
      ...(v.groupId ? { value: v.groupId } : {}),
    },
    ...fieldError(input.errors, 'groupId'),
    {
      type: 'ColumnSet',
      columns: [
        { type: 'Column', width: 'stretch', items: [{ type: 'Input.Date', id: 'date', label: 'Date', isRequired: true, errorMessage: `Give the date of the meeting: ${input.today} (today) or later.`, min: input.today, ...(v.date ? { value: v.date } : {}) }, ...fieldError(input.errors, 'date')] },
        { type: 'Column', width: 'stretch', items: [{ type: 'Input.Time', id: 'time', label: 'Start time (UK)', isRequired: true, errorMessage: 'Give the start time.', ...(v.time ? { value: v.time } : {}) }, ...fieldError(input.errors, 'time')] },
      ],
    },
    {
      type: 'Input.ChoiceSet',
      id: 'mode',
      label: 'How will it meet?',
      style: 'expanded',
      isRequired: true,
      errorMessage: 'Choose how the meeting will be held.',
      choices: Object.entries(input.modes).map(([value, title]) => ({ title, value })),
      value: v.mode ?? 'online',
    },
    ...fieldError(input.errors, 'mode'),
    ...joinLinkField(input),
    { type: 'Input.Text', id: 'venue', label: 'Venue (in-person and joint meetings)', placeholder: 'Building, room and town', maxLength: 200, ...(v.venue ? { value: v.venue } : {}) },
    ...fieldError(input.errors, 'venue'),
    { type: 'Input.Text', id: 'agenda', label: `Agenda: one item a line (at most ${input.maxAgendaItems})`, isMultiline: true, placeholder: 'Welcome and introductions\nSafeguarding updates from colleagues\nNext meeting', maxLength: 5000, ...(v.agenda ? { value: v.agenda } : {}) },
    ...fieldError(input.errors, 'agenda'),
  );
  const actions = editing
    ? [execute('Save changes', MEETING_VERBS.meetingEdit, { meetingId: input.meetingId }, { style: 'positive' }), executeNoInputs('Back', MEETING_VERBS.meetingAdmin, { meetingId: input.meetingId })]
    : [execute('Schedule meeting', MEETING_VERBS.meetingSchedule, {}, { style: 'positive' }), executeNoInputs('Back to the menu', MENU_VERB)];
  return card(body, actions);
}
