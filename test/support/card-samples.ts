import { reminderSummary } from '../../services/meeting-reminders.js';
/**
 * Every card variant the bot can send, built with realistic NSCP data through the real card
 * builders and view-model functions (meetingView, replyView, attendanceReport, previewRoster,
 * validateMeetingInput). Used by test/unit/cards-render.test.ts (each sample must render with
 * zero errors) and scripts/card-screenshots.ts (PNGs for the README).
 *
 * The data follows the South LSCG: it met on Friday 21 March 2025 and set its next meeting for
 * "Friday 23rd May at 10.30 online", with the agenda shape of its minutes and people from its
 * attendance list (domain brief §1.3, §1.5).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { attendanceCard } from '../../adaptive-cards/attendance.js';
import { meetingAdminCard, meetingCancelConfirmCard } from '../../adaptive-cards/meeting-admin.js';
import { meetingFormCard, type MeetingFormInput } from '../../adaptive-cards/meeting-form.js';
import { meetingListCard } from '../../adaptive-cards/meeting-list.js';
import { meetingCancelledCard, meetingChangedCard } from '../../adaptive-cards/meeting-notice.js';
import { meetingReminderCard } from '../../adaptive-cards/meeting-reminder.js';
import { menuCard } from '../../adaptive-cards/menu.js';
import { messageCard, notAllowedCard } from '../../adaptive-cards/message.js';
import { rosterAppliedCard, rosterPasteCard, rosterPreviewCard } from '../../adaptive-cards/roster.js';
import { attendanceReport } from '../../services/attendance.js';
import { loadConfig, type AppConfig } from '../../services/config.js';
import type { Delivery } from '../../services/deliveries.js';
import { meetingView, relativeDayLabel, replyCountsLine, replyView } from '../../services/meeting-view.js';
import { MEETING_FIELDS, MEETING_MODES, validateMeetingInput, type Meeting } from '../../services/meetings.js';
import type { Installation, Person } from '../../services/people.js';
import { previewRoster } from '../../services/roster-import.js';
import type { Rsvp } from '../../services/rsvp.js';
import { formatDayDate, zonedParts } from '../../services/zoned-time.js';
import { formSectionCard, formSummaryCard, type FormVerbs } from '../../adaptive-cards/form-section.js';
import type { Verb } from '../../adaptive-cards/verbs.js';
import { checkAnswers, type Answers } from '../../services/forms/answers.js';
import { validateFormDefinitions, type FormDefinition } from '../../services/forms/definition.js';

export interface CardSample {
  name: string;
  card: object;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The Norfolk config (config/norfolk.json), whatever the working directory. */
export function sampleConfig(): AppConfig {
  return loadConfig({}, repoRoot);
}

/** 09:00 on Friday 16 May 2025 (UK time): when the 7-day reminders for 23 May go out. */
export const SAMPLE_NOW = new Date('2025-05-16T08:00:00Z');

export const SOUTH_JOIN_URL =
  'https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjQ2ZTVhMzAtYjA1Yy00ZmI4LWE3NzEtOGQ0NmI2YjU2ZTBh%40thread.v2/0?context=%7b%22Tid%22%3a%2200000000-0000-0000-0000-000000000000%22%7d';

export const SOUTH_AGENDA = ['Welcome and introductions', 'Section 11 in Norfolk', 'Safeguarding updates from colleagues', 'Next meeting'];

const BU = 'mark.osborn@norfolk.gov.uk';

function meeting(over: Partial<Meeting> & Pick<Meeting, 'id' | 'groupId' | 'mode' | 'startsAt'>): Meeting {
  return {
    agenda: [],
    status: 'scheduled',
    version: 1,
    createdBy: BU,
    createdAt: '2025-03-24T10:15:00Z',
    updatedAt: '2025-03-24T10:15:00Z',
    ...over,
  };
}

/** South LSCG, Friday 23 May 2025, 10:30 UK time (09:30 UTC, BST), online. */
export const SOUTH_MEETING: Meeting = meeting({
  id: 'mtg-south-2025-05-23',
  groupId: 'lscg-south',
  mode: 'online',
  startsAt: '2025-05-23T09:30:00Z',
  joinUrl: SOUTH_JOIN_URL,
  agenda: SOUTH_AGENDA,
});

