import { reminderSummary } from '../../services/features/meetings/meeting-reminders.js';
/**
 * Every card variant the bot can send, built with realistic NSCP data through the real card
 * builders and view-model functions (meetingView, replyView, attendanceReport, previewRoster,
 * validateMeetingInput). Used by test/unit/cards-render.test.ts (each sample must render with
 * zero errors) and scripts/card-screenshots.ts (PNGs for the README).
 *
 * The data follows the South LSCG: it met on Friday 21 March 2025 and set its next meeting for
 * "Friday 23rd May at 10.30 online", with the agenda shape of its minutes and people from its
 * attendance list (domain brief §1.3, §1.5). Section 11 follows the partner organisations' 2025
 * cycle (brief §2); JAGS follows the 24 requests, 20 of which proceeded, from its relaunch in
 * November 2024 to March 2025 (brief §4). The forms are the real defaults in config/norfolk.json.
 */
import { createHash } from 'node:crypto';
import { privacySamples } from './privacy-card-samples.js';
import { newsletterSamples } from './newsletter-card-samples.js';
import { meetingTeamsSamples } from './meeting-teams-card-samples.js';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { attendanceCard } from '../../adaptive-cards/features/meetings/attendance.js';
import { meetingAdminCard, meetingCancelConfirmCard } from '../../adaptive-cards/features/meetings/meeting-admin.js';
import { meetingFormCard, type MeetingFormInput } from '../../adaptive-cards/features/meetings/meeting-form.js';
import { meetingListCard } from '../../adaptive-cards/features/meetings/meeting-list.js';
import { meetingCancelledCard, meetingChangedCard } from '../../adaptive-cards/features/meetings/meeting-notice.js';
import { meetingReminderCard } from '../../adaptive-cards/features/meetings/meeting-reminder.js';
import { menuCard, type MenuButton } from '../../adaptive-cards/menu.js';
import { messageCard, notAllowedCard } from '../../adaptive-cards/message.js';
import { rosterAppliedCard, rosterPasteCard, rosterPreviewCard } from '../../adaptive-cards/features/people/roster.js';
import { entraSamples } from './entra-card-samples.js';
import { attendanceReport } from '../../services/features/meetings/attendance.js';
import { loadConfig, type AppConfig } from '../../services/config.js';
import type { Delivery } from '../../services/delivery/deliveries.js';
import { meetingView, relativeDayLabel, replyCountsLine, replyView } from '../../services/features/meetings/meeting-view.js';
import { MEETING_FIELDS, MEETING_MODES, validateMeetingInput, type Meeting } from '../../services/features/meetings/meetings.js';
import type { Installation, Person } from '../../services/people/people.js';
import { previewRoster } from '../../services/people/roster-import.js';
import type { Rsvp } from '../../services/features/meetings/rsvp.js';
import { formatDayDate, formatDayDateTime, shiftDate, zonedParts, zonedToUtc } from '../../services/zoned-time.js';
import { formSectionCard, formSummaryCard, type FormCardContext, type FormVerbs } from '../../adaptive-cards/form-section.js';
import {
  jagsExportCard,
  jagsHomeCard,
  jagsQuarterCard,
  jagsRequestFormCard,
  jagsSessionCard,
  jagsSessionFormCard,
  jagsSummaryCard,
  type JagsHomeInput,
  type QuarterView,
} from '../../adaptive-cards/features/jags/jags.js';
import { s11CyclesCard, s11MineCard, s11OpenCycleCard, s11PromptCard, s11StatusCard, type StatusCardInput } from '../../adaptive-cards/features/section11/section11.js';
import { VERBS } from './verbs.js';
import { requestLine } from '../../services/features/jags/views.js';
import { buildStatusView, cycleTitle, deadlineText, returnStateText } from '../../services/features/section11/views.js';
import { inputId, missingRequired, type Answers, type AnswerValue } from '../../services/forms/answers.js';
import { validateFormDefinitions, type FormDefinition } from '../../services/forms/definition.js';
import { JAGS_OUTCOMES, quarterOf, quarterRange, summarise, type JagsOutcome, type JagsRequest, type JagsSession } from '../../services/features/jags/jags.js';
import { orgKey, type ReturnState, type S11Cycle, type S11Return, type StatusRow } from '../../services/features/section11/section11.js';

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
    { name: 'menu-member', card: menuCard({ partnershipShortName: shortName, name: 'Ros Cutts', isBusinessUnit: false, ...menuButtons(2) }) },
    { name: 'menu-business-unit', card: menuCard({ partnershipShortName: shortName, name: 'Mark Osborn', isBusinessUnit: true, ...menuButtons(4) }) },
    { name: 'menu-welcome', card: menuCard({ partnershipShortName: shortName, name: 'Stuart Odell', isBusinessUnit: false, ...menuButtons(1), welcome: true }) },
    {
      name: 'menu-not-on-roster',
      card: menuCard({ partnershipShortName: shortName, name: 'Sam Mason', isBusinessUnit: false, ...menuButtons(0), notOnRoster: true, note: 'Sorry, I did not understand that. Here is what I can do:' }),
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
        [
          { meeting: meetingView(meeting({ id: 'mtg-north-2025-04-25', groupId: 'lscg-north', mode: 'online', startsAt: '2025-04-25T09:30:00Z' }), config), summary: summary(7, 2, 1, 12) },
          { meeting: meetingView(meeting({ id: 'mtg-west-2025-03-07', groupId: 'lscg-west', mode: 'in-person', startsAt: '2025-03-07T10:00:00Z', venue: "King's Lynn Town Hall" }), config), summary: summary(9, 1, 0, 13) },
        ],
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
    { name: 'meeting-changed', card: meetingChangedCard(southMoved, true) },

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

    // Section 11, JAGS, and the forms they send
    ...section11Samples(config),
    ...jagsSamples(config),
    ...formCardSamples(config),
    ...privacySamples(),
    ...entraSamples(groupNames),
    ...newsletterSamples(config),
    ...meetingTeamsSamples(config, { south, members: SOUTH_MEMBERS, answers: SOUTH_ANSWERS, installs: SOUTH_INSTALLS, deliveries: SOUTH_DELIVERIES }, exportUrl),
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

/** The verbs the bot's handlers answer (bot/handlers/section11.ts, bot/handlers/jags.ts). */
export const S11_FORM_VERBS: FormVerbs = { save: VERBS.s11Save, navigate: VERBS.s11Navigate, submit: VERBS.s11Submit };
export const JAGS_FORM_VERBS: FormVerbs = { navigate: VERBS.jagsFeedbackNavigate, submit: VERBS.jagsFeedbackSubmit };

/**
 * Kept for test/unit/form-definition.test.ts, which still imports this name: the real Section 11
 * verbs (there are no stand-in verbs any more).
 * @deprecated use S11_FORM_VERBS or JAGS_FORM_VERBS.
 */
export const SAMPLE_FORM_VERBS: FormVerbs = S11_FORM_VERBS;

/**
 * Synthetic forms that between them use every question kind (short text, date, rating,
 * multi-choice…), as a config author could write them. The form engine tests
 * (form-definition, form-answers) use them, and so does the "form-section-every-kind" sample.
 * The forms the bot really sends are the defaults in config/norfolk.json: see formCardSamples().
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

/** The menu's buttons as the features add them (each bot/features/<name>/index.ts), in the order bot/features.ts wires them. */
function menuButtons(upcoming: number): { mine: MenuButton[]; admin: MenuButton[] } {
  return {
    mine: [{ title: upcoming ? `My upcoming meetings (${upcoming})` : 'My upcoming meetings', verb: VERBS.myMeetings }],
    admin: [
      { title: 'Schedule a meeting', verb: VERBS.meetingNewForm },
      { title: 'LSCG meetings', verb: VERBS.meetingsUpcoming },
      { title: 'People and groups', verb: VERBS.rosterForm },
      { title: 'Section 11 returns', verb: VERBS.s11Cycles },
      { title: 'JAGS', verb: VERBS.jagsHome },
    ],
  };
}

/** The bot's wording functions (cycleTitle, deadlineText, returnStateText) only read the config. */
function viewServices(config: AppConfig): { config: AppConfig } {
  return { config };
}

/** "https://…/exports/<token>", as the bot links a short-lived download (services/exports.ts). */
export const SAMPLE_PUBLIC_BASE_URL = 'https://nscp-engage.azurewebsites.net';
/** A made-up but well-formed token: 32 bytes, base64url, as services/exports.ts makes them. */
const exportUrl = (seed: string) => `${SAMPLE_PUBLIC_BASE_URL}/exports/${createHash('sha256').update(seed).digest('base64url')}`;

// ---------------------------------------------------------------------------
// Section 11 (domain brief §2): the 2025 partner cycle, as the business unit sees it on
// Monday 3 November 2025, three days after the deadline.
// ---------------------------------------------------------------------------

const TZ = 'Europe/London';

function s11Cycle(over: Omit<S11Cycle, 'deadlineAt' | 'organisations' | 'openedBy'> & { organisations: string[] }): S11Cycle {
  const end = zonedToUtc(over.deadline, '23:59', TZ);
  if (!end) throw new Error(`card-samples: bad deadline ${over.deadline}`);
  return {
    ...over,
    deadlineAt: new Date(end.getTime() + 59_999).toISOString(),
    organisations: over.organisations.map((name) => ({ key: orgKey(name), name })),
    openedBy: BU,
  };
}

export interface S11OrgFixture {
  name: string;
  lead: string;
  state: ReturnState;
  /** When it was submitted, or the draft last changed (UTC). */
  at?: string;
  /** False when no lead has the app, or all blocked it. */
  reachable?: boolean;
}

const sub = (name: string, lead: string, at: string): S11OrgFixture => ({ name, lead, state: 'submitted', at });
const draft = (name: string, lead: string, at: string): S11OrgFixture => ({ name, lead, state: 'draft', at });
const none = (name: string, lead: string, reachable = true): S11OrgFixture => ({ name, lead, state: 'not-started', reachable });

export const NCHC = 'Norfolk Community Health and Care';

/** The 37 partner organisations of the 2025 cycle (37 returns came in for 2024, brief §2.3). */
export const S11_PARTNERS_2025: S11OrgFixture[] = [
  sub('Norfolk Constabulary', 'Sarah Knight', '2025-10-24T12:05:00Z'),
  sub('Norwich City Council', 'Adam Clarke', '2025-10-17T09:42:00Z'),
  sub(NCHC, 'Helen Bradley', '2025-10-31T16:40:00Z'),
  sub("Children's Services", 'Josie Wells', '2025-10-30T15:12:00Z'),
  sub('Norfolk and Waveney Integrated Care Board', 'Priya Shah', '2025-10-29T09:30:00Z'),
  sub('Norfolk and Suffolk NHS Foundation Trust', 'Daniel Moore', '2025-10-28T11:20:00Z'),
  sub('Norfolk and Norwich University Hospitals NHS Foundation Trust', 'Fiona Walsh', '2025-10-31T12:15:00Z'),
  sub('James Paget University Hospitals NHS Foundation Trust', 'Karen Price', '2025-10-22T13:00:00Z'),
  sub("The Queen Elizabeth Hospital King's Lynn NHS Foundation Trust", 'Rachel Green', '2025-10-30T10:05:00Z'),
  sub('East of England Ambulance Service NHS Trust', 'Martin Cole', '2025-10-27T16:50:00Z'),
  sub('Cambridgeshire Community Services NHS Trust', 'Emma Lowe', '2025-10-21T07:55:00Z'),
  sub('Probation Service (Norfolk and Suffolk)', 'Louise Cowell', '2025-10-31T17:20:00Z'),
  sub('Norfolk Youth Justice Service', 'Chris Barker', '2025-10-23T12:30:00Z'),
  sub('Broadland District Council', 'Julie Fox', '2025-10-20T08:10:00Z'),
  sub('South Norfolk Council', 'Neil Harvey', '2025-10-20T08:45:00Z'),
  sub('Great Yarmouth Borough Council', 'Tracy Bell', '2025-10-29T14:25:00Z'),
  sub('Norfolk Fire and Rescue Service', 'Paul Dixon', '2025-10-15T10:00:00Z'),
  sub('Office of the Police and Crime Commissioner for Norfolk', 'Anna Ward', '2025-10-16T09:30:00Z'),
  sub('Change Grow Live', 'Simon Reed', '2025-10-30T16:00:00Z'),
  sub('NSPCC', 'Gemma Hall', '2025-10-14T11:00:00Z'),
  sub("Barnardo's", 'Olivia Grant', '2025-10-28T15:35:00Z'),
  sub('Leeway Domestic Violence and Abuse Services', 'Natalie Cross', '2025-10-31T10:10:00Z'),
  sub("Borough Council of King's Lynn and West Norfolk", 'Ian Marsh', '2025-11-03T09:15:00Z'),
  sub('Home-Start Norfolk', 'Beth Ellis', '2025-11-01T19:40:00Z'),
  draft('Early Childhood and Family Service', 'Helen Brown', '2025-10-30T14:50:00Z'),
  draft('North Norfolk District Council', 'Mike Turner', '2025-10-28T10:00:00Z'),
  draft('Breckland Council', 'Sue Palmer', '2025-10-29T15:30:00Z'),
  draft('MTM', 'Dan Webb', '2025-10-21T10:45:00Z'),
  draft('Future Projects', 'Kerry Nash', '2025-10-24T15:05:00Z'),
  draft('Norfolk Library and Information Service', 'Ruth Allen', '2025-10-31T09:20:00Z'),
  none('HCS', 'Nicola Arnup', false),
  none('The Matthew Project', 'Joe Carter'),
  none('YMCA Norfolk', 'Laura King', false),
  none('British Transport Police', 'Steve Morgan'),
  none('The Benjamin Foundation', 'Claire Young', false),
  none('Norfolk Public Health', 'Hannah Scott'),
  none('Norfolk and Waveney Mind', 'Ben Hughes'),
];

export const S11_CYCLE: S11Cycle = s11Cycle({
  id: 's11-2025-partners-mcz4k2p0',
  year: 2025,
  trackId: 'partners',
  trackName: 'Partner organisations',
  formId: 's11-partners',
  deadline: '2025-10-31',
  organisations: S11_PARTNERS_2025.map((o) => o.name),
  status: 'open',
  openedAt: '2025-07-14T08:30:00Z',
});

export const S11_CYCLE_2024: S11Cycle = s11Cycle({
  id: 's11-2024-partners-lyk9q1x4',
  year: 2024,
  trackId: 'partners',
  trackName: 'Partner organisations',
  formId: 's11-partners',
  deadline: '2024-11-29',
  organisations: S11_PARTNERS_2025.map((o) => o.name),
  status: 'closed',
  openedAt: '2024-07-15T08:00:00Z',
});

export const S11_SCHOOLS_CYCLE: S11Cycle = s11Cycle({
  id: 's11-2025-schools-early-years-md1b7s3e',
  year: 2025,
  trackId: 'schools-early-years',
  trackName: 'Schools and early years',
  formId: 's11-schools-early-years',
  deadline: '2025-11-28',
  organisations: ['Trowse Primary', 'Mulberry Nursery', 'City College Norwich'],
  status: 'open',
  openedAt: '2025-09-08T08:00:00Z',
});

/** One row of the status card, worded as services/form-views.ts statusView words it. */
/** What statusView(s, cycleId, page) returns for these organisations: those still to submit first. */
function statusSample(cycle: S11Cycle, orgs: S11OrgFixture[], page: number): Omit<StatusCardInput, 'notice' | 'downloadUrl'> {
  const order: Record<ReturnState, number> = { 'not-started': 0, draft: 1, submitted: 2 };
  const rows: StatusRow[] = orgs
    .map((o) => ({
      key: orgKey(o.name),
      organisation: o.name,
      state: o.state,
      when: o.at,
      by: o.state === 'not-started' ? undefined : o.lead,
      late: o.state === 'submitted' ? o.at! > cycle.deadlineAt : undefined,
      reachable: o.reachable ?? true,
      leads: 1,
    }))
    .sort((a, b) => order[a.state] - order[b.state] || a.organisation.localeCompare(b.organisation));
  return buildStatusView(cycle, rows, page, TZ);
}

/** Weekdays in November 2024, for the 2024 submissions. */
const NOV_2024_WEEKDAYS = [4, 5, 6, 7, 8, 11, 12, 13, 14, 15, 18, 19, 20, 21, 22, 25, 26, 27, 28, 29];

/** The 2024 cycle, closed: every organisation submitted, the last three after the deadline. */
const S11_PARTNERS_2024: S11OrgFixture[] = S11_PARTNERS_2025.map((o, i) => ({
  name: o.name,
  lead: o.lead,
  state: 'submitted',
  at:
    i >= 34
      ? `2024-12-0${i - 32}T10:00:00Z`
      : `2024-11-${String(NOV_2024_WEEKDAYS[(i * 7) % NOV_2024_WEEKDAYS.length]).padStart(2, '0')}T1${i % 7}:${String((i * 7) % 60).padStart(2, '0')}:00Z`,
}));

// Norfolk Community Health and Care's 2025 return (partners track): Helen Bradley, Named Nurse
// for Safeguarding, works on the draft in October and submits on Friday 31 October.

export const S11_NCHC_SUBMITTED: Answers = {
  overview:
    "Safeguarding supervision is now in place for every 0–19 and community nursing team, and our 2025 staff survey found 86% of staff confident to raise a concern (79% last year).\n\nConcerns go through the NCHC safeguarding hub, which logs every contact with the Children's Advice and Duty Service and checks the outcome with the member of staff within five working days.",
  voice: "Our young people's participation group reviewed the school nursing text service this year. It now replies within one working day and stays open in the summer holidays.",
  changed: 'A named safeguarding nurse in each locality, and level 3 safeguarding training now has a session on father-inclusive practice.',
  'fcn-embedded':
    'Family and Community Networking is understood by the safeguarding team and by health visiting, but it is not yet part of everyday practice in community nursing. Staff said the July workshop helped them see where they fit.',
  'father-inclusive': 'Health visitors now invite both parents to every contact and record when a father or male carer has not been seen, and why. Clinic letters are addressed to both parents.',
  'father-champions': true,
  'fcn-next': 'Time for practitioners to meet family hub colleagues locally; the partnership network meetings would help.',
  'anoof-aware': 'some',
  toolkit:
    'Health visitors use the Norfolk Graded Care Profile where neglect is a concern, and chronologies are shared at core groups. Community nursing teams use it less: we would like joint training with early help.',
  'neglect-work': 'A neglect champion in every health visiting team, linked to the partnership champions network.',
  exploitation: "Staff complete exploitation awareness training and use the partnership's screening tool; a concern is discussed with the safeguarding hub the same day.",
  'exploitation-help': 'Yes: seeing exploitation as unmet need has helped school nurses talk with young people about what is behind missed appointments.',
  other: 'Trauma-informed practice: 40 staff completed the Indigo Brave training and we now hold monthly reflective sessions.',
};

/** The shared draft in mid-October: Family and Community Networking half done, nothing on fathers yet. */
export const S11_NCHC_DRAFT: Answers = Object.fromEntries(Object.entries(S11_NCHC_SUBMITTED).filter(([id]) => !['father-inclusive', 'fcn-next', 'neglect-work'].includes(id)));

const NCHC_KEY = orgKey(NCHC);
const S11_NCHC_DRAFT_RETURN: S11Return = { id: NCHC_KEY, cycleId: S11_CYCLE.id, organisation: NCHC, draft: S11_NCHC_DRAFT, draftByName: 'Helen Bradley', draftAt: '2025-10-17T09:20:00Z' };
const S11_NCHC_SUBMITTED_RETURN: S11Return = {
  id: NCHC_KEY,
  cycleId: S11_CYCLE.id,
  organisation: NCHC,
  submitted: S11_NCHC_SUBMITTED,
  submittedByName: 'Helen Bradley',
  submittedAt: '2025-10-31T16:40:00Z',
  late: false,
};

/** Long enough to reach a question's maximum length: sentences from `seed`, repeated. */
function fillTo(seed: string, length: number): string {
  let out = seed;
  while (out.length < length) out += ` ${seed}`;
  return out.slice(0, length);
}

// ---------------------------------------------------------------------------
// JAGS (domain brief §4): the 24 requests from the November 2024 launch to March 2025, 20 of
// which proceeded, as the business unit sees them on Monday 24 March 2025.
// ---------------------------------------------------------------------------

export const JAGS_NOW = new Date('2025-03-24T10:00:00Z');

type RequestRow = [receivedOn: string, agency: string, role: string, outcome: JagsOutcome, signpostedTo?: string];

const REQUEST_ROWS: RequestRow[] = [
  ['2024-11-12', 'Norfolk Constabulary', 'Detective constable', 'proceeded'],
  ['2024-11-19', NCHC, 'Health visitor', 'proceeded'],
  ['2024-11-26', 'Early Childhood and Family Service', 'Family support practitioner', 'proceeded'],
  ['2024-12-03', "Children's Services", 'Social worker', 'tacs'],
  ['2024-12-05', 'Norfolk and Suffolk NHS Foundation Trust', 'Community psychiatric nurse', 'proceeded'],
  ['2024-12-10', 'Norwich City Council', 'Housing officer', 'proceeded'],
  ['2024-12-12', 'Cambridgeshire Community Services', 'School nurse', 'proceeded'],
  ['2024-12-17', 'Norfolk Youth Justice Service', 'Youth justice officer', 'proceeded'],
  ['2024-12-19', 'Change Grow Live', 'Recovery worker', 'proceeded'],
  ['2025-01-07', 'Norfolk Constabulary', 'Police constable', 'proceeded'],
  ['2025-01-09', NCHC, 'Health visitor', 'proceeded'],
  ['2025-01-14', 'Probation Service', 'Probation officer', 'statutory'],
  ['2025-01-21', 'Trowse Primary', 'Designated safeguarding lead', 'proceeded'],
  ['2025-01-28', 'Leeway Domestic Violence and Abuse Services', 'Independent domestic violence advisor', 'proceeded'],
  ['2025-02-04', 'Early Childhood and Family Service', 'Family hub practitioner', 'proceeded'],
  ['2025-02-06', 'Norfolk and Norwich University Hospitals', 'Consultant paediatrician', 'signposted', 'ICB Designated Safeguarding Team'],
  ['2025-02-11', 'Early Childhood and Family Service', 'Family support practitioner', 'proceeded'],
  ['2025-02-18', 'Norfolk Constabulary', 'Detective constable', 'proceeded'],
  ['2025-02-25', "Children's Services", 'Family support worker', 'tacs'],
  ['2025-03-04', 'Norfolk and Suffolk NHS Foundation Trust', 'Mental health practitioner', 'proceeded'],
  ['2025-03-06', NCHC, 'School nurse', 'proceeded'],
  ['2025-03-11', 'MTM', 'Youth worker', 'proceeded'],
  ['2025-03-18', 'Norwich City Council', 'Early help officer', 'proceeded'],
  ['2025-03-21', 'Norfolk Constabulary', 'Detective constable', 'proceeded'],
];

export const JAGS_REQUESTS: JagsRequest[] = REQUEST_ROWS.map(([receivedOn, agency, role, outcome, signpostedTo], i) => {
  const loggedAt = `${receivedOn}T15:${String(10 + i).padStart(2, '0')}:00Z`;
  return {
    id: `jr-${Date.parse(loggedAt).toString(36)}-${(0x3a7f10 + i * 0x1f3d).toString(16)}`,
    receivedOn,
    agency,
    role,
    outcome,
    ...(signpostedTo ? { signpostedTo } : {}),
    loggedAt,
  };
});

/** The pool of trained facilitators (group "JAGS facilitators"), sorted by name as Jags.facilitators() does. */
export const JAGS_FACILITATORS: Person[] = [
  person('amina.begum@norfolk.gov.uk', 'Amina Begum', "Children's Services", ['jags-facilitators']),
  person('claire.hudson@nchc.nhs.uk', 'Claire Hudson', NCHC, ['jags-facilitators']),
  person('gary.lee@norwich.gov.uk', 'Gary Lee', 'Norwich City Council', ['jags-facilitators']),
  person('lucy.hart@norfolk.gov.uk', 'Lucy Hart', 'Early Childhood and Family Service', ['jags-facilitators']),
  person('mark.adams@norfolk.police.uk', 'Mark Adams', 'Norfolk Constabulary', ['jags-facilitators']),
  person('rebecca.stone@nchc.nhs.uk', 'Rebecca Stone', NCHC, ['jags-facilitators']),
  person('tom.reeve@nsft.nhs.uk', 'Tom Reeve', 'Norfolk and Suffolk NHS Foundation Trust', ['jags-facilitators']),
];

const facilitatorLabel = (p: Person) => `${p.name} (${p.organisation})`;

const JAGS_FEEDBACK_DELAY_MS = (90 + 60) * 60_000;
const JAGS_CLOSE_MS = 14 * 86400_000;

/** A session two weeks after each request that proceeded, except the two newest (not arranged yet). */
export const JAGS_SESSIONS: JagsSession[] = JAGS_REQUESTS.filter((r) => r.outcome === 'proceeded')
  .slice(0, -2)
  .map((r, i): JagsSession => {
    const startsAt = zonedToUtc(shiftDate(r.receivedOn, 14), i % 2 ? '14:00' : '10:00', TZ)!;
    const sentAt = startsAt.getTime() + JAGS_FEEDBACK_DELAY_MS;
    const status: JagsSession['status'] = sentAt > JAGS_NOW.getTime() ? 'scheduled' : sentAt + JAGS_CLOSE_MS <= JAGS_NOW.getTime() ? 'closed' : 'open';
    const a = JAGS_FACILITATORS[i % JAGS_FACILITATORS.length];
    const b = JAGS_FACILITATORS[(i + 3) % JAGS_FACILITATORS.length];
    return {
      id: `js-${startsAt.getTime().toString(36)}-${(0x51c0de + i * 0x2b1).toString(16)}`,
      requestId: r.id,
      startsAt: startsAt.toISOString(),
      durationMinutes: 90,
      facilitatorIds: [a.id, b.id],
      participants: Array.from({ length: 5 + (i % 3) }, (_, k) => `participant${k + 1}.${i + 1}@example.nhs.uk`),
      formId: 'jags-feedback',
      status,
      ...(status === 'scheduled' ? {} : { feedbackSentAt: new Date(sentAt).toISOString(), closesAt: new Date(sentAt + JAGS_CLOSE_MS).toISOString() }),
      ...(status === 'closed' ? { closedAt: new Date(sentAt + JAGS_CLOSE_MS).toISOString() } : {}),
      createdAt: `${r.receivedOn}T16:00:00Z`,
    };
  });

const requestOf = (session: JagsSession) => JAGS_REQUESTS.find((r) => r.id === session.requestId)!;

/** The session the summary card is about: Early Childhood and Family Service, 11 February request. */
const SUMMARY_SESSION = JAGS_SESSIONS.find((s) => requestOf(s).receivedOn === '2025-02-11')!;

/** The longest comment the form allows is 2,000 characters; this one is close to it. */
export const JAGS_LONG_COMMENT = [
  'Having the health visitor, the school, the police officer and the family support practitioner in one room, with nobody there to make a decision, meant we could say what worried us and what we had been avoiding.',
  'The facilitators kept bringing us back to what an ordinary day looks like for the child, from getting up to going to bed, and that showed us how little any one of us actually knew.',
  'We noticed that each of us had been waiting for someone else to speak to dad. He has never been invited to a meeting, and we had all assumed that another agency had a reason for that.',
  'It was also the first time I have heard the school talk about how much the attendance work takes out of them, and I think the police officer was surprised by how much the health visitor already knew about the household.',
  'The pace was slower than I expected, and at first I found that frustrating, but the silences were where the useful things were said.',
  'I would have liked a little more time at the end to agree who does what, because the actions were only agreed in the last five minutes and I am not sure everyone wrote them down.',
  'We agreed who will contact dad, how we will share what he says, and that we will meet again in six weeks rather than waiting for the next core group.',
  'I have been qualified for eleven years and this is the first multi-agency meeting I have left feeling less alone with a case rather than more.',
  'Please keep the sessions online as an option: I could not have travelled to Norwich that week, and I suspect others would say the same.',
  'The aide memoire the facilitators used was helpful, and I would like a copy to use in supervision with students.',
  'One suggestion: send everyone a short note beforehand explaining that JAGS is not TACS or a core group, because two of us arrived expecting to present a report.',
].join(' ');
export const JAGS_MARKDOWN_COMMENT = 'Useful session. The **bold** [link](http://x) in the invite did not open for me, so I joined late.';

/** The five answers (of six invited) to the summary session, anonymous. */
const SUMMARY_ANSWERS: Answers[] = [
  { listened: 5, 'safe-space': 5, 'child-centred': 4, 'do-differently': true, 'what-differently': JAGS_LONG_COMMENT },
  { listened: 4, 'safe-space': 4, 'child-centred': 5, 'do-differently': true, 'what-differently': 'Ask the school nurse to join the next review.', 'anything-else': JAGS_MARKDOWN_COMMENT },
  { listened: 5, 'safe-space': 4, 'child-centred': 5, 'do-differently': false, 'anything-else': 'I felt heard, and it felt safe and brave at the same time.' },
  { listened: 3, 'safe-space': 4, 'child-centred': 4, 'do-differently': true, 'what-differently': 'Challenge when a plan has no date on it.' },
  { listened: 5, 'safe-space': 5, 'child-centred': 5, 'do-differently': false },
];

/** Anonymous feedback for every session whose form has gone out: most people answer. */
function feedbackFor(session: JagsSession, index: number): Answers[] {
  if (session.status === 'scheduled') return [];
  if (session.id === SUMMARY_SESSION.id) return SUMMARY_ANSWERS;
  const answered = Math.max(1, session.participants.length - 1 - (index % 2));
  return Array.from({ length: answered }, (_, k): Answers => ({
    listened: 5 - ((index + k) % 3 === 0 ? 1 : 0),
    'safe-space': 4 + ((index + k) % 2),
    'child-centred': 5 - ((index * k) % 3),
    'do-differently': (index + k) % 4 !== 0,
  }));
}

const JAGS_FEEDBACK = new Map(JAGS_SESSIONS.map((s, i) => [s.id, feedbackFor(s, i)]));

/** What Jags.quarter() and quarterView() give for these requests and sessions. */
function quarterSample(quarter: string, form: FormDefinition): QuarterView {
  const range = quarterRange(quarter);
  if (!range) throw new Error(`card-samples: bad quarter ${quarter}`);
  const inRange = (d: string) => d >= range.from && d <= range.to;
  const requests = JAGS_REQUESTS.filter((r) => inRange(r.receivedOn));
  const agencies = new Map<string, number>();
  for (const r of requests) agencies.set(r.agency, (agencies.get(r.agency) ?? 0) + 1);
  const sessions = JAGS_SESSIONS.filter((s) => inRange(zonedParts(new Date(s.startsAt), TZ).date));
  const answers = sessions.flatMap((s) => JAGS_FEEDBACK.get(s.id) ?? []);
  // The last eight financial quarters, newest first (recentQuarters in services/form-views.ts).
  const quarters: QuarterView['quarters'] = [];
  let q = quarterOf(zonedParts(JAGS_NOW, TZ).date);
  for (let i = 0; i < 8; i++) {
    quarters.push({ value: q, title: quarterRange(q)!.label });
    const [y, n] = [Number(q.slice(0, 4)), Number(q.slice(6))];
    q = n === 1 ? `${y - 1}-Q4` : `${y}-Q${n - 1}`;
  }
  return {
    quarter,
    label: range.label,
    quarters,
    requests: requests.length,
    outcomes: (Object.keys(JAGS_OUTCOMES) as JagsOutcome[]).map((k): [string, number] => [JAGS_OUTCOMES[k], requests.filter((r) => r.outcome === k).length]),
    byAgency: [...agencies].map(([agency, count]) => ({ agency, count })).sort((a, b) => b.count - a.count || a.agency.localeCompare(b.agency)),
    sessions: sessions.length,
    invited: sessions.filter((s) => s.status !== 'scheduled').reduce((n, s) => n + s.participants.length, 0),
    answered: answers.length,
    ratings: summarise(form, answers).ratings,
  };
}

/** The JAGS log as jagsHomeView(s) builds it: newest request first. */
function jagsHomeSample(): JagsHomeInput {
  const sorted = [...JAGS_REQUESTS].sort((a, b) => b.receivedOn.localeCompare(a.receivedOn) || b.loggedAt.localeCompare(a.loggedAt));
  return {
    requests: sorted.map((r) => {
      const session = JAGS_SESSIONS.find((s) => s.requestId === r.id);
      return { id: r.id, line: requestLine(r), outcome: `${JAGS_OUTCOMES[r.outcome]}${r.signpostedTo ? `: ${r.signpostedTo}` : ''}`, canLogSession: r.outcome === 'proceeded' && !session, sessionId: session?.id };
    }),
    sessions: [...JAGS_SESSIONS].sort((a, b) => b.startsAt.localeCompare(a.startsAt)).map((x) => ({ id: x.id, line: formatDayDateTime(new Date(x.startsAt), TZ), status: x.status })),
  };
}

// ---------------------------------------------------------------------------
// The Section 11, JAGS and form samples
// ---------------------------------------------------------------------------

function section11Samples(config: AppConfig): CardSample[] {
  const vs = viewServices(config);
  const title = cycleTitle(S11_CYCLE);
  const deadline = deadlineText(vs, S11_CYCLE);
  const orgs2024 = S11_PARTNERS_2024;
  const count = (orgs: S11OrgFixture[], state: ReturnState) => orgs.filter((o) => o.state === state).length;
  const counts = (orgs: S11OrgFixture[]) => ({ submitted: count(orgs, 'submitted'), draft: count(orgs, 'draft'), notStarted: count(orgs, 'not-started') });

  // Everyone on the roster with a Section 11 lead: the partners, and the schools and early years settings.
  const withLeads = [...S11_PARTNERS_2025.map((o) => o.name), 'Trowse Primary', 'Mulberry Nursery', 'City College Norwich']
    .map((name) => ({ key: orgKey(name), name, leads: name === NCHC || name === 'Norfolk Constabulary' ? 2 : 1 }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const tracks = config.partnership.section11.tracks.map((t) => ({ id: t.id, name: t.name }));
  const firstThree = withLeads.slice(0, 3).map((o) => o.key).join(',');

  const ecfsDraft: S11Return = { id: orgKey('Early Childhood and Family Service'), cycleId: S11_CYCLE.id, organisation: 'Early Childhood and Family Service', draft: {}, draftByName: 'Helen Brown', draftAt: '2025-10-14T13:05:00Z' };

  return [
    {
      name: 's11-cycles',
      card: s11CyclesCard(
        [
          { cycle: S11_SCHOOLS_CYCLE, counts: { submitted: 1, draft: 1, notStarted: 1 } },
          { cycle: S11_CYCLE, counts: counts(S11_PARTNERS_2025) },
          { cycle: S11_CYCLE_2024, counts: counts(orgs2024) },
        ].map(({ cycle, counts: c }) => ({ id: cycle.id, title: cycleTitle(cycle), deadline: deadlineText(vs, cycle), open: cycle.status === 'open', counts: c })),
      ),
    },
    { name: 's11-cycles-empty', card: s11CyclesCard([]) },
    {
      name: 's11-open-cycle',
      card: s11OpenCycleCard({ tracks, organisations: withLeads, values: { year: '2025' }, today: '2025-07-14' }),
    },
    {
      name: 's11-open-cycle-errors',
      card: s11OpenCycleCard({
        tracks,
        organisations: withLeads,
        values: { year: '2025', trackId: 'partners', deadline: '2025-07-11', organisations: firstThree },
        errors: { trackId: 'A 2025 cycle for Partner organisations is already open.', deadline: 'The deadline has already passed. Choose a later date.' },
        today: '2025-07-14',
      }),
    },
    { name: 's11-open-cycle-no-leads', card: s11OpenCycleCard({ tracks, organisations: [], values: { year: '2025' }, today: '2025-07-14' }) },
    {
      name: 's11-prompt',
      card: s11PromptCard({ cycleId: S11_CYCLE.id, title, organisation: NCHC, deadline, kind: 's11-prompt', state: returnStateText(vs, undefined), formIntro: config.partnership.forms['s11-partners'].intro }),
    },
    {
      name: 's11-reminder',
      card: s11PromptCard({ cycleId: S11_CYCLE.id, title, organisation: 'Early Childhood and Family Service', deadline, kind: 's11-reminder', state: returnStateText(vs, ecfsDraft) }),
    },
    {
      name: 's11-chase',
      card: s11PromptCard({ cycleId: S11_CYCLE.id, title, organisation: 'The Matthew Project', deadline, kind: 's11-chase', state: returnStateText(vs, undefined) }),
    },
    {
      name: 's11-status-chased',
      card: s11StatusCard({ ...statusSample(S11_CYCLE, S11_PARTNERS_2025, 0), notice: { text: 'Chasing: 15 messages on the way.', tone: 'good' } }),
    },
    { name: 's11-status-page-2', card: s11StatusCard(statusSample(S11_CYCLE, S11_PARTNERS_2025, 1)) },
    {
      name: 's11-status-download',
      card: s11StatusCard({ ...statusSample(S11_CYCLE_2024, orgs2024, 0), downloadUrl: exportUrl('section-11-2024-partners.csv') }),
    },
    {
      name: 's11-mine',
      card: s11MineCard([{ cycleId: S11_CYCLE.id, title, organisation: NCHC, deadline, state: returnStateText(vs, S11_NCHC_DRAFT_RETURN) }]),
    },
    { name: 's11-mine-empty', card: s11MineCard([]) },
  ];
}

function jagsSamples(config: AppConfig): CardSample[] {
  const form = config.partnership.forms['jags-feedback'];
  const home = jagsHomeSample();
  const newest = JAGS_REQUESTS[JAGS_REQUESTS.length - 1];
  const waiting = JAGS_REQUESTS[JAGS_REQUESTS.length - 2];
  const facilitators = JAGS_FACILITATORS.map((p) => ({ id: p.id, label: facilitatorLabel(p) }));
  const openSession = JAGS_SESSIONS.find((s) => s.status === 'open')!;
  const names = (s: JagsSession) => s.facilitatorIds.map((id) => facilitatorLabel(JAGS_FACILITATORS.find((p) => p.id === id)!)).join(' and ');
  const nchc = JAGS_FACILITATORS.filter((p) => p.organisation === NCHC);
  const summary = summarise(form, SUMMARY_ANSWERS);

  return [
    {
      name: 'jags-home',
      card: jagsHomeCard({ ...home, notice: { text: `Logged: ${requestLine(newest)}. Log the session when it is arranged.`, tone: 'good' } }),
    },
    { name: 'jags-home-empty', card: jagsHomeCard({ requests: [], sessions: [] }) },
    { name: 'jags-request-form-empty', card: jagsRequestFormCard({ outcomes: JAGS_OUTCOMES, values: {}, today: '2025-03-24' }) },
    {
      name: 'jags-request-form-errors',
      card: jagsRequestFormCard({
        outcomes: JAGS_OUTCOMES,
        values: { receivedOn: '2025-03-25', agency: 'Norfolk and Norwich University Hospitals', role: 'Consultant paediatrician', outcome: 'signposted', signpostedTo: '' },
        errors: {
          receivedOn: 'The date received cannot be in the future.',
          signpostedTo: 'Say where the request was signposted, e.g. ICB Designated Safeguarding Team.',
        },
        today: '2025-03-24',
      }),
    },
    {
      name: 'jags-session-form',
      card: jagsSessionFormCard({ requestId: waiting.id, requestLine: requestLine(waiting), facilitators, values: {} }),
    },
    {
      name: 'jags-session-form-errors',
      card: jagsSessionFormCard({
        requestId: waiting.id,
        requestLine: requestLine(waiting),
        facilitators,
        values: { date: '2025-04-01', time: '10:30', facilitator1: 'gary.lee@norwich.gov.uk', facilitator2: 'gary.lee@norwich.gov.uk', participants: 'kate.holmes@norwich.gov.uk\nj.smith@nhs\nafia.rahman@nchc.nhs.uk' },
        errors: {
          facilitator2: 'Choose two different facilitators.',
          participants: '"j.smith@nhs" is not an email address. Give one work email a line.',
        },
      }),
    },
    {
      name: 'jags-session-form-no-facilitators',
      card: jagsSessionFormCard({ requestId: waiting.id, requestLine: requestLine(waiting), facilitators: [], values: {} }),
    },
    {
      name: 'jags-session-same-agency',
      card: jagsSessionCard({
        title: `Session for ${requestLine(waiting)}`,
        when: formatDayDateTime(new Date('2025-04-01T09:30:00Z'), TZ),
        facilitators: nchc.map(facilitatorLabel).join(' and '),
        participants: 5,
        unreachable: 0,
        status: 'Not sent yet: goes after the session',
        answered: 0,
        warning: `Both facilitators are from ${NCHC}. The JAGS model asks for two agencies where possible.`,
        notice: 'Session logged. Participants get the feedback form after it ends.',
      }),
    },
    {
      name: 'jags-session-open',
      card: jagsSessionCard({
        title: `Session for ${requestLine(requestOf(openSession))}`,
        when: formatDayDateTime(new Date(openSession.startsAt), TZ),
        facilitators: names(openSession),
        participants: openSession.participants.length,
        unreachable: 1,
        status: `Open, closes ${formatDayDateTime(new Date(openSession.closesAt!), TZ)}`,
        answered: 3,
      }),
    },
    {
      name: 'jags-summary',
      card: jagsSummaryCard({
        title: `session for ${requestOf(SUMMARY_SESSION).agency}`,
        when: formatDayDateTime(new Date(SUMMARY_SESSION.startsAt), TZ),
        ...summary,
        invited: SUMMARY_SESSION.participants.length,
      }),
    },
    { name: 'jags-quarter', card: jagsQuarterCard(quarterSample('2024-Q4', form)) },
    {
      name: 'jags-export',
      card: jagsExportCard([
        { title: 'jags-requests.csv', url: exportUrl('jags-requests.csv') },
        { title: 'jags-sessions.csv', url: exportUrl('jags-sessions.csv') },
        { title: 'jags-feedback.csv', url: exportUrl('jags-feedback.csv') },
      ]),
    },
  ];
}

/**
 * The forms as the bot sends them: the real default forms from config/norfolk.json, with the
 * real verbs and the data the handlers put on each button, and the context (title, due date,
 * "last changed by") worded as bot/handlers/section11.ts and bot/handlers/jags.ts word it.
 * One sample per section of each Section 11 form, so each is proven to render under the limit.
 */
function formCardSamples(config: AppConfig): CardSample[] {
  const vs = viewServices(config);
  const forms = config.partnership.forms;
  const partners = forms['s11-partners'];
  const schools = forms['s11-schools-early-years'];
  const jags = forms['jags-feedback'];

  const s11Data = { cycleId: S11_CYCLE.id };
  const s11Context = (cycle: S11Cycle, organisation: string, ret: S11Return | undefined, banner?: FormCardContext['banner']): FormCardContext => ({
    title: `${cycleTitle(cycle)}: ${organisation}`,
    subtitle: `Due by the end of ${deadlineText(vs, cycle)}`,
    lastChanged: returnStateText(vs, ret),
    ...(banner ? { banner } : {}),
  });
  const nchcSection = (sectionIndex: number, extra: { answers?: Answers; errors?: Record<string, string>; banner?: FormCardContext['banner'] } = {}) =>
    formSectionCard({
      form: partners,
      sectionIndex,
      answers: extra.answers ?? S11_NCHC_DRAFT,
      errors: extra.errors,
      context: s11Context(S11_CYCLE, NCHC, S11_NCHC_DRAFT_RETURN, extra.banner),
      verbs: S11_FORM_VERBS,
      data: s11Data,
      canSubmit: true,
    });

  // A submit with a required answer missing: Section11.submit() sends the lead back to the first
  // section that needs one (FormIncompleteError), with this wording beside each.
  const withoutVoice: Answers = Object.fromEntries(Object.entries(S11_NCHC_DRAFT).filter(([id]) => id !== 'voice'));
  const missing = missingRequired(partners, withoutVoice);
  const firstMissing = missing[0]?.sectionId;
  const incompleteErrors = Object.fromEntries(missing.filter((m) => m.sectionId === firstMissing).map((m) => [inputId(m.questionId), 'Answer this question before you submit.']));

  // Trowse Primary, schools and early years track.
  const trowseKey = orgKey('Trowse Primary');
  const trowse: Answers = {
    setting: 'primary',
    dsl: 'Our designated safeguarding lead has half a day a week for the role and termly supervision with the Education Safeguarding Team. Concerns are recorded on CPOMS and reviewed weekly by the DSL and deputy.',
    fcn: 'We invite both parents to every meeting and have started a dads’ breakfast once a term.',
  };
  const trowseRet: S11Return = { id: trowseKey, cycleId: S11_SCHOOLS_CYCLE.id, organisation: 'Trowse Primary', draft: trowse, draftByName: 'Stuart Odell', draftAt: '2025-10-09T15:45:00Z' };
  const schoolSection = (sectionIndex: number) =>
    formSectionCard({
      form: schools,
      sectionIndex,
      answers: trowse,
      context: s11Context(S11_SCHOOLS_CYCLE, 'Trowse Primary', trowseRet),
      verbs: S11_FORM_VERBS,
      data: { cycleId: S11_SCHOOLS_CYCLE.id },
      canSubmit: true,
    });

  // JAGS feedback, as bot/handlers/jags.ts feedbackFormCard() words it, for the open session.
  const session = JAGS_SESSIONS.find((s) => s.status === 'open')!;
  const jagsContext = (banner?: FormCardContext['banner']): FormCardContext => ({
    title: `JAGS feedback: session on ${formatDayDateTime(new Date(session.startsAt), TZ)}`,
    subtitle: `Anonymous: nothing you type is kept until you submit, and then it is stored with no link to you. Closes ${formatDayDateTime(new Date(session.closesAt!), TZ)}.`,
    ...(banner ? { banner } : {}),
  });
  const jagsTyped: Answers = { listened: 5, 'what-differently': 'Speak to the school before the next core group, not after it.' };

  // Every long answer at its maximum length (a size test): the summary shortens them to stay under the limit.
  const kl = "Borough Council of King's Lynn and West Norfolk";
  const klSeed =
    "Safeguarding is part of the council's induction for every member of staff, including housing officers, licensing and leisure staff. Concerns go to the council's designated safeguarding officers, who refer to the Children's Advice and Duty Service and keep a log that the corporate safeguarding group reviews every quarter.";
  const longest: Answers = Object.fromEntries(
    partners.sections
      .flatMap((s) => s.questions)
      .map((q): [string, AnswerValue] => [q.id, q.kind === 'long-text' ? fillTo(klSeed, q.maxLength ?? 2000) : q.kind === 'yes-no' ? false : 'few']),
  );
  const klRet: S11Return = { id: orgKey(kl), cycleId: S11_CYCLE.id, organisation: kl, submitted: longest, submittedByName: 'Ian Marsh', submittedAt: '2025-11-03T09:15:00Z', late: true };

  // A form a config author could write, with every kind of question in one section.
  const raw = structuredClone(SAMPLE_FORMS_CONFIG['s11-return']);
  const everyKind = validateFormDefinitions({
    'every-kind': { title: 'Every kind of question', sections: [{ id: 'all', title: 'All the question kinds', questions: [...raw.sections[0].questions, ...raw.sections[1].questions] }] },
  })['every-kind'];

  return [
    // Section 11 return, partners track: one sample per section.
    {
      name: 'form-s11-overview-incomplete',
      card: nchcSection(0, {
        answers: withoutVoice,
        errors: incompleteErrors,
        banner: { text: 'Some required questions are not answered yet. They are marked below.', tone: 'attention' },
      }),
    },
    { name: 'form-s11-fcn', card: nchcSection(1) },
    { name: 'form-s11-neglect-saved', card: nchcSection(2, { banner: { text: 'Draft saved. Your co-leads see it too.', tone: 'good' } }) },
    { name: 'form-s11-exploitation', card: nchcSection(3) },
    { name: 'form-s11-other', card: nchcSection(4) },
    // Schools and early years track.
    { name: 'form-s11-schools-overview', card: schoolSection(0) },
    { name: 'form-s11-schools-priorities', card: schoolSection(1) },
    // What was submitted.
    {
      name: 'form-summary-s11',
      card: formSummaryCard({
        form: partners,
        answers: S11_NCHC_SUBMITTED,
        context: s11Context(S11_CYCLE, NCHC, S11_NCHC_SUBMITTED_RETURN, { text: 'Submitted. Thank you.', tone: 'good' }),
        edit: { verb: VERBS.s11Edit, data: s11Data, title: 'Edit the return' },
      }),
    },
    {
      name: 'form-summary-s11-longest',
      card: formSummaryCard({
        form: partners,
        answers: longest,
        context: s11Context(S11_CYCLE, kl, klRet, { text: 'Submitted after the deadline: it has been accepted and marked late. Thank you.', tone: 'warning' }),
        edit: { verb: VERBS.s11Edit, data: s11Data, title: 'Edit the return' },
      }),
    },
    // JAGS participant feedback.
    {
      name: 'form-jags-feedback',
      card: formSectionCard({ form: jags, sectionIndex: 0, answers: {}, context: jagsContext(), verbs: JAGS_FORM_VERBS, data: { sessionId: session.id }, canSubmit: true }),
    },
    {
      name: 'form-jags-feedback-incomplete',
      card: formSectionCard({
        form: jags,
        sectionIndex: 0,
        answers: jagsTyped,
        errors: Object.fromEntries(['safe-space', 'child-centred', 'do-differently'].map((id) => [inputId(id), 'Answer this question before you submit.'])),
        context: jagsContext({ text: 'Some required questions are not answered yet. They are marked below.', tone: 'attention' }),
        verbs: JAGS_FORM_VERBS,
        data: { sessionId: session.id },
        canSubmit: true,
      }),
    },
    {
      name: 'form-summary-jags',
      card: formSummaryCard({
        form: jags,
        answers: SUMMARY_ANSWERS[1],
        context: {
          title: 'JAGS feedback sent',
          subtitle: formatDayDateTime(new Date(session.startsAt), TZ),
          banner: { text: 'Thank you. Your answers were stored anonymously; facilitators see only the collated results.', tone: 'good' },
        },
      }),
    },
    {
      name: 'form-section-every-kind',
      card: formSectionCard({ form: everyKind, sectionIndex: 0, answers: S11_ANSWERS, context: { title: 'Every kind of question' }, verbs: S11_FORM_VERBS, data: s11Data, canSubmit: true }),
    },
  ];
}