/** The same meeting moved to 11:00 on 20 May. */
const SOUTH_MOVED: Meeting = { ...SOUTH_MEETING, startsAt: '2025-05-23T10:00:00Z', version: 2, updatedAt: '2025-05-20T13:40:00Z' };

const SOUTH_CANCELLED: Meeting = { ...SOUTH_MEETING, status: 'cancelled', version: 2, updatedAt: '2025-05-19T11:05:00Z' };

const WEST_MEETING: Meeting = meeting({
  id: 'mtg-west-2025-06-06',
  groupId: 'lscg-west',
  mode: 'in-person',
  startsAt: '2025-06-06T09:00:00Z',
  venue: "King's Lynn Town Hall, Saturday Market Place, King's Lynn",
  agenda: ['Welcome and introductions', 'Working with fathers', 'Safeguarding updates from colleagues', 'Next meeting'],
});

const BRECKLAND_MEETING: Meeting = meeting({
  id: 'mtg-breckland-2025-06-13',
  groupId: 'lscg-breckland',
  mode: 'online',
  startsAt: '2025-06-13T09:30:00Z',
  joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_YjFhMzA2ZGMtOTk0Ny00YzBhLWI2ZTgtMWU5ZGE3NTgyZjE0%40thread.v2/0',
  agenda: ['Welcome and introductions', 'Neglect: Norfolk Graded Care Profile', 'Safeguarding updates from colleagues', 'Next meeting'],
});

const JOINT_MEETING: Meeting = meeting({
  id: 'mtg-joint-2025-11-14',
  groupId: 'lscg-south',
  mode: 'joint',
  startsAt: '2025-11-14T09:30:00Z',
  venue: 'County Hall, Martineau Lane, Norwich',
  agenda: ['Welcome', 'Neglect', 'Child exploitation', 'Protecting babies', 'Networking'],
});

// ---------------------------------------------------------------------------
// People, installations, replies, deliveries (South LSCG, from its attendance list)
// ---------------------------------------------------------------------------

const person = (email: string, name: string, organisation: string, groupIds: string[] = ['lscg-south']): Person => ({
  id: email,
  email,
  name,
  organisation,
  groupIds,
  updatedAt: '2025-04-02T09:00:00Z',
});

export const SOUTH_MEMBERS: Person[] = [
  person('helen.bradley@nchc.nhs.uk', 'Helen Bradley', 'NCHC'),
  person('josie.wells@norfolk.gov.uk', 'Josie Wells', 'Norfolk County Council'),
  person('helen.brown@norfolk.gov.uk', 'Helen Brown', 'Norfolk County Council'),
  person('louise.cowell@justice.gov.uk', 'Louise Cowell', 'Probation'),
  person('stuart.odell@trowse.norfolk.sch.uk', 'Stuart Odell', 'Trowse Primary', ['lscg-south', 'section-11-leads']),
  person('ros.cutts@mulberrynursery.co.uk', 'Ros Cutts', 'Mulberry Nursery', ['lscg-south', 'neglect-champions']),
  person('sam.mason@mtm.org.uk', 'Sam Mason', 'MTM'),
  person('nicola.arnup@hcs.org.uk', 'Nicola Arnup', 'HCS'),
];

export const DEPUTY_NAME = 'Kim Grant, Probation Officer';

const rsvp = (personId: string, response: Rsvp['response'], respondedAt: string, deputyName?: string): Rsvp => ({
  id: personId,
  meetingId: SOUTH_MEETING.id,
  response,
  respondedAt,
  ...(deputyName ? { deputyName } : {}),
});

const SOUTH_ANSWERS: Rsvp[] = [
  rsvp('helen.bradley@nchc.nhs.uk', 'attending', '2025-05-16T08:04:00Z'),
  rsvp('helen.brown@norfolk.gov.uk', 'attending', '2025-05-16T10:21:00Z'),
  rsvp('ros.cutts@mulberrynursery.co.uk', 'attending', '2025-05-16T12:47:00Z'),
  rsvp('louise.cowell@justice.gov.uk', 'deputy', '2025-05-16T08:12:00Z', DEPUTY_NAME),
  rsvp('stuart.odell@trowse.norfolk.sch.uk', 'apologies', '2025-05-19T07:55:00Z'),
];

function installation(personId: string, status: Installation['status']): Installation {
  return {
    id: `29:${personId.split('@')[0]}`,
    personId,
    reference: {},
    status,
    installedAt: '2025-04-03T09:00:00Z',
    updatedAt: '2025-04-03T09:00:00Z',
  };
}

/** Sam Mason has not installed the app; Nicola Arnup blocked it (seen when her reminder bounced). */
const SOUTH_INSTALLS = new Map<string, Installation>(
  SOUTH_MEMBERS.filter((p) => p.id !== 'sam.mason@mtm.org.uk').map((p) => [p.id, installation(p.id, 'installed')]),
);

const SOUTH_DELIVERIES: Delivery[] = [
  {
    id: 'mtg-south-2025-05-23:7-days:nicola.arnup@hcs.org.uk',
    campaign: `meeting-${SOUTH_MEETING.id}`,
    personId: 'nicola.arnup@hcs.org.uk',
    kind: 'meeting-reminder',
    op: 'send',
    subjectId: SOUTH_MEETING.id,
    ruleId: '7-days',
    status: 'blocked',
    attempts: 1,
    lastError: 'Forbidden: the user has blocked the bot',
    queuedAt: '2025-05-16T08:00:00Z',
    updatedAt: '2025-05-16T08:00:03Z',
  },
];

// ---------------------------------------------------------------------------
// Roster pastes (tab-separated, as copied from Excel)
// ---------------------------------------------------------------------------

const tsv = (rows: string[][]): string => rows.map((r) => r.join('\t')).join('\n');

/** Adds, an update, an unchanged row and one row for each common mistake. */
export const ROSTER_PASTE_WITH_PROBLEMS = tsv([
  ['Email', 'Name', 'Organisation', 'Groups'],
  ['helen.bradley@nchc.nhs.uk', 'Helen Bradley', 'NCHC', 'LSCG South'],
  ['josie.wells@norfolk.gov.uk', 'Josie Wells', 'Norfolk County Council', 'LSCG South;LSCG Norwich'],
  ['stuart.odell@trowse.norfolk.sch.uk', 'Stuart Odell', 'Trowse Primary', 'LSCG South;Section 11 leads'],
  ['ros.cutts@mulberrynursery.co.uk', 'Ros Cutts', 'Mulberry Nursery', 'LSCG South;Neglect champions'],
  ['louise.cowell@justice.gov.uk', 'Louise Cowell', 'Probation', 'LSCG South'],
  ['helen.brown(at)norfolk.gov.uk', 'Helen Brown', 'Libraries', 'LSCG South'],
  ['sam.mason@mtm.org.uk', 'Sam Mason', '', 'LSCG South'],
  ['nicola.arnup@hcs.org.uk', 'Nicola Arnup', 'HCS', 'LSCG Sth'],
  ['helen.bradley@nchc.nhs.uk', 'Helen Bradley', 'NCHC', 'LSCG South'],
]);

/** Two people already on the list exactly as given. */
export const ROSTER_PASTE_UNCHANGED = tsv([
  ['helen.bradley@nchc.nhs.uk', 'Helen Bradley', 'NCHC', 'LSCG South'],
  ['josie.wells@norfolk.gov.uk', 'Josie Wells', 'Norfolk County Council', 'LSCG South'],
]);

/** The two people already on the roster before the import. */
const ROSTER_EXISTING = new Map<string, Person>([
  ['helen.bradley@nchc.nhs.uk', SOUTH_MEMBERS[0]],
  ['josie.wells@norfolk.gov.uk', SOUTH_MEMBERS[1]],
]);

// ---------------------------------------------------------------------------
// The samples
// ---------------------------------------------------------------------------

/** Every card variant, in a stable order, with a stable kebab-case name. */
export function cardSamples(): CardSample[] {
  const config = sampleConfig();
  const shortName = config.partnership.partnership.shortName;
  const tz = config.timeZone;
  const groups = config.partnership.groups;

  const south = meetingView(SOUTH_MEETING, config);
  const southMoved = meetingView(SOUTH_MOVED, config);
  const southCancelled = meetingView(SOUTH_CANCELLED, config);
  const west = meetingView(WEST_MEETING, config);
  const breckland = meetingView(BRECKLAND_MEETING, config);
  const joint = meetingView(JOINT_MEETING, config);

  const answerOf = (personId: string) => SOUTH_ANSWERS.find((a) => a.id === personId);
  const louiseReply = replyView(answerOf('louise.cowell@justice.gov.uk'), config);
  const rosReply = replyView(answerOf('ros.cutts@mulberrynursery.co.uk'), config);

  const formBase = (values: MeetingFormInput['values'], extra: Partial<MeetingFormInput> = {}): MeetingFormInput => ({
    groups: groups.filter((g) => g.kind === 'lscg'),
    modes: MEETING_MODES,
    reminderSummary: reminderSummary(config.partnership.meetings.reminders),
    values,
    today: zonedParts(SAMPLE_NOW, tz).date,
    maxAgendaItems: config.partnership.meetings.maxAgendaItems,
    ...extra,
  });

  // What the business unit typed on a first attempt: a past date, an in-person meeting with
  // no venue, and the join link pasted without https://.
  const typed = {
    groupId: 'lscg-south',
    date: '2025-03-21',
    time: '10:30',
    mode: 'in-person',
    joinUrl: 'teams.microsoft.com/l/meetup-join/19%3ameeting_NjQ2ZTVh',
    venue: '',
    agenda: SOUTH_AGENDA.join('\n'),
  };
  const checked = validateMeetingInput(typed, config, SAMPLE_NOW);
  if (checked.ok) throw new Error('card-samples: the typed meeting form was expected to fail validation');
  const typedValues = Object.fromEntries(MEETING_FIELDS.map((f) => [f, typed[f]])) as MeetingFormInput['values'];

  const report = attendanceReport(SOUTH_MEMBERS, SOUTH_ANSWERS, (id) => SOUTH_INSTALLS.get(id), SOUTH_DELIVERIES);

  const maxRows = config.partnership.roster.maxRows;
  const withProblems = previewRoster(ROSTER_PASTE_WITH_PROBLEMS, groups, (email) => ROSTER_EXISTING.get(email), maxRows);
  const unchanged = previewRoster(ROSTER_PASTE_UNCHANGED, groups, (email) => ROSTER_EXISTING.get(email), maxRows);
  const groupNames = groups.map((g) => g.name);

  const summary = (attending: number, deputy: number, apologies: number, members: number) =>
    replyCountsLine({ attending, deputy, apologies }, members);

  return [
    // Menu
    { name: 'menu-member', card: menuCard({ partnershipShortName: shortName, name: 'Ros Cutts', isBusinessUnit: false, upcomingCount: 2 }) },
    { name: 'menu-business-unit', card: menuCard({ partnershipShortName: shortName, name: 'Mark Osborn', isBusinessUnit: true, upcomingCount: 4 }) },
    { name: 'menu-welcome', card: menuCard({ partnershipShortName: shortName, name: 'Stuart Odell', isBusinessUnit: false, upcomingCount: 1, welcome: true }) },
    {
      name: 'menu-not-on-roster',
      card: menuCard({ partnershipShortName: shortName, name: 'Sam Mason', isBusinessUnit: false, upcomingCount: 0, notOnRoster: true, note: 'Sorry, I did not understand that. Here is what I can do:' }),
    },

    // Messages
    { name: 'message', card: messageCard('Reply not saved', 'You are not on the list of members for this meeting. If you should be, ask the NSCP business unit to add you.') },
    { name: 'not-allowed', card: notAllowedCard(config.partnership.partnership.name) },

    // Meeting form
    { name: 'meeting-form-empty', card: meetingFormCard(formBase({})) },
    { name: 'meeting-form-errors', card: meetingFormCard(formBase(typedValues, { errors: checked.errors })) },
    {
      name: 'meeting-form-editing',
      card: meetingFormCard(
        formBase({ groupId: south.groupId, date: south.date, time: south.time, mode: south.mode, joinUrl: south.joinUrl, venue: south.venue, agenda: south.agenda.join('\n') }, { meetingId: south.id }),
      ),
    },

    // Meeting admin
    {
      name: 'meeting-admin-notice',
      card: meetingAdminCard({
        meeting: south,
        memberCount: SOUTH_MEMBERS.length,
        reachableCount: 6,
        replies: { attending: 3, apologies: 1, deputy: 1 },
        notice: { text: 'Saved. Members who were reminded will see the change.', tone: 'good' },
      }),
    },
    {
      name: 'meeting-admin-cancelled',
      card: meetingAdminCard({
        meeting: southCancelled,
        memberCount: SOUTH_MEMBERS.length,
        reachableCount: 6,
        replies: { attending: 3, apologies: 1, deputy: 1 },
        notice: { text: 'Cancelled. Members who were reminded are being told.', tone: 'warning' },
      }),
    },
    { name: 'meeting-cancel-confirm', card: meetingCancelConfirmCard(south, 6) },

    // Meeting lists
    {
      name: 'meeting-list-admin',
      card: meetingListCard(
        [
          { meeting: south, summary: summary(3, 1, 1, 8) },
          { meeting: west, summary: summary(2, 0, 1, 11) },
          { meeting: breckland, summary: summary(0, 0, 0, 9) },
          { meeting: joint, summary: summary(14, 2, 3, 58) },
        ],
        true,
      ),
    },
    {
      name: 'meeting-list-member',
      card: meetingListCard(
        [
          { meeting: south, reply: rosReply },
          { meeting: joint, reply: undefined },
        ],
        false,
      ),
    },
    {
      name: 'meeting-list-member-deputy',
      card: meetingListCard([{ meeting: south, reply: louiseReply }], false),
    },
    { name: 'meeting-list-empty', card: meetingListCard([], false) },
    { name: 'meeting-list-admin-empty', card: meetingListCard([], true) },

    // Reminders
    {
      name: 'reminder-unanswered',
      card: meetingReminderCard({ meeting: south, partnershipShortName: shortName, dueLabel: relativeDayLabel(new Date(SOUTH_MEETING.startsAt), SAMPLE_NOW, tz) }),
    },
    {
      name: 'reminder-answered-deputy',
      card: meetingReminderCard({ meeting: south, partnershipShortName: shortName, reply: louiseReply }),
    },
    {
      name: 'reminder-answered-attending',
      card: meetingReminderCard({ meeting: south, partnershipShortName: shortName, reply: rosReply }),
    },
    {
      name: 'reminder-error',
      card: meetingReminderCard({
        meeting: south,
        partnershipShortName: shortName,
        error: 'Your reply could not be saved just now. Please press the button again.',
        deputyName: DEPUTY_NAME,
      }),
    },
    {
      name: 'reminder-changed',
      card: meetingReminderCard({
        meeting: southMoved,
        partnershipShortName: shortName,
        reply: rosReply,
        dueLabel: relativeDayLabel(new Date(SOUTH_MOVED.startsAt), new Date('2025-05-22T08:00:00Z'), tz),
        changedNote: `Updated on ${formatDayDate(new Date(SOUTH_MOVED.updatedAt), tz)}: check the details below.`,
      }),
    },
    { name: 'reminder-cancelled', card: meetingReminderCard({ meeting: southCancelled, partnershipShortName: shortName, reply: rosReply }) },

    // Notices
    { name: 'meeting-cancelled', card: meetingCancelledCard(southCancelled) },
    { name: 'meeting-changed', card: meetingChangedCard(southMoved) },

    // Attendance
    { name: 'attendance', card: attendanceCard(south, report) },
    { name: 'attendance-empty', card: attendanceCard(west, attendanceReport([], [], () => undefined, [])) },

    // Roster
    { name: 'roster-paste-empty', card: rosterPasteCard(groupNames, { peopleCount: 146 }) },
    {
      name: 'roster-paste-error',
      card: rosterPasteCard(groupNames, { peopleCount: 146, value: ROSTER_PASTE_WITH_PROBLEMS, error: 'The rows could not be checked just now. Nothing was changed; please try again.' }),
    },
    { name: 'roster-preview-problems', card: rosterPreviewCard(withProblems, 'imp-2025-05-12-0915') },
    { name: 'roster-preview-nothing', card: rosterPreviewCard(unchanged, 'imp-2025-05-12-0921') },
    { name: 'roster-applied', card: rosterAppliedCard(withProblems, 149) },

    // Forms
    ...formCardSamples(),
  ];
}

/** One sample by name; throws if there is none, so a renamed sample fails loudly. */
export function cardSample(name: string): object {
  const found = cardSamples().find((s) => s.name === name);
  if (!found) throw new Error(`No card sample named "${name}"`);
  return found.card;
}

// ---------------------------------------------------------------------------
// Forms (services/forms, adaptive-cards/form-section.ts)
// ---------------------------------------------------------------------------

/**
 * The draft JAGS participant feedback form and a Section 11 return shaped like the 2024 one
 * (domain brief §2.7, §4), as they would sit under "forms" in the partnership config.
 */
export const SAMPLE_FORMS_CONFIG = {
  'jags-feedback': {
    title: 'JAGS participant feedback',
    intro: 'Thank you for taking part in Joint Agency Group Supervision. Your answers help the partnership improve JAGS; they are not shared with the other participants.',
    sections: [
      {
        id: 'feedback',
        title: 'Your feedback',
        questions: [
          { id: 'felt-listened', kind: 'rating', label: 'How far did you feel listened to?', help: '1 is not at all, 5 is completely.', required: true },
          { id: 'safe-space', kind: 'rating', label: 'How far was the session a safe space to reflect?', help: '1 is not at all, 5 is completely.', required: true },
          { id: 'child-at-centre', kind: 'rating', label: 'How far did the child stay at the centre of the discussion?', help: '1 is not at all, 5 is completely.', required: true },
          { id: 'do-differently', kind: 'yes-no', label: 'Will you do something differently as a result?', required: true },
          { id: 'what-differently', kind: 'long-text', label: 'If yes, what will you do differently?', required: false, maxLength: 1000, aboutPractice: true },
          { id: 'anything-else', kind: 'long-text', label: 'Anything else you would like to tell us?', required: false, aboutPractice: true },
        ],
      },
    ],
  },
  's11-return': {
    title: 'Section 11 return',
    intro: 'Your organisation\'s Section 11 self-assessment. Save a draft at any time; submit when every section is done.',
    sections: [
      {
        id: 'safeguarding-overview',
        title: 'Safeguarding overview',
        intro: 'How safeguarding works in your organisation this year.',
        questions: [
          { id: 'completed-by', kind: 'short-text', label: 'Who is completing this return?', help: 'Your name and role.', required: true, maxLength: 120 },
          { id: 'overview-fit', kind: 'single-choice', label: 'Does the partnership\'s overview fit with your experience?', required: true, choices: [{ value: 'yes', title: 'Yes' }, { value: 'partly', title: 'Partly' }, { value: 'no', title: 'No' }] },
          { id: 'keep-building', kind: 'long-text', label: 'What do we need to do to keep building on this?', required: true, aboutPractice: true },
          { id: 'last-audit', kind: 'date', label: 'When did your organisation last audit its safeguarding arrangements?', required: false },
        ],
      },
      {
        id: 'fcn',
        title: 'Family and Community Networking',
        questions: [
          { id: 'fcn-embedded', kind: 'rating', label: 'How well do you feel that Family and Community Networking is embedded in your organisation\'s practice?', help: '1 is not at all, 5 is fully embedded.', required: true },
          { id: 'fip-champions', kind: 'yes-no', label: 'Has your organisation identified father inclusive practice champions?', required: true },
          {
            id: 'fcn-headings',
            kind: 'multi-choice',
            label: 'Which parts of Family and Community Networking have you worked on this year?',
            required: false,
            choices: [
              { value: 'communication', title: 'Communication' },
              { value: 'collaboration', title: 'Collaboration' },
              { value: 'father-inclusive-practice', title: 'Father inclusive practice' },
              { value: 'restoration', title: 'Restoration' },
            ],
          },
          { id: 'fcn-next', kind: 'long-text', label: 'What else needs to happen?', required: false, aboutPractice: true },
        ],
      },
      {
        id: 'neglect',
        title: 'Neglect',
        questions: [
          {
            id: 'anoof-aware',
            kind: 'single-choice',
            label: 'Are your staff aware of ANOOF (the Accumulative Neglect Operational Oversight Forum)?',
            required: true,
            choices: [
              { value: 'most', title: 'Yes, most staff' },
              { value: 'some', title: 'Some staff' },
              { value: 'no', title: 'No' },
              { value: 'not-sure', title: 'Not sure' },
            ],
          },
          { id: 'toolkit-use', kind: 'long-text', label: 'We now have a Neglect toolkit: how well is it being used, and what else is needed?', required: false, aboutPractice: true },
        ],
      },
    ],
  },
};

export function sampleForms(): Record<string, FormDefinition> {
  return validateFormDefinitions(structuredClone(SAMPLE_FORMS_CONFIG));
}

/** Verbs for the form samples; the real ones live in adaptive-cards/verbs.ts once the handlers exist. */
export const SAMPLE_FORM_VERBS: FormVerbs = { save: 'form.save' as string as Verb, navigate: 'form.navigate' as string as Verb, submit: 'form.submit' as string as Verb };

export const S11_RESPONSE_DATA = { formId: 's11-return', responseId: 's11-2025-nchc' };
export const S11_KEEP_BUILDING =
  'Keep the LSCG discussions going: staff said the Section 11 workshop was the most useful part of the process.\n\nWe would like more joint training with early help on the Graded Care Profile.';

export const S11_ANSWERS: Answers = {
  'completed-by': 'Helen Bradley, Named Nurse for Safeguarding',
  'overview-fit': 'partly',
  'keep-building': S11_KEEP_BUILDING,
  'fcn-embedded': 3,
  'fip-champions': true,
  'fcn-headings': ['communication', 'father-inclusive-practice'],
  'anoof-aware': 'some',
};

export const JAGS_ANSWERS: Answers = {
  'felt-listened': 5,
  'safe-space': 4,
  'child-at-centre': 4,
  'do-differently': true,
  'what-differently': 'Bring the school nurse into the team around the family earlier, and check what the father thinks before the next review.',
};

function formCardSamples(): CardSample[] {
  const forms = sampleForms();
  const s11 = forms['s11-return'];
  const jags = forms['jags-feedback'];
  const s11Context = { title: 'Section 11 return 2025: Norfolk Community Health and Care', lastChanged: 'Last changed by Helen Bradley on Friday 23 May 2025, 10:30' };
  const missing = checkAnswers(s11, { 'q.completed-by': '', 'q.overview-fit': 'partly', 'q.keep-building': S11_KEEP_BUILDING }, { sectionId: 'safeguarding-overview', requireComplete: true });
  return [
    {
      name: 'form-section-first',
      card: formSectionCard({
        form: s11,
        sectionIndex: 0,
        answers: { ...S11_ANSWERS, 'completed-by': '' },
        errors: missing.ok ? {} : missing.errors,
        context: s11Context,
        verbs: SAMPLE_FORM_VERBS,
        data: S11_RESPONSE_DATA,
        canSubmit: true,
      }),
    },
    {
      name: 'form-section-last',
      card: formSectionCard({
        form: s11,
        sectionIndex: 2,
        answers: S11_ANSWERS,
        context: { ...s11Context, banner: { text: 'Draft saved. Submit by Friday 27 June 2025.', tone: 'good' } },
        verbs: SAMPLE_FORM_VERBS,
        data: S11_RESPONSE_DATA,
        canSubmit: true,
      }),
    },
    {
      name: 'form-section-single',
      card: formSectionCard({
        form: jags,
        sectionIndex: 0,
        answers: {},
        context: { title: 'JAGS participant feedback', subtitle: 'Your session on Tuesday 20 May 2025' },
        verbs: SAMPLE_FORM_VERBS,
        data: { formId: 'jags-feedback', responseId: 'jags-2025-05-20-a' },
        canSubmit: true,
      }),
    },
    {
      name: 'form-summary-edit',
      card: formSummaryCard({
        form: s11,
        answers: S11_ANSWERS,
        context: { title: 'Section 11 return 2025: Norfolk Community Health and Care', banner: { text: 'Submitted by Helen Bradley on Friday 23 May 2025, 10:30', tone: 'good' } },
        edit: { verb: SAMPLE_FORM_VERBS.save, data: S11_RESPONSE_DATA, title: 'Edit my return' },
      }),
    },
    {
      name: 'form-summary-closed',
      card: formSummaryCard({
        form: jags,
        answers: JAGS_ANSWERS,
        context: { title: 'JAGS participant feedback', subtitle: 'Your session on Tuesday 20 May 2025', banner: { text: 'Sent on Wednesday 21 May 2025, 09:15. Thank you.', tone: 'good' } },
      }),
    },
  ];
}
