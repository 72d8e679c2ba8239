import assert from 'node:assert/strict';
import { meetingListCard } from '../../adaptive-cards/features/meetings/meeting-list.js';
import { meetingView } from '../../services/features/meetings/meeting-view.js';
import { testConfig } from '../support/services.js';
import { formSectionCard, formSummaryCard } from '../../adaptive-cards/form-section.js';
import { VERBS } from '../support/verbs.js';
import { inputId, type Answers } from '../../services/forms/answers.js';
import { PRACTICE_NOTE } from '../../services/forms/definition.js';
import { JAGS_OUTCOMES } from '../../services/features/jags/jags.js';
import { orgKey } from '../../services/features/section11/section11.js';
import { STATUS_PAGE_SIZE } from '../../services/campaigns/campaigns.js';
import { TEAMS_MAX_CARD_BYTES, formatCardIssues, startCardRenderer, type CardRenderer, type RenderResult } from '../support/card-renderer.js';
import { PRIVACY_DOWNLOAD_URL, PRIVACY_EMAIL } from '../support/privacy-card-samples.js';
import { PRIVACY_VERBS } from '../../adaptive-cards/features/privacy/verbs.js';
import { NEWSLETTER_VERBS as NV } from '../../adaptive-cards/features/newsletter/verbs.js';
import { NEWSLETTER_IMAGE, NEWSLETTER_ISSUE, NEWSLETTER_TITLE } from '../support/newsletter-card-samples.js';
import { checkCompose, composeValues, FIELD as NF, ISSUE_TEXT_BUDGET_BYTES } from '../../services/features/newsletter/compose.js';
import { LIMITS, LINK_SLOTS, SECTION_SLOTS } from '../../services/features/newsletter/issue.js';
import { issueView } from '../../services/features/newsletter/views.js';
import { composeCard, issueListCard } from '../../adaptive-cards/features/newsletter/compose-card.js';
import { issueCard, myIssuesCard } from '../../adaptive-cards/features/newsletter/issue-card.js';
import {
  DEPUTY_NAME,
  JAGS_FACILITATORS,
  JAGS_LONG_COMMENT,
  JAGS_MARKDOWN_COMMENT,
  JAGS_REQUESTS,
  JAGS_SESSIONS,
  S11_CYCLE,
  S11_CYCLE_2024,
  S11_KEEP_BUILDING,
  S11_NCHC_DRAFT,
  S11_NCHC_SUBMITTED,
  S11_PARTNERS_2025,
  S11_SCHOOLS_CYCLE,
  SAMPLE_PUBLIC_BASE_URL,
  SOUTH_AGENDA,
  SOUTH_JOIN_URL,
  cardSamples,
  sampleConfig,
  type CardSample,
} from '../support/card-samples.js';

/**
 * Every card the bot sends, built with realistic data through the real builders, rendered by
 * the official Adaptive Cards renderer in headless Chromium: zero errors, under Teams' size
 * limit, and showing what that card is for.
 */

type Json = Record<string, unknown>;
type Check = (r: RenderResult, card: Json) => void;

const SOUTH_WHEN = 'Friday 23 May 2025, 10:30';
const MEETING_INPUTS = ['groupId', 'date', 'time', 'mode', 'joinUrl', 'venue', 'agenda'];

function shows(r: RenderResult, ...texts: string[]): void {
  for (const t of texts) assert.ok(r.allText.includes(t), `expected the card to show "${t}"; it shows:\n${r.allText}`);
}

function hides(r: RenderResult, ...texts: string[]): void {
  for (const t of texts) assert.ok(!r.allText.includes(t), `expected the card not to show "${t}"; it shows:\n${r.allText}`);
}

/** Titles of the actions in order, including ShowCard contents (depth first). */
function titles(r: RenderResult, expected: string[]): void {
  assert.deepEqual(r.actionTitles, expected, `action titles:\n${r.actionTitles.join(' / ')}`);
}

function inputs(r: RenderResult, expected: string[]): void {
  assert.deepEqual(r.inputIds, expected);
}

/** Every object in the card JSON, depth first. */
function nodes(value: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(value)) for (const v of value) nodes(v, out);
  else if (value && typeof value === 'object') {
    out.push(value as Json);
    for (const v of Object.values(value)) nodes(v, out);
  }
  return out;
}

function input(card: Json, id: string): Json {
  const found = nodes(card).find((n) => typeof n.type === 'string' && n.type.startsWith('Input.') && n.id === id);
  assert.ok(found, `no input "${id}" in the card`);
  return found;
}

function action(r: RenderResult, title: string) {
  const found = r.actions.find((a) => a.title === title);
  assert.ok(found, `no action titled "${title}"; titles: ${r.actionTitles.join(' / ')}`);
  return found;
}

function showsSouthMeeting(r: RenderResult): void {
  shows(r, SOUTH_WHEN, 'LSCG South', 'Online (Teams)', ...SOUTH_AGENDA);
}

const RSVP_TITLES = ['Attending', 'Apologies', 'Sending a deputy', 'Send'];

const S11_TITLE = 'Section 11 return 2025 (Partner organisations)';
const S11_OPEN_INPUTS = ['year', 'trackId', 'deadline', 'organisations'];

function opensTheReturn(r: RenderResult): void {
  titles(r, ['Open the return']);
  assert.equal(action(r, 'Open the return').verb, VERBS.s11Return);
  assert.deepEqual(action(r, 'Open the return').data, { cycleId: S11_CYCLE.id });
}

/** Any form card: no input isRequired (a draft must be savable), every button sends what was typed. */
function formButtonsCarryInputs(card: Json): void {
  assert.ok(!nodes(card).some((n) => n.isRequired === true), 'no input may be isRequired: drafts must be savable');
  for (const a of nodes(card).filter((n) => n.type === 'Action.Execute')) assert.equal(a.associatedInputs, 'auto', 'every form button carries what was typed');
}

/** One section of Norfolk Community Health and Care's 2025 return (partners track, 5 sections). */
function s11Section(r: RenderResult, card: Json, index: number, inputIds: string[]): void {
  shows(r, `${S11_TITLE}: Norfolk Community Health and Care`, 'Due by the end of Friday 31 October 2025', 'Draft: last changed by Helen Bradley on Friday 17 October 2025, 10:20.');
  inputs(r, inputIds);
  formButtonsCarryInputs(card);
  const sectionId = ['overview', 'fcn', 'neglect', 'exploitation', 'other'][index];
  const data = { cycleId: S11_CYCLE.id, sectionId };
  assert.equal(action(r, 'Save draft').verb, VERBS.s11Save);
  assert.deepEqual(action(r, 'Save draft').data, data);
  if (index > 0) {
    assert.equal(action(r, 'Back').verb, VERBS.s11Navigate);
    assert.deepEqual(action(r, 'Back').data, { ...data, to: index - 1 });
  }
  if (index < 4) {
    assert.equal(action(r, 'Next').verb, VERBS.s11Navigate);
    assert.deepEqual(action(r, 'Next').data, { ...data, to: index + 1 });
  }
}

const JAGS_HOME_ACTIONS: Array<[string, string]> = [
  ['Log a request', VERBS.jagsRequestForm],
  ['Quarterly summary', VERBS.jagsQuarter],
  ['Export CSV', VERBS.jagsExport],
  ['Back to the menu', VERBS.menu],
];
const JAGS_REQUEST_INPUTS = ['receivedOn', 'agency', 'role', 'outcome', 'signpostedTo'];
const JAGS_SESSION_INPUTS = ['date', 'time', 'facilitator1', 'facilitator2', 'participants'];
const JAGS_FEEDBACK_INPUTS = ['q.listened', 'q.safe-space', 'q.child-centred', 'q.do-differently', 'q.what-differently', 'q.anything-else'];

/** The JAGS feedback form for the session on Tuesday 18 March 2025 (still open). */
function jagsFeedback(r: RenderResult, card: Json): void {
  shows(r, 'JAGS feedback: session on Tuesday 18 March 2025, 14:00', 'Anonymous: nothing you type is kept until you submit, and then it is stored with no link to you. Closes Tuesday 1 April 2025, 17:30.');
  inputs(r, JAGS_FEEDBACK_INPUTS);
  // No "Save draft": an anonymous form keeps nothing on the server before submit.
  titles(r, ['Submit']);
  formButtonsCarryInputs(card);
  const session = JAGS_SESSIONS.find((s) => s.startsAt === '2025-03-18T14:00:00.000Z');
  assert.ok(session);
  assert.equal(action(r, 'Submit').verb, VERBS.jagsFeedbackSubmit);
  assert.deepEqual(action(r, 'Submit').data, { sessionId: session.id, sectionId: 'feedback' });
}

const STATUS_PAGES = Math.ceil(S11_PARTNERS_2025.length / STATUS_PAGE_SIZE);
/** The order the status card lists organisations in: not started, then drafts, then submitted. */
function statusOrder<T extends { name: string; state: string }>(orgs: T[]): T[] {
  const rank: Record<string, number> = { 'not-started': 0, draft: 1, submitted: 2 };
  return [...orgs].sort((a, b) => rank[a.state] - rank[b.state] || a.name.localeCompare(b.name));
}

const CHECKS: Record<string, Check> = {
  'menu-member': (r) => {
    shows(r, 'Hello Ros. What would you like to do?');
    hides(r, 'Business unit tasks');
    titles(r, ['My upcoming meetings (2)']);
    assert.equal(action(r, 'My upcoming meetings (2)').verb, VERBS.myMeetings);
  },
  'menu-business-unit': (r) => {
    shows(r, 'Hello Mark', 'Business unit tasks');
    titles(r, ['My upcoming meetings (4)', 'Schedule a meeting', 'LSCG meetings', 'People and groups', 'Section 11 returns', 'JAGS']);
    assert.equal(action(r, 'Schedule a meeting').verb, VERBS.meetingNewForm);
    assert.equal(action(r, 'Section 11 returns').verb, VERBS.s11Cycles);
    assert.equal(action(r, 'JAGS').verb, VERBS.jagsHome);
    assert.equal(action(r, 'People and groups').verb, VERBS.rosterForm);
  },
  'menu-welcome': (r) => {
    shows(r, 'Hello Stuart, welcome to NSCP Engage', 'Attending, Apologies or Sending a deputy');
    titles(r, ['My upcoming meetings (1)']);
  },
  'menu-not-on-roster': (r) => {
    shows(r, 'Sorry, I did not understand that', 'You are not on a group list (such as an LSCG) yet');
    titles(r, ['My upcoming meetings']);
  },
  message: (r) => {
    shows(r, 'Reply not saved', 'You are not on the list of members for this meeting');
    titles(r, ['Back to the menu']);
    assert.equal(action(r, 'Back to the menu').verb, VERBS.menu);
  },
  'not-allowed': (r) => {
    shows(r, 'only for Norfolk Safeguarding Children Partnership partners', 'Nothing about you has been stored');
    titles(r, []);
  },
  'meeting-form-empty': (r, card) => {
    shows(r, 'Schedule an LSCG meeting', 'LSCG South', 'LSCG Great Yarmouth', 'Online (Teams)', 'In person', 'Joint meeting of all LSCGs');
    hides(r, 'Neglect champions', 'Please fix');
    inputs(r, MEETING_INPUTS);
    titles(r, ['Schedule meeting', 'Back to the menu']);
    assert.equal(action(r, 'Schedule meeting').verb, VERBS.meetingSchedule);
    assert.equal(input(card, 'mode').value, 'online');
    assert.equal(input(card, 'date').min, '2025-05-16');
    assert.equal(input(card, 'groupId').value, undefined);
  },
  'meeting-form-errors': (r, card) => {
    shows(
      r,
      'Please fix the items marked below. Nothing has been saved yet.',
      'That date and time has already passed.',
      'An in-person meeting needs its venue.',
      'The join link must be the https:// link',
    );
    inputs(r, MEETING_INPUTS);
    // Everything typed is kept.
    assert.equal(input(card, 'groupId').value, 'lscg-south');
    assert.equal(input(card, 'date').value, '2025-03-21');
    assert.equal(input(card, 'time').value, '10:30');
    assert.equal(input(card, 'mode').value, 'in-person');
    assert.match(String(input(card, 'joinUrl').value), /^teams\.microsoft\.com\/l\/meetup-join\//);
    assert.equal(input(card, 'agenda').value, SOUTH_AGENDA.join('\n'));
  },
  'meeting-form-editing': (r, card) => {
    shows(r, 'Change an LSCG meeting');
    inputs(r, MEETING_INPUTS);
    titles(r, ['Save changes', 'Back']);
    assert.deepEqual(action(r, 'Save changes').data, { meetingId: 'mtg-south-2025-05-23' });
    assert.equal(action(r, 'Save changes').verb, VERBS.meetingEdit);
    assert.equal(input(card, 'date').value, '2025-05-23');
    assert.equal(input(card, 'time').value, '10:30');
    assert.equal(input(card, 'joinUrl').value, SOUTH_JOIN_URL);
    assert.equal(input(card, 'agenda').value, SOUTH_AGENDA.join('\n'));
  },
  'meeting-admin-notice': (r) => {
    shows(r, `LSCG South: ${SOUTH_WHEN}`, 'Saved. Members who were reminded will see the change.', '8 members invited; 6 can be reached in Teams', 'attending 3, sending a deputy 1, apologies 1');
    showsSouthMeeting(r);
    titles(r, ['Attendance', 'Change', 'Cancel meeting', 'Upcoming meetings']);
    assert.equal(action(r, 'Cancel meeting').verb, VERBS.meetingCancelAsk);
  },
  'meeting-admin-cancelled': (r) => {
    shows(r, 'Cancelled. Members who were reminded are being told.');
    assert.ok(!r.text.includes('This meeting is cancelled.'), 'one cancellation banner, not two');
    titles(r, ['Upcoming meetings']);
  },
  'meeting-cancel-confirm': (r) => {
    shows(r, `Cancel LSCG South on ${SOUTH_WHEN}?`, '6 members have already been reminded');
    titles(r, ['Yes, cancel the meeting', 'No, keep it']);
    assert.equal(action(r, 'Yes, cancel the meeting').verb, VERBS.meetingCancel);
  },
  'meeting-list-admin': (r) => {
    shows(
      r,
      'Upcoming LSCG meetings',
      `LSCG South: ${SOUTH_WHEN}`,
      'LSCG West: Friday 6 June 2025, 10:00',
      "In person, King's Lynn Town Hall",
      'LSCG Breckland: Friday 13 June 2025, 10:30',
      'All LSCGs (joint meeting): Friday 14 November 2025, 09:30',
      'Attending 3 · Deputy 1 · Apologies 1 · No reply 3',
    );
    const opens = r.actions.filter((a) => a.title?.startsWith('Open '));
    assert.deepEqual(opens.map((a) => a.title).slice(0, 1), [`Open LSCG South, ${SOUTH_WHEN}`]);
    // 4 upcoming and the sample's 2 recent meetings, each opened by its own titled button.
    assert.equal(opens.length, 6);
    assert.ok(opens.every((a) => a.verb === VERBS.meetingAdmin));
    assert.ok(r.actionTitles.includes('Schedule a meeting'));
  },
  'meeting-list-member': (r) => {
    shows(r, 'Your upcoming meetings', `LSCG South: ${SOUTH_WHEN}`, 'Your reply: Attending', 'You have not replied yet');
    const opens = r.actions.filter((a) => a.title?.startsWith('Open '));
    assert.deepEqual(opens.map((a) => a.title).slice(0, 1), [`Open LSCG South, ${SOUTH_WHEN}`]);
    assert.equal(opens.length, 2);
    assert.ok(opens.every((a) => a.verb === VERBS.meetingOpen));
    assert.ok(!r.actionTitles.includes('Schedule a meeting'));
  },
  'meeting-list-member-deputy': (r) => {
    shows(r, `Your reply: Sending a deputy (${DEPUTY_NAME})`);
  },
  'meeting-list-empty': (r) => {
    shows(r, 'You have no upcoming LSCG meetings.');
    titles(r, ['Back to the menu']);
  },
  'meeting-list-admin-empty': (r) => {
    shows(r, 'No meetings are scheduled.');
    titles(r, ['Schedule a meeting', 'Attendance for the year', 'Back to the menu']);
    assert.equal(action(r, 'Attendance for the year').verb, VERBS.meetingsYear);
  },
  'reminder-unanswered': (r) => {
    shows(r, 'LSCG South meeting in 7 days', 'NSCP Local Safeguarding Children Group', 'Will you be there?', 'Who is your deputy?');
    showsSouthMeeting(r);
    titles(r, [...RSVP_TITLES, 'Join the meeting']);
    assert.equal(action(r, 'Join the meeting').url, SOUTH_JOIN_URL);
    assert.deepEqual(action(r, 'Attending').data, { meetingId: 'mtg-south-2025-05-23', response: 'attending' });
    assert.deepEqual(action(r, 'Apologies').data, { meetingId: 'mtg-south-2025-05-23', response: 'apologies' });
    assert.equal(action(r, 'Sending a deputy').type, 'Action.ShowCard');
    assert.deepEqual(action(r, 'Send').data, { meetingId: 'mtg-south-2025-05-23', response: 'deputy' });
    inputs(r, ['deputyName']);
  },
  'reminder-answered-deputy': (r, card) => {
    shows(r, `Your reply: Sending a deputy (${DEPUTY_NAME})`, 'Sent Friday 16 May 2025, 09:12');
    hides(r, 'Will you be there?');
    showsSouthMeeting(r);
    titles(r, ['Change my reply', ...RSVP_TITLES, 'Join the meeting']);
    assert.equal(input(card, 'deputyName').value, DEPUTY_NAME);
  },
  'reminder-answered-attending': (r) => {
    shows(r, 'Your reply: Attending', 'Sent Friday 16 May 2025, 13:47');
    titles(r, ['Change my reply', ...RSVP_TITLES, 'Join the meeting']);
  },
  'reminder-error': (r, card) => {
    shows(r, 'Your reply could not be saved just now', 'Will you be there?');
    showsSouthMeeting(r);
    titles(r, [...RSVP_TITLES, 'Join the meeting']);
    assert.equal(input(card, 'deputyName').value, DEPUTY_NAME);
  },
  'reminder-changed': (r) => {
    shows(r, 'LSCG South meeting tomorrow', 'Updated on Tuesday 20 May 2025: check the details below.', 'Friday 23 May 2025, 11:00', 'Your reply: Attending');
    hides(r, SOUTH_WHEN);
    titles(r, ['Change my reply', ...RSVP_TITLES, 'Join the meeting']);
  },
  'reminder-cancelled': (r) => {
    shows(r, 'This meeting has been cancelled.', SOUTH_WHEN);
    hides(r, 'Your reply', 'Will you be there?');
    titles(r, []);
    inputs(r, []);
  },
  'meeting-cancelled': (r) => {
    shows(r, 'Cancelled: LSCG South meeting', `The meeting on ${SOUTH_WHEN} has been cancelled. No reply is needed.`);
    titles(r, []);
  },
  'meeting-changed': (r) => {
    shows(r, 'Changed: LSCG South meeting', 'The meeting is now on Friday 23 May 2025, 11:00.', ...SOUTH_AGENDA);
    titles(r, ['Join the meeting', 'Reply or change my reply']);
    assert.equal(action(r, 'Reply or change my reply').verb, VERBS.meetingOpen);
  },
  attendance: (r) => {
    shows(
      r,
      'Attendance: LSCG South',
      SOUTH_WHEN,
      'Attending 3 · Sending a deputy 1 · Apologies 1 · No reply 1 · Not reachable 2',
      'Attending (3)',
      'Sending a deputy (1)',
      'Apologies (1)',
      'No reply (1)',
      'Not reachable in Teams (2)',
      `Louise Cowell, Probation → deputy: ${DEPUTY_NAME}`,
      'Stuart Odell, Trowse Primary',
      'Josie Wells, Norfolk County Council',
      'Nicola Arnup, HCS (blocked)',
      'Sam Mason, MTM (not installed)',
    );
    // The per-organisation table: a header row and one row per organisation (7).
    assert.match(r.html, /role="table"/);
    assert.equal((r.html.match(/role="columnheader"/g) ?? []).length, 6);
    assert.equal((r.html.match(/role="row"/g) ?? []).length, 8);
    shows(r, 'Organisation\nAttend\nDeputy\nApols\nNo reply\nUnreach.', 'Norfolk County Council\n1\n0\n0\n1\n0', 'Probation\n0\n1\n0\n0\n0');
    titles(r, ['Refresh', 'Back to the meeting']);
  },
  'attendance-empty': (r) => {
    shows(r, 'Attendance: LSCG West', 'Nobody is on this group yet.');
    assert.doesNotMatch(r.html, /role="table"/);
  },
  // Teams meetings: attendance from Teams' report beside the replies, and the yearly figures.
  'attendance-teams': (r) => {
    shows(
      r,
      'Attendance from Teams (fetched Friday 23 May 2025, 12:30): 3 of 8 members joined, and 2 others.',
      'Helen Bradley, NCHC · joined, 1 h 49 min',
      'Helen Brown, Norfolk County Council · did not join',
      'Replied attending but did not join (1)',
      'Joined without replying (1)',
      'Josie Wells, Norfolk County Council: 1 h 6 min',
      "Joined, not on this group's list of members (2)",
      'Kim Grant (not on the roster): 1 h 48 min',
      'Alex Turner (not on the roster): 25 min',
    );
    hides(r, 'Stuart Odell, Trowse Primary · did not join', 'Nicola Arnup, HCS (blocked) · did not join');
    titles(r, ['Refresh', 'Fetch attendance again', 'Back to the meeting']);
    assert.equal(action(r, 'Fetch attendance again').verb, VERBS.meetingAttendanceFetch);
  },
  'attendance-teams-waiting': (r) => {
    shows(r, 'Teams has not produced the attendance report yet. The bot looks again on Friday 23 May 2025, 12:30.');
    hides(r, 'Replied attending but did not join', 'did not join');
  },
  'attendance-teams-policy-missing': (r) => {
    shows(r, 'New-CsApplicationAccessPolicy, then Grant-CsApplicationAccessPolicy', 'OnlineMeetingArtifact.Read.All', 'The bot tries again on Friday 23 May 2025, 12:30; nothing already stored is lost.');
    titles(r, ['Refresh', 'Fetch attendance again', 'Back to the meeting']);
  },
  'meeting-admin-invitation-failed': (r) => {
    shows(r, 'Outlook invitation not sent: The bot may not use the calendar of lscg-meetings@norfolk.gov.uk.', 'Calendars.ReadWrite', 'New-ApplicationAccessPolicy', 'The meeting itself is saved in the bot.');
    titles(r, ['Try the invitation again', 'Attendance', 'Change', 'Cancel meeting', 'Upcoming meetings']);
    assert.equal(action(r, 'Try the invitation again').verb, VERBS.meetingInvitationRetry);
  },
  'meetings-year': (r, card) => {
    shows(r, 'LSCG attendance 2024–25', 'Reporting year: 1 April 2024 to 31 March 2025, meetings already held.', 'By LSCG', 'By organisation', 'LSCG South\n6\n');
    assert.match(r.allText, /\*\*35\*\* meetings held|35 meetings held/);
    inputs(r, ['year']);
    assert.equal(input(card, 'year').value, '2024');
    titles(r, ['Download CSV', 'LSCG meetings', 'Back to the menu', 'Show this year']);
    assert.equal(action(r, 'Show this year').verb, VERBS.meetingsYear);
    assert.match(action(r, 'Download CSV').url ?? '', /\/exports\//);
  },
  'meetings-year-empty': (r) => {
    shows(r, 'LSCG attendance 2025–26', 'No LSCG meetings were held in 2025–26.');
    titles(r, ['LSCG meetings', 'Back to the menu', 'Show this year']);
  },
  'roster-paste-empty': (r, card) => {
    shows(r, 'People and groups', '146 people on the list now.', 'Groups: LSCG South; LSCG West', 'Rows to import');
    inputs(r, ['rows']);
    titles(r, ['Check these rows', 'Back to the menu']);
    assert.equal(input(card, 'rows').value, undefined);
  },
  'roster-paste-error': (r, card) => {
    shows(r, 'The rows could not be checked just now. Nothing was changed; please try again.');
    inputs(r, ['rows']);
    assert.match(String(input(card, 'rows').value), /^Email\tName\tOrganisation\tGroups\nhelen\.bradley@nchc\.nhs\.uk\t/);
  },
  'roster-preview-problems': (r) => {
    shows(
      r,
      'Check the import',
      'To add\n3',
      'To update\n1',
      'Left alone (no change)\n1',
      'Rows with problems\n4',
      'Rows with problems will be skipped.',
      'Row 7: "helen.brown(at)norfolk.gov.uk" is not an email address.',
      'Row 8: No organisation',
      'Row 9: Unknown group "LSCG Sth"',
      'Row 10: Duplicate: helen.bradley@nchc.nhs.uk is already on row 2.',
    );
    titles(r, ['Import 4 people', 'Paste again']);
    assert.deepEqual(action(r, 'Import 4 people').data, { importId: 'imp-2025-05-12-0915' });
    assert.equal(action(r, 'Import 4 people').verb, VERBS.rosterApply);
  },
  'roster-preview-nothing': (r) => {
    shows(r, 'Left alone (no change)\n2', 'Nothing to change.');
    titles(r, ['Paste again']);
  },
  'roster-applied': (r) => {
    shows(r, 'Import done', 'Added 3, updated 1, left 1 alone. 149 people on the list now.');
    titles(r, ['Import more', 'Back to the menu']);
  },

  // Entra groups and the app installed for people (adaptive-cards/features/people)
  'roster-paste-entra': (r) => {
    shows(r, 'Following Entra groups: LSCG South.', 'A refresh from Entra is waiting for you to check (1 group).');
    titles(r, ['Check these rows', 'Refresh from Entra', 'App installations', 'Back to the menu']);
    assert.equal(action(r, 'Refresh from Entra').verb, VERBS.entraRefresh);
  },
  'entra-refresh': (r) => {
    shows(
      r,
      'Check the refresh from Entra',
      'Nothing on the list changes until you apply it.',
      'Join the group (already on the list)\n1',
      'New to the list, in the group\n1',
      'Leave the group\n1',
      'Sam New (sam.new@norfolk.gov.uk)',
      'Stuart Odell: their address is not one of the tenant\'s domains',
      'Entra has no group with the id 0f6e1c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5c (set for LSCG West).',
      'cannot be read from the partnership\'s Entra groups',
    );
    titles(r, ['Apply these changes', 'Discard', 'Back to People and groups']);
    assert.deepEqual(action(r, 'Apply these changes').data, { refreshes: [{ groupId: 'lscg-south', preparedAt: '2026-03-02T06:00:00.000Z' }] });
    assert.deepEqual(action(r, 'Discard').data, { refreshes: [{ groupId: 'lscg-south', preparedAt: '2026-03-02T06:00:00.000Z' }] }, 'Discard, like Apply, names the reads it was shown');
  },
  'entra-refresh-nothing-waiting': (r) => {
    shows(r, 'No refresh from Entra is waiting.');
    titles(r, ['Back to People and groups']);
  },
  'entra-applied': (r) => {
    shows(r, 'Changes from Entra applied', 'LSCG South: 2 joined (1 new to the list), 1 left', '147 people on the list now.');
    titles(r, ['Back to People and groups', 'Back to the menu']);
  },
  'entra-reading': (r) => {
    shows(r, 'Refresh from Entra', 'Reading 2 groups from Entra… The changes will arrive in this chat when it ends. Nothing on the list changes until you apply them.');
    titles(r, ['Back to People and groups', 'Back to the menu']);
  },
  'entra-discarded': (r) => {
    shows(r, 'Refresh discarded', 'Nothing on the list was changed.');
    titles(r, ['Back to People and groups', 'Back to the menu']);
  },
  'app-installs': (r) => {
    shows(r, 'App installed for people who never opened it', 'Meeting reminder: LSCG South, Friday 6 March 2026, 10:30, sent Monday 2 March 2026, 06:00', 'Installed now\n1', 'Installed, waiting for Teams to confirm\n1', 'Omar Khan', 'Already had it\n1', 'Cannot be installed\n1', 'Failed\n1', 'Stuart Odell: They use Teams in another organisation\'s tenant', 'Ros Cutts: Microsoft Graph had a problem (503).');
    titles(r, ['Back to People and groups', 'Back to the menu']);
  },

  // Newsletters (adaptive-cards/features/newsletter)
  'newsletter-list': (r) => {
    shows(r, 'Newsletters and updates', 'Learning from reviews: out-of-county SPRs', 'Scheduled · goes Monday 1 September 2025, 09:00', NEWSLETTER_TITLE);
    titles(r, ['Compose a new issue', 'Back to the menu', 'Open the draft', 'Open', 'Open the report']);
    assert.deepEqual(r.actions.filter((a) => a.verb === NV.newsletterOpen).map((a) => (a.data as { issueId?: string }).issueId), ['nl-2025-08-20-1a2b3c4d', 'nl-2025-07-14-5e6f7a8b', NEWSLETTER_ISSUE.id], 'a visible button on each row');
  },
  'newsletter-compose-empty': (r, card) => {
    shows(r, 'Compose a newsletter or update', 'Up to 4 sections, each a heading, text and an optional link.', 'Up to 3 buttons under the issue');
    assert.ok(r.inputIds.includes(NF.text(4)) && !r.inputIds.includes(NF.text(5)), 'four section slots');
    assert.equal(input(card, NF.ask).value, 'read-cascade');
    assert.ok((input(card, NF.audience).choices as Json[]).some((c) => c.title === 'Everyone who has the app'));
    assert.deepEqual((input(card, NF.formId).choices as Json[]).map((c) => c.value), ['neglect-toolkit-survey']);
    assert.equal(input(card, NF.formId).label, 'Which form (only used when you choose "A form" above)', 'plainly not needed otherwise');
    titles(r, ['Send now…', 'Schedule…', 'Back', 'Save the draft', 'Preview it in my chat']);
    assert.equal(action(r, 'Send now…').verb, NV.newsletterConfirmSend, 'sending starts with a confirmation');
    assert.deepEqual((input(card, NF.ask).choices as Json[]).map((c) => c.title), ['Nothing', 'Read it', 'Read it, and whether they cascaded it', 'A form'], 'short enough to stay whole on a narrow card');
    assert.equal(action(r, 'Back').verb, NV.newsletterList);
  },
  'newsletter-compose-errors': (r, card) => {
    shows(r, 'Please fix the items marked below. Nothing has been sent yet.', 'The image address must be a web address starting with https://', 'Choose who it goes to', 'Write section 4\'s text, or clear its heading and link.');
    assert.equal(input(card, NF.imageUrl).value, 'http://intranet/neglect.png', 'what was typed is kept');
    assert.match(String(input(card, NF.text(1)).value), /intergenerational neglect/);
  },
  'newsletter-compose-scheduled': (r) => {
    shows(r, 'Scheduled newsletter', 'Scheduled to go on Tuesday 3 June 2025, 09:00 (UK time). Saving keeps the schedule.');
    titles(r, ['Send now…', 'Schedule…', 'Cancel the scheduled send', 'Back', 'Save the draft', 'Preview it in my chat']);
  },
  'newsletter-edit': (r) => {
    shows(r, 'Edit the sent issue', 'Saving updates the 310 cards already in people\'s chats.', 'These stay as sent.');
    assert.ok(!r.inputIds.includes(NF.audience), 'the audience cannot change after sending');
    titles(r, ['Save and update 310 cards', 'Back to the report']);
  },
  'newsletter-confirm-send': (r) => {
    shows(r, 'Send this issue now?', 'To: Neglect champions, LSCG South', '312 people in the audience: it will reach 298 in Teams. 14 cannot be reached: 12 do not have the app, 2 blocked it.');
    titles(r, ['Send to 298 people now', 'Back to the draft']);
    assert.equal(action(r, 'Send to 298 people now').verb, NV.newsletterSend);
  },
  'newsletter-confirm-schedule': (r) => {
    titles(r, ['Schedule for Tuesday 3 June 2025, 09:00 to 298 people', 'Back to the draft']);
    assert.deepEqual(action(r, 'Schedule for Tuesday 3 June 2025, 09:00 to 298 people').data, { issueId: 'nl-2025-06-03-7f3a9c21', sendDate: '2025-06-03', sendTime: '09:00' });
  },
  'newsletter-issue': (r, card) => {
    shows(r, NEWSLETTER_TITLE, 'From the NSCP business unit, Tuesday 3 June 2025, 09:00', 'ANOOF bite-size briefing', 'Have you cascaded this to your team?');
    titles(r, ['Read more: ANOOF bite-size briefing', 'Read more: Neglect toolkit', 'Read the full newsletter', 'Book a reflection space', 'Read it', 'Yes, I have cascaded it', 'Not yet']);
    assert.ok(nodes(card).some((n) => n.type === 'Image' && n.url === NEWSLETTER_IMAGE));
  },
  'newsletter-issue-answered': (r) => {
    shows(r, 'You read this on Tuesday 3 June 2025, 10:41.', 'Yes: you cascaded it to your team (Thursday 5 June 2025, 15:02).');
    hides(r, 'Not yet');
  },
  'newsletter-issue-reminder': (r) => {
    shows(r, 'A reminder: please let us know you have read this.');
    hides(r, 'Have you cascaded this to your team?');
    titles(r, ['Read more: ANOOF bite-size briefing', 'Read more: Neglect toolkit', 'Read it']);
  },
  'newsletter-issue-form': (r) => {
    shows(r, 'Please answer: Neglect toolkit: a two-minute survey.');
    titles(r, ['Read more: Neglect toolkit', 'Answer: Neglect toolkit: a two-minute survey']);
    assert.equal(action(r, 'Answer: Neglect toolkit: a two-minute survey').verb, NV.newsletterFormOpen);
  },
  'newsletter-withdrawn': (r) => {
    shows(r, 'This issue was withdrawn by the NSCP business unit');
    titles(r, ['Back to the menu']);
  },
  'newsletter-mine': (r) => {
    shows(r, 'Newsletters', 'The latest issues sent to the groups you are in.', 'you read it and cascaded it', 'not read yet');
    titles(r, ['Back to the menu', 'Open', 'Open']);
  },
  'newsletter-report': (r) => {
    shows(r, 'Sent 298 of 312: 2 blocked the app, 12 do not have the app, 1 failed.', 'Cascaded to their team', 'Kim Grant: failed (Teams had a problem; the bot tried 6 times)', 'Page 1 of 6');
    titles(r, ['Refresh', 'Export CSV', 'Back', 'Next page', 'Resend to the 1 it failed for', 'Remind the 87 people who have not pressed Read it (once)', 'Edit the sent issue', 'Recall…']);
    assert.equal(action(r, 'Recall…').verb, NV.newsletterConfirmRecall, 'recalling starts with a confirmation');
  },
  'newsletter-report-recalled': (r) => {
    shows(r, 'Recalled on Tuesday 3 June 2025, 11:20: deleted from 308 of 310 chats; 2 could not be deleted (Teams refused): those copies stay in their chats.');
    assert.equal(r.allText.match(/Recalled/g)?.length, 1, 'one recall banner, not two');
    titles(r, ['Refresh', 'Export CSV', 'Back', 'Next page']);
  },
  'newsletter-confirm-recall': (r, card) => {
    shows(r, 'Recall this issue?', 'This cannot be undone.');
    titles(r, ['Recall it: delete its 310 cards', 'Back to the report']);
    assert.equal((card.actions as Json[])[0].style, 'destructive');
  },
  'newsletter-compose-channels': (r, card) => {
    const choices = (input(card, NF.audience).choices as Json[]).map((c) => c.title);
    assert.deepEqual(choices.slice(-3), ['Channel post: Neglect champions network › General', 'Channel post: Neglect champions network › Bite-size briefings', 'Channel post: LSCG South › General'], 'channels after the groups and "everyone", each named by its team');
    assert.equal(input(card, NF.audience).value, 'neglect-champions,channel:19:00000000000000000000000000000b02@thread.tacv2', 'the chosen channel is ticked');
    shows(r, 'Who it goes to');
  },
  'newsletter-confirm-send-channels': (r) => {
    shows(r, 'To: Neglect champions, the channel Neglect champions network › Bite-size briefings, the channel LSCG South › General', '312 people and 2 channels in the audience: it will reach 298 in Teams.', 'It is also posted in 2 channels, one message each, which everyone in the team sees.');
    titles(r, ['Back to the draft', 'Send to 298 people and 2 channels now']);
  },
  'newsletter-channel-post': (r) => {
    shows(r, 'Posted for everyone in this team: your answer counts for you, and only you see it on this post.', NEWSLETTER_TITLE);
    titles(r, ['Read more: ANOOF bite-size briefing', 'Read more: Neglect toolkit', 'Read the full newsletter', 'Book a reflection space', 'Read it', 'Yes, I have cascaded it', 'Not yet']);
  },
  'newsletter-channel-answered': (r) => {
    shows(r, 'Only you see this: the post stays the same for everyone else in the channel.', 'You read this on Tuesday 3 June 2025, 10:41.');
    titles(r, ['Read more: ANOOF bite-size briefing', 'Read more: Neglect toolkit', 'Read the full newsletter', 'Book a reflection space', 'Yes, I have cascaded it', 'Not yet']);
  },
  'newsletter-confirm-recall-channels': (r) => {
    shows(r, 'Its 310 cards (first copies and reminders) are deleted from people\'s chats and its 1 post from the channel, for everyone in the team');
    titles(r, ['Recall it: delete its 310 cards and 1 channel post', 'Back to the report']);
  },
  'newsletter-report-channels': (r) => {
    shows(r, 'Posted in 1 of 2 channels: 1 failed.', 'Channel: Neglect champions network › Bite-size briefings', 'Failed (the app was removed from that team)', 'Answered on a channel post');
    titles(r, ['Refresh', 'Export CSV', 'Back', 'Next page', 'Resend to the 2 it failed for', 'Remind the 87 people who have not pressed Read it (once)', 'Edit the sent issue', 'Recall…']);
  },

  // A person's data (adaptive-cards/features/privacy)
  'privacy-ask': (r, card) => {
    shows(r, 'A person\'s data', 'Subject access and erasure requests (UK GDPR)', 'You will see everything the bot holds about them before you download it or erase it.');
    inputs(r, ['email']);
    assert.equal(input(card, 'email').label, 'Their work email address');
    assert.equal(input(card, 'email').isRequired, true);
    titles(r, ['Show what is held about them', 'Back to the menu']);
    assert.equal(action(r, 'Show what is held about them').verb, PRIVACY_VERBS.personFind);
  },
  'privacy-ask-error': (r, card) => {
    shows(r, '"helen.bradley at nchc" is not an email address. Give one address, e.g. jo.bloggs@norfolk.gov.uk.');
    assert.equal(input(card, 'email').value, 'helen.bradley at nchc', 'what was typed is kept');
  },
  'privacy-found': (r) => {
    shows(r, 'What the bot holds about them', PRIVACY_EMAIL, 'Roster entry (email, name, organisation, groups): 1', 'Messages the bot sent or queued to them (what kind, when, whether it arrived): 9', 'Not found, because it was never linked to anyone:', 'Anonymous JAGS feedback');
    hides(r, 'removed: the bot can no longer message them');
    titles(r, ['Export everything held about them as a file', 'Erase their data…', 'Look up someone else']);
    assert.deepEqual(action(r, 'Erase their data…').data, { email: PRIVACY_EMAIL });
    assert.equal(action(r, 'Erase their data…').verb, PRIVACY_VERBS.personEraseAsk, 'erasing starts with a confirmation');
  },
  'privacy-found-download': (r) => {
    titles(r, ['Export everything held about them as a file', 'Erase their data…', 'Look up someone else', 'Download the file (JSON; the link works for 10 minutes)']);
    assert.equal(action(r, 'Download the file (JSON; the link works for 10 minutes)').url, PRIVACY_DOWNLOAD_URL);
  },
  'privacy-found-nothing': (r) => {
    shows(r, 'Nothing is held about this address: no roster entry, installation, replies, marks or messages.', 'Anonymous JAGS feedback');
    titles(r, ['Export everything held about them as a file', 'Look up someone else']);
  },
  'privacy-erase-confirm': (r, card) => {
    shows(r, 'Erase this person\'s data?', PRIVACY_EMAIL, 'Erasing will, for good:', 'Roster entry (email, name, organisation, groups): 1 (removed: they get no more reminders or forms)', 'Cannot be erased, because it was never linked to them:', 'This cannot be undone. If they asked for a copy, export it first.');
    titles(r, ['Yes, erase everything listed', 'No, go back']);
    assert.equal(action(r, 'Yes, erase everything listed').verb, PRIVACY_VERBS.personErase);
    assert.equal((card.actions as Json[])[0].style, 'destructive');
    assert.equal(action(r, 'No, go back').verb, PRIVACY_VERBS.personFind);
  },
  'privacy-erased': (r) => {
    shows(r, 'Erased', '17 records were erased or had their name removed. Nothing held about that address remains.', 'Kept, because it was never linked to them:');
    hides(r, PRIVACY_EMAIL);
    titles(r, ['Look up someone else', 'Back to the menu']);
  },
  'privacy-erase-unfinished': (r) => {
    shows(r, 'Erasure did not finish', 'Some of their data may already be erased; the rest is still held.');
    titles(r, ['Show what is left to erase', 'Back to the menu']);
    assert.equal(action(r, 'Show what is left to erase').verb, PRIVACY_VERBS.personEraseAsk, 'erasing again goes through the confirmation');
  },

  // Section 11 (adaptive-cards/section11.ts)
  's11-cycles': (r) => {
    shows(
      r,
      'Section 11 returns',
      'Annual self-assessments under Section 11 of the Children Act 2004.',
      'Section 11 return 2025 (Partner organisations)\nDeadline Friday 31 October 2025 · submitted 24 · draft 6 · not started 7',
      'Section 11 return 2025 (Schools and early years)\nDeadline Friday 28 November 2025',
      'Section 11 return 2024 (Partner organisations) (closed)\nDeadline Friday 29 November 2024 · submitted 37 · draft 0 · not started 0',
    );
    hides(r, 'No cycle has been opened yet.');
    const opens = r.actions.filter((a) => a.title === 'Open');
    assert.ok(opens.every((a) => a.verb === VERBS.s11Status));
    assert.deepEqual(opens.map((a) => a.data), [S11_SCHOOLS_CYCLE, S11_CYCLE, S11_CYCLE_2024].map((c) => ({ cycleId: c.id })));
    assert.equal(action(r, 'Open a cycle').verb, VERBS.s11OpenForm);
    assert.equal(action(r, 'Back to the menu').verb, VERBS.menu);
  },
  's11-cycles-empty': (r) => {
    shows(r, 'Section 11 returns', 'No cycle has been opened yet.');
    titles(r, ['Open a cycle', 'Back to the menu']);
  },
  's11-open-cycle': (r, card) => {
    shows(r, 'Open a Section 11 cycle', 'Partner organisations', 'Schools and early years', 'Norfolk Community Health and Care (2 leads)', "Barnardo's (1 lead)", 'Trowse Primary (1 lead)');
    hides(r, 'Please fix', 'No organisation has a Section 11 lead yet');
    inputs(r, S11_OPEN_INPUTS);
    titles(r, ['Open the cycle and send the return', 'Back']);
    assert.equal(action(r, 'Open the cycle and send the return').verb, VERBS.s11OpenCycle);
    assert.equal(action(r, 'Back').verb, VERBS.s11Cycles);
    assert.equal(input(card, 'year').value, 2025);
    assert.equal(input(card, 'deadline').min, '2025-07-14');
    assert.equal(input(card, 'deadline').value, undefined);
    // Every organisation with a lead is ticked to start with: the 37 partners and three schools and settings.
    const ticked = String(input(card, 'organisations').value).split(',');
    assert.equal(ticked.length, 40);
    assert.ok(ticked.includes('norfolk-community-health-and-care') && ticked.includes('trowse-primary'));
    assert.equal(input(card, 'organisations').isMultiSelect, true);
  },
  's11-open-cycle-errors': (r, card) => {
    shows(r, 'Please fix the items marked below. Nothing has been sent yet.', 'A 2025 cycle for Partner organisations is already open.', 'The deadline has already passed. Choose a later date.');
    inputs(r, S11_OPEN_INPUTS);
    // What was chosen is kept, and each error sits under its own input.
    assert.equal(input(card, 'trackId').value, 'partners');
    assert.equal(input(card, 'deadline').value, '2025-07-11');
    assert.deepEqual(String(input(card, 'organisations').value).split(','), ['barnardo-s', 'borough-council-of-king-s-lynn-and-west-norfolk', 'breckland-council']);
    const t = r.allText;
    assert.ok(t.indexOf('Track') < t.indexOf('already open') && t.indexOf('already open') < t.indexOf('Deadline ('));
    assert.ok(t.indexOf('Deadline (') < t.indexOf('has already passed') && t.indexOf('has already passed') < t.indexOf('Organisations taking part'));
  },
  's11-open-cycle-no-leads': (r) => {
    shows(r, 'No organisation has a Section 11 lead yet. Add leads under People and groups (group "Section 11 leads") first.');
    inputs(r, ['year', 'trackId', 'deadline']);
    titles(r, ['Open the cycle and send the return', 'Back']);
  },
  's11-prompt': (r) => {
    shows(
      r,
      `${S11_TITLE}: Norfolk Community Health and Care`,
      'Due by the end of Friday 31 October 2025',
      `Your organisation's ${S11_TITLE} is open.`,
      'Write a short narrative for each priority; there is no rating scale.',
      'Not started yet.',
    );
    opensTheReturn(r);
  },
  's11-reminder': (r) => {
    shows(
      r,
      `${S11_TITLE}: Early Childhood and Family Service`,
      `A reminder: your organisation's ${S11_TITLE} is due by Friday 31 October 2025.`,
      'Draft: last changed by Helen Brown on Tuesday 14 October 2025, 14:05.',
    );
    hides(r, 'there is no rating scale');
    opensTheReturn(r);
  },
  's11-chase': (r) => {
    shows(r, `${S11_TITLE}: The Matthew Project`, `The NSCP business unit is chasing your organisation's ${S11_TITLE}.`, 'Not started yet.');
    opensTheReturn(r);
  },
  's11-status-chased': (r) => {
    shows(
      r,
      S11_TITLE,
      'Due by the end of Friday 31 October 2025',
      'Submitted\n24 (2 late)\nDraft\n6\nNot started\n7\nNot reachable\n3 (no lead has the app, or all blocked it)',
      'Chasing: 15 messages on the way.',
      'HCS\nNot started · not reachable',
      'Breckland Council\nDraft, last changed Wednesday 29 October 2025, 15:30 by Sue Palmer',
      `Page 1 of ${STATUS_PAGES}`,
    );
    hides(r, 'Download the CSV');
    // Still to submit first (not started, then drafts), then those submitted.
    const t = r.text;
    assert.ok(t.indexOf('British Transport Police') < t.indexOf('YMCA Norfolk') && t.indexOf('YMCA Norfolk') < t.indexOf('Breckland Council'));
    // A Chase button on each organisation on this page still to submit that someone can be reached at.
    const chases = r.actions.filter((a) => a.title === 'Chase now');
    const onPage = statusOrder(S11_PARTNERS_2025).slice(0, STATUS_PAGE_SIZE);
    const chaseable = onPage.filter((o) => o.state !== 'submitted' && o.reachable !== false);
    assert.ok(chaseable.length > 0 && chaseable.length < onPage.filter((o) => o.state !== 'submitted').length, 'the page has unreachable organisations, which get no Chase button');
    assert.deepEqual(chases.map((a) => (a.data as Json).org).sort(), chaseable.map((o) => orgKey(o.name)).sort());
    assert.ok(chases.every((a) => a.verb === VERBS.s11Chase));
    assert.deepEqual(action(r, 'Chase all').data, { cycleId: S11_CYCLE.id, page: 0 });
    assert.equal(action(r, 'Chase all').verb, VERBS.s11Chase);
    assert.deepEqual(action(r, 'Next page').data, { cycleId: S11_CYCLE.id, page: 1 });
    assert.equal(action(r, 'Next page').verb, VERBS.s11Status);
    assert.deepEqual(action(r, 'Export CSV').data, { cycleId: S11_CYCLE.id, page: 0 });
    assert.equal(action(r, 'Export CSV').verb, VERBS.s11Export);
    assert.equal(action(r, 'All cycles').verb, VERBS.s11Cycles);
    assert.ok(!r.actionTitles.includes('Previous page'));
  },
  's11-status-page-2': (r) => {
    const onPage = statusOrder(S11_PARTNERS_2025).slice(STATUS_PAGE_SIZE, 2 * STATUS_PAGE_SIZE);
    shows(r, `Page 2 of ${STATUS_PAGES}`, ...onPage.map((o) => o.name));
    hides(r, 'Chasing', statusOrder(S11_PARTNERS_2025)[0].name);
    assert.equal((r.text.match(/\nSubmitted \w+day /g) ?? []).length, onPage.filter((o) => o.state === 'submitted').length);
    titles(r, ['Chase all', 'Export CSV', 'Close cycle', 'Yes, close the cycle', 'All cycles', 'Previous page', 'Next page']);
    assert.deepEqual(action(r, 'Yes, close the cycle').data, { cycleId: S11_CYCLE.id });
    assert.equal(action(r, 'Yes, close the cycle').verb, VERBS.s11Close);
    assert.deepEqual(action(r, 'Previous page').data, { cycleId: S11_CYCLE.id, page: 0 });
    assert.deepEqual(action(r, 'Export CSV').data, { cycleId: S11_CYCLE.id, page: 1 });
  },
  's11-status-download': (r) => {
    shows(r, 'Section 11 return 2024 (Partner organisations)', 'Due by the end of Friday 29 November 2024', 'Submitted\n37 (3 late)', `Page 1 of ${STATUS_PAGES}`);
    // A closed cycle: nothing to chase.
    titles(r, ['Export CSV', 'All cycles', 'Download the CSV (link works for 10 minutes)', 'Next page']);
    const download = action(r, 'Download the CSV (link works for 10 minutes)');
    assert.equal(download.type, 'Action.OpenUrl');
    assert.match(String(download.url), new RegExp(`^${SAMPLE_PUBLIC_BASE_URL}/exports/[A-Za-z0-9_-]{43}$`));
    assert.deepEqual(action(r, 'Next page').data, { cycleId: S11_CYCLE_2024.id, page: 1 });
  },
  's11-mine': (r) => {
    shows(r, 'Your Section 11 returns', `${S11_TITLE}: Norfolk Community Health and Care`, 'Due by the end of Friday 31 October 2025 · Draft: last changed by Helen Bradley on Friday 17 October 2025, 10:20.');
    titles(r, ['Back to the menu', 'Open']);
    assert.equal(action(r, 'Open').verb, VERBS.s11Return);
    assert.deepEqual(action(r, 'Open').data, { cycleId: S11_CYCLE.id });
  },
  's11-mine-empty': (r) => {
    shows(r, 'You have no Section 11 return open.', 'ask the NSCP business unit to add you as a Section 11 lead');
    titles(r, ['Back to the menu']);
  },

  // JAGS (adaptive-cards/jags.ts)
  'jags-home': (r) => {
    shows(
      r,
      'JAGS: requests and sessions',
      'It is not TACS',
      'Logged: 2025-03-21: Norfolk Constabulary, Detective constable. Log the session when it is arranged.',
      'Recent requests',
      '2025-03-21: Norfolk Constabulary, Detective constable\nProceeded to JAGS',
      "2025-02-25: Children's Services, Family support worker\nPicked up by TACS",
      '2025-02-06: Norfolk and Norwich University Hospitals, Consultant paediatrician\nSignposted elsewhere: ICB Designated Safeguarding Team',
      '2025-02-04: Early Childhood and Family Service, Family hub practitioner',
    );
    // The ten newest requests only.
    hides(r, '2025-01-28', 'No requests logged yet.');
    const newest = [...JAGS_REQUESTS].reverse();
    const logs = r.actions.filter((a) => a.title === 'Log the session');
    assert.ok(logs.every((a) => a.verb === VERBS.jagsSessionForm));
    assert.deepEqual(logs.map((a) => a.data), newest.slice(0, 2).map((q) => ({ requestId: q.id })));
    const sessions = r.actions.filter((a) => a.title === 'Session');
    assert.ok(sessions.every((a) => a.verb === VERBS.jagsSession));
    const expected = newest.slice(0, 10).flatMap((q) => JAGS_SESSIONS.filter((s) => s.requestId === q.id).map((s) => ({ sessionId: s.id })));
    assert.equal(expected.length, 6);
    assert.deepEqual(sessions.map((a) => a.data), expected);
    for (const [title, verb] of JAGS_HOME_ACTIONS) assert.equal(action(r, title).verb, verb);
  },
  'jags-home-empty': (r) => {
    shows(r, 'JAGS: requests and sessions', 'No requests logged yet.');
    titles(r, JAGS_HOME_ACTIONS.map(([t]) => t));
  },
  'jags-request-form-empty': (r, card) => {
    shows(r, 'Log a JAGS request', PRACTICE_NOTE, ...Object.values(JAGS_OUTCOMES));
    hides(r, 'Please fix');
    inputs(r, JAGS_REQUEST_INPUTS);
    titles(r, ['Save the request', 'Back']);
    assert.equal(action(r, 'Save the request').verb, VERBS.jagsLogRequest);
    assert.equal(action(r, 'Back').verb, VERBS.jagsHome);
    assert.equal(input(card, 'receivedOn').value, '2025-03-24');
    assert.equal(input(card, 'receivedOn').max, '2025-03-24');
    assert.equal(input(card, 'agency').placeholder, 'e.g. Norfolk Constabulary');
    assert.equal(input(card, 'signpostedTo').placeholder, 'e.g. ICB Designated Safeguarding Team');
    assert.deepEqual((input(card, 'outcome').choices as Json[]).map((c) => c.value), Object.keys(JAGS_OUTCOMES));
  },
  'jags-request-form-errors': (r, card) => {
    shows(r, 'Please fix the items marked below. Nothing has been saved yet.', 'The date received cannot be in the future.', 'Say where the request was signposted, e.g. ICB Designated Safeguarding Team.');
    inputs(r, JAGS_REQUEST_INPUTS);
    assert.equal(input(card, 'receivedOn').value, '2025-03-25');
    assert.equal(input(card, 'agency').value, 'Norfolk and Norwich University Hospitals');
    assert.equal(input(card, 'role').value, 'Consultant paediatrician');
    assert.equal(input(card, 'outcome').value, 'signposted');
    assert.equal(input(card, 'signpostedTo').value, undefined);
    const t = r.allText;
    assert.ok(t.indexOf('Date received') < t.indexOf('cannot be in the future') && t.indexOf('cannot be in the future') < t.indexOf('Requesting agency'));
  },
  'jags-session-form': (r, card) => {
    shows(r, 'Log a JAGS session', '2025-03-18: Norwich City Council, Early help officer', 'Participants get the anonymous feedback form in Teams chat after the session.', 'Tom Reeve (Norfolk and Suffolk NHS Foundation Trust)');
    hides(r, 'Please fix', 'No JAGS facilitators');
    inputs(r, JAGS_SESSION_INPUTS);
    titles(r, ['Save the session', 'Back']);
    assert.equal(action(r, 'Save the session').verb, VERBS.jagsLogSession);
    assert.deepEqual(action(r, 'Save the session').data, { requestId: JAGS_REQUESTS[JAGS_REQUESTS.length - 2].id });
    for (const id of ['facilitator1', 'facilitator2']) assert.deepEqual((input(card, id).choices as Json[]).map((c) => c.value), JAGS_FACILITATORS.map((p) => p.id));
    assert.equal(input(card, 'participants').isMultiline, true);
  },
  'jags-session-form-errors': (r, card) => {
    shows(r, 'Please fix the items marked below. Nothing has been saved yet.', 'Choose two different facilitators.', '"j.smith@nhs" is not an email address. Give one work email a line.');
    inputs(r, JAGS_SESSION_INPUTS);
    assert.equal(input(card, 'date').value, '2025-04-01');
    assert.equal(input(card, 'time').value, '10:30');
    assert.equal(input(card, 'facilitator1').value, 'gary.lee@norwich.gov.uk');
    assert.equal(input(card, 'facilitator2').value, 'gary.lee@norwich.gov.uk');
    assert.equal(input(card, 'participants').value, 'kate.holmes@norwich.gov.uk\nj.smith@nhs\nafia.rahman@nchc.nhs.uk');
  },
  'jags-session-form-no-facilitators': (r) => {
    shows(r, 'No JAGS facilitators are on the roster yet. Add them under People and groups (group "JAGS facilitators").');
    // No empty dropdowns (a ChoiceSet with no choices is invalid); the server refuses the save and says why.
    inputs(r, ['date', 'time', 'participants']);
    titles(r, ['Save the session', 'Back']);
  },
  'jags-session-same-agency': (r) => {
    shows(
      r,
      'Session for 2025-03-18: Norwich City Council, Early help officer',
      'Tuesday 1 April 2025, 10:30',
      'Session logged. Participants get the feedback form after it ends.',
      'Both facilitators are from Norfolk Community Health and Care. The JAGS model asks for two agencies where possible.',
      'Facilitators\nClaire Hudson (Norfolk Community Health and Care) and Rebecca Stone (Norfolk Community Health and Care)',
      'Feedback\nNot sent yet: goes after the session',
      'Answered so far\n0 of 5',
    );
    titles(r, ['JAGS log']);
    assert.equal(action(r, 'JAGS log').verb, VERBS.jagsHome);
  },
  'jags-session-open': (r) => {
    shows(r, 'Session for 2025-03-04: Norfolk and Suffolk NHS Foundation Trust, Mental health practitioner', 'Tuesday 18 March 2025, 14:00', 'Feedback\nOpen, closes Tuesday 1 April 2025, 17:30', 'Answered so far\n3 of 5', '5 (1 without the app in Teams, so the form cannot reach them)');
    hides(r, 'Both facilitators are from');
    titles(r, ['JAGS log']);
  },
  'jags-summary': (r) => {
    shows(
      r,
      'JAGS feedback: session for Early Childhood and Family Service',
      'Tuesday 25 February 2025, 14:00',
      '5 of 6 participants answered. Answers are anonymous.',
      'Ratings (average out of 5)',
      'I felt listened to (1 = not at all, 5 = completely)\n4.4 (5 answers)',
      'JAGS was a safe space to reflect (1 = not at all, 5 = completely)\n4.4 (5 answers)',
      'The child stayed at the centre of the discussion (1 = not at all, 5 = completely)\n4.6 (5 answers)',
      'Will you do something differently as a result?\nYes 3 · No 2',
      'If so, what will you do differently?',
      'Ask the school nurse to join the next review.',
      'Anything else you would like to tell us?',
      'I felt heard, and it felt safe and brave at the same time.',
    );
    // The long comment in full, and people's own words shown as typed: never read as markdown.
    shows(r, JAGS_LONG_COMMENT, JAGS_MARKDOWN_COMMENT);
    hides(r, '…');
    assert.doesNotMatch(r.html, /href="http:\/\/x"/);
    assert.doesNotMatch(r.html, /<(strong|b)>bold/);
    titles(r, []);
    inputs(r, []);
  },
  'jags-quarter': (r, card) => {
    shows(
      r,
      'JAGS quarterly summary',
      'Q4 2024–25 (January to March 2025)',
      'Requests received\n15\nProceeded to JAGS\n12\nPicked up by TACS\n1\nPicked up by a statutory meeting\n1\nSignposted elsewhere\n1\nSessions held\n11\nFeedback response rate\n77% (46 of 60)',
      'Requests by agency\nNorfolk Constabulary\n3',
      'Norfolk and Norwich University Hospitals\n1',
      'Feedback averages (out of 5)',
      'I felt listened to (1 = not at all, 5 = completely)\n4.7',
    );
    inputs(r, ['quarter']);
    assert.equal(input(card, 'quarter').value, '2024-Q4');
    assert.deepEqual((input(card, 'quarter').choices as Json[]).map((c) => c.value), ['2024-Q4', '2024-Q3', '2024-Q2', '2024-Q1', '2023-Q4', '2023-Q3', '2023-Q2', '2023-Q1']);
    titles(r, ['Show quarter', 'JAGS log']);
    assert.equal(action(r, 'Show quarter').verb, VERBS.jagsQuarter);
  },
  'jags-export': (r) => {
    shows(r, 'JAGS exports', 'Each link works for 10 minutes. Feedback is anonymous: the file has no names or emails.');
    titles(r, ['JAGS log', 'jags-requests.csv', 'jags-sessions.csv', 'jags-feedback.csv']);
    for (const f of ['jags-requests.csv', 'jags-sessions.csv', 'jags-feedback.csv']) {
      assert.equal(action(r, f).type, 'Action.OpenUrl');
      assert.match(String(action(r, f).url), new RegExp(`^${SAMPLE_PUBLIC_BASE_URL}/exports/[A-Za-z0-9_-]{43}$`));
    }
  },

  // Forms (adaptive-cards/form-section.ts), with the real forms from config/norfolk.json: inputs
  // never isRequired, so a draft can be saved half-done; every button carries what was typed.
  'form-s11-overview-incomplete': (r, card) => {
    s11Section(r, card, 0, ['q.overview', 'q.voice', 'q.changed']);
    shows(
      r,
      'Some required questions are not answered yet. They are marked below.',
      'Your organisation\'s annual Section 11 self-assessment for the NSCP',
      'Section 1 of 5: Safeguarding overview',
      'How confident are your staff in safeguarding, and how well do your reporting processes work? (required)',
      'Include training, supervision and how concerns are escalated.',
      'How do the voices of children and young people shape your services? (required)',
      'Answer this question before you submit.',
      PRACTICE_NOTE,
    );
    hides(r, 'Please fix the items marked below.', 'Family and Community Networking', 'Submit');
    titles(r, ['Save draft', 'Next']);
    assert.equal(input(card, 'q.overview').value, S11_NCHC_DRAFT.overview);
    assert.equal(input(card, 'q.overview').isMultiline, true);
    assert.equal(input(card, 'q.overview').maxLength, 2000);
    assert.equal(input(card, 'q.voice').value, undefined);
    // The error sits under its own question.
    const t = r.allText;
    assert.ok(t.indexOf('voices of children') < t.indexOf('Answer this question') && t.indexOf('Answer this question') < t.indexOf('What has changed since last year?'));
  },
  'form-s11-fcn': (r, card) => {
    s11Section(r, card, 1, ['q.fcn-embedded', 'q.father-inclusive', 'q.father-champions', 'q.fcn-next']);
    shows(
      r,
      'Section 2 of 5: Family and Community Networking',
      'Family and Community Networking (FCN), including father-inclusive practice.',
      "How well is Family and Community Networking embedded in your organisation's practice? (required)",
      'Has your organisation identified father-inclusive practice champions? (required)\nYes\nNo',
    );
    hides(r, 'there is no rating scale', 'Please fix', 'Draft saved', 'Submit');
    titles(r, ['Save draft', 'Back', 'Next']);
    // Partly answered: what was saved is filled in, the rest is empty.
    assert.equal(input(card, 'q.fcn-embedded').value, S11_NCHC_DRAFT['fcn-embedded']);
    assert.equal(input(card, 'q.father-inclusive').value, undefined);
    assert.equal(input(card, 'q.father-champions').value, 'yes');
    assert.equal(input(card, 'q.fcn-next').value, undefined);
  },
  'form-s11-neglect-saved': (r, card) => {
    s11Section(r, card, 2, ['q.anoof-aware', 'q.toolkit', 'q.neglect-work']);
    shows(r, 'Draft saved. Your co-leads see it too.', 'Section 3 of 5: Neglect', 'How aware are your staff of ANOOF (the Accumulative Neglect Operational Oversight Forum)? (required)', 'Most relevant staff know of it', 'Few or none know of it');
    titles(r, ['Save draft', 'Back', 'Next']);
    assert.equal(input(card, 'q.anoof-aware').value, 'some');
    assert.equal(input(card, 'q.toolkit').value, S11_NCHC_DRAFT.toolkit);
    assert.equal(input(card, 'q.neglect-work').value, undefined);
  },
  'form-s11-exploitation': (r, card) => {
    s11Section(r, card, 3, ['q.exploitation', 'q.exploitation-help']);
    shows(r, 'Section 4 of 5: Child exploitation', 'How does your organisation identify and respond to child exploitation? (required)', "Has the partnership's approach (seeing exploitation as unmet need) helped your organisation? How?");
    titles(r, ['Save draft', 'Back', 'Next']);
    assert.equal(input(card, 'q.exploitation-help').value, S11_NCHC_DRAFT['exploitation-help']);
  },
  'form-s11-other': (r, card) => {
    s11Section(r, card, 4, ['q.other']);
    shows(r, 'Section 5 of 5: Other safeguarding work (optional)', 'Is there any other safeguarding work your organisation would like to highlight?');
    hides(r, '(required)', 'Next');
    titles(r, ['Save draft', 'Back', 'Submit']);
    assert.equal(action(r, 'Submit').verb, VERBS.s11Submit);
    assert.deepEqual(action(r, 'Submit').data, { cycleId: S11_CYCLE.id, sectionId: 'other' });
    assert.equal(input(card, 'q.other').value, S11_NCHC_DRAFT.other);
  },
  'form-s11-schools-overview': (r, card) => {
    shows(
      r,
      'Section 11 return 2025 (Schools and early years): Trowse Primary',
      'Due by the end of Friday 28 November 2025',
      'Draft: last changed by Stuart Odell on Thursday 9 October 2025, 16:45.',
      'The schools and early years track of the annual self-assessment.',
      'Section 1 of 2: Safeguarding overview',
      'What kind of setting are you? (required)\nEarly years or nursery\nPrimary school\nSecondary school\nCollege or further education\nOther',
    );
    inputs(r, ['q.setting', 'q.dsl', 'q.voice']);
    titles(r, ['Save draft', 'Next']);
    assert.equal(input(card, 'q.setting').value, 'primary');
    assert.deepEqual(action(r, 'Next').data, { cycleId: S11_SCHOOLS_CYCLE.id, sectionId: 'overview', to: 1 });
    assert.equal(action(r, 'Next').verb, VERBS.s11Navigate);
  },
  'form-s11-schools-priorities': (r, card) => {
    shows(r, 'Section 2 of 2: Partnership priorities', 'How do you recognise and respond to neglect? (required)');
    inputs(r, ['q.fcn', 'q.neglect', 'q.exploitation', 'q.other']);
    titles(r, ['Save draft', 'Back', 'Submit']);
    assert.deepEqual(action(r, 'Submit').data, { cycleId: S11_SCHOOLS_CYCLE.id, sectionId: 'priorities' });
    assert.equal(action(r, 'Submit').verb, VERBS.s11Submit);
    assert.match(String(input(card, 'q.fcn').value), /^We invite both parents/);
  },
  'form-summary-s11': (r) => {
    shows(
      r,
      `${S11_TITLE}: Norfolk Community Health and Care`,
      'Submitted. Thank you.',
      'Submitted by Helen Bradley on Friday 31 October 2025, 16:40.',
      'Safeguarding overview',
      'Family and Community Networking',
      'Neglect',
      'Child exploitation',
      'Other safeguarding work (optional)',
      'Has your organisation identified father-inclusive practice champions?\nYes',
      'How aware are your staff of ANOOF (the Accumulative Neglect Operational Oversight Forum)?\nSome staff know of it',
      String(S11_NCHC_SUBMITTED['father-inclusive']),
      String(S11_NCHC_SUBMITTED.other),
      ...String(S11_NCHC_SUBMITTED.overview).split('\n\n'),
    );
    hides(r, 'Long answers are shortened', '—');
    inputs(r, []);
    titles(r, ['Edit the return']);
    assert.equal(action(r, 'Edit the return').verb, VERBS.s11Edit);
    assert.deepEqual(action(r, 'Edit the return').data, { cycleId: S11_CYCLE.id });
  },
  'form-summary-s11-longest': (r, card) => {
    shows(
      r,
      "Borough Council of King's Lynn and West Norfolk",
      'Submitted after the deadline: it has been accepted and marked late. Thank you.',
      'Submitted by Ian Marsh on Monday 3 November 2025, 09:15 (late).',
      'Few or none know of it',
      'Long answers are shortened here. Everything you wrote has been kept.',
    );
    // Eleven answers of 2,000 characters would not fit: each is cut, and ends with "…".
    const longTexts = sampleConfig().partnership.forms['s11-partners'].sections.flatMap((s) => s.questions).filter((q) => q.kind === 'long-text');
    assert.equal(longTexts.length, 11);
    assert.equal((r.text.match(/…/g) ?? []).length, longTexts.length);
    assert.ok(Buffer.byteLength(JSON.stringify(card), 'utf8') > 15 * 1024, 'a size test: the card should be near the limit');
    titles(r, ['Edit the return']);
  },
  'form-jags-feedback': (r, card) => {
    jagsFeedback(r, card);
    shows(r, 'Thank you for taking part in Joint Agency Group Supervision (JAGS).', 'Your feedback', 'I felt listened to (1 = not at all, 5 = completely) (required)\n1\n2\n3\n4\n5');
    hides(r, 'Section 1 of 1', 'Next', 'Back', 'Please fix', 'Answer this question');
    assert.equal(input(card, 'q.listened').value, undefined);
    assert.deepEqual((input(card, 'q.listened').choices as Json[]).map((c) => c.value), ['1', '2', '3', '4', '5']);
    assert.deepEqual((input(card, 'q.do-differently').choices as Json[]).map((c) => c.value), ['yes', 'no']);
    assert.equal(r.allText.split(PRACTICE_NOTE).length - 1, 2, 'the privacy note under each of the two free-text questions');
  },
  'form-jags-feedback-incomplete': (r, card) => {
    jagsFeedback(r, card);
    shows(r, 'Some required questions are not answered yet. They are marked below.');
    hides(r, 'Please fix');
    assert.equal(r.allText.split('Answer this question before you submit.').length - 1, 3);
    // What was typed is kept.
    assert.equal(input(card, 'q.listened').value, '5');
    assert.equal(input(card, 'q.safe-space').value, undefined);
    assert.equal(input(card, 'q.what-differently').value, 'Speak to the school before the next core group, not after it.');
  },
  'form-summary-jags': (r) => {
    shows(
      r,
      'JAGS feedback sent',
      'Tuesday 18 March 2025, 14:00',
      'Thank you. Your answers were stored anonymously; facilitators see only the collated results.',
      'I felt listened to (1 = not at all, 5 = completely)\n4 out of 5',
      'Will you do something differently as a result?\nYes',
      'If so, what will you do differently?\nAsk the school nurse to join the next review.',
      JAGS_MARKDOWN_COMMENT,
    );
    assert.doesNotMatch(r.html, /href="http:\/\/x"/);
    inputs(r, []);
    titles(r, []);
  },
  'form-section-every-kind': (r, card) => {
    inputs(r, ['q.completed-by', 'q.overview-fit', 'q.keep-building', 'q.last-audit', 'q.fcn-embedded', 'q.fip-champions', 'q.fcn-headings', 'q.fcn-next']);
    shows(r, 'Who is completing this return? (required)', 'Your name and role.', '1 is not at all, 5 is fully embedded.', 'Father inclusive practice');
    titles(r, ['Save draft', 'Submit']);
    assert.equal(input(card, 'q.completed-by').type, 'Input.Text');
    assert.equal(input(card, 'q.completed-by').maxLength, 120);
    assert.equal(input(card, 'q.completed-by').value, 'Helen Bradley, Named Nurse for Safeguarding');
    assert.equal(input(card, 'q.overview-fit').value, 'partly');
    assert.equal(input(card, 'q.keep-building').value, S11_KEEP_BUILDING);
    assert.equal(input(card, 'q.last-audit').type, 'Input.Date');
    assert.equal(input(card, 'q.fcn-embedded').value, '3');
    assert.equal(input(card, 'q.fip-champions').value, 'yes');
    assert.equal(input(card, 'q.fcn-headings').isMultiSelect, true);
    assert.equal(input(card, 'q.fcn-headings').value, 'communication,father-inclusive-practice');
    assert.ok(!nodes(card).some((n) => n.isRequired === true));
  },
};

describe('every card renders in the official Adaptive Cards renderer', function () {
  this.timeout(60000);
  const samples: CardSample[] = cardSamples();
  let renderer: CardRenderer;

  before(async function () {
    this.timeout(120000);
    renderer = await startCardRenderer();
  });

  after(async function () {
    await renderer?.close();
  });

  it('has a content check for every sample, and a sample for every check', () => {
    const names = samples.map((s) => s.name);
    assert.equal(new Set(names).size, names.length, 'sample names must be unique');
    assert.deepEqual([...names].sort(), Object.keys(CHECKS).sort());
  });

  for (const sample of samples) {
    it(`${sample.name}: valid, under Teams' size limit, shows what it is for`, async () => {
      const card = sample.card as Json;
      const bytes = Buffer.byteLength(JSON.stringify(card), 'utf8');
      assert.ok(bytes < TEAMS_MAX_CARD_BYTES, `${sample.name} is ${bytes} bytes; Teams' limit is ${TEAMS_MAX_CARD_BYTES}`);
      const result = await renderer.assertValid(card, sample.name);
      assert.deepEqual(result.errors, [], formatCardIssues(result));
      assert.equal(result.version, '1.5');
      assert.ok(result.size.height > 0, `${sample.name} rendered nothing`);
      CHECKS[sample.name](result, card);
    });
  }

  it('a newsletter at the largest size the server accepts fits in one Teams card, to its recipients and on the compose card', async () => {
    const config = sampleConfig();
    // Every slot used, the text made of multi-byte characters and quotes until just under the budget.
    const values: Record<string, string> = { ...composeValues(NEWSLETTER_ISSUE) };
    // '“é”🙂' is 12 bytes of UTF-8.
    const repeats = Math.floor((ISSUE_TEXT_BUDGET_BYTES - 2000) / SECTION_SLOTS / 12);
    for (let n = 1; n <= SECTION_SLOTS; n++) Object.assign(values, { [NF.heading(n)]: `Section ${n}: a long heading for the issue`, [NF.text(n)]: '“é”🙂'.repeat(repeats) });
    for (let n = 1; n <= LINK_SLOTS; n++) Object.assign(values, { [NF.linkTitle(n)]: `Button ${n}`, [NF.linkUrl(n)]: `https://www.norfolkscp.org/${'x'.repeat(100)}` });
    const checked = checkCompose(values, { groups: config.partnership.groups, formIds: [] }, true);
    assert.ok(checked.ok, JSON.stringify(!checked.ok && checked.errors));
    const issue = { ...NEWSLETTER_ISSUE, ...checked.value };
    const textBytes = Buffer.byteLength(JSON.stringify([issue.title, issue.summary, issue.sections, issue.links]), 'utf8');
    assert.ok(textBytes > ISSUE_TEXT_BUDGET_BYTES - 1024, `the sample is ${textBytes} bytes of text: near the budget, or it proves nothing`);
    const recipient = issueCard(issueView({ config }, issue, { id: 'x', readAt: '2025-06-03T09:41:00Z', cascade: 'not-yet', cascadeAt: '2025-06-03T09:42:00Z' }, { text: 'A reminder: please let us know you have read this.', tone: 'accent' }));
    const errors = Object.fromEntries(Object.keys(values).map((k) => [k, 'The issue is too big for one Teams card (about 1 KB over). Shorten section 1\'s text, the longest part.']));
    const compose = composeCard({ fields: NF, issueId: issue.id, mode: 'draft', sectionSlots: SECTION_SLOTS, linkSlots: LINK_SLOTS, limits: LIMITS, audiences: config.partnership.groups.map((g) => ({ value: g.id, title: g.name })), forms: [], values, errors, scheduledFor: 'Tuesday 3 June 2025, 09:00' });
    for (const [label, c] of [['issue card', recipient], ['compose card', compose]] as const) {
      const bytes = Buffer.byteLength(JSON.stringify(c), 'utf8');
      assert.ok(bytes < TEAMS_MAX_CARD_BYTES, `the ${label} is ${bytes} bytes; Teams' limit is ${TEAMS_MAX_CARD_BYTES}`);
      assert.deepEqual((await renderer.assertValid(c, label)).errors, []);
    }
  });

  it('the newsletter lists, at their fullest (every row a visible button, titles at their longest), are within Teams\' size limit', () => {
    const title = '“é”🙂'.repeat(LIMITS.title / 4);
    const bu = issueListCard(Array.from({ length: 40 }, (_, i) => ({ issueId: `nl-2025-06-03-${String(i).padStart(8, '0')}`, title, stage: 'Scheduled', when: 'goes Wednesday 30 September 2025, 09:00' })));
    const mine = myIssuesCard(Array.from({ length: 10 }, (_, i) => ({ issueId: `nl-2025-06-03-${String(i).padStart(8, '0')}`, title, sentOn: 'Wednesday 30 September 2025, 09:00', state: 'you read it and cascaded it' })));
    for (const [label, c] of [['business unit list', bu], ['champion list', mine]] as const) {
      const bytes = Buffer.byteLength(JSON.stringify(c), 'utf8');
      assert.ok(bytes < TEAMS_MAX_CARD_BYTES, `the ${label} is ${bytes} bytes; Teams' limit is ${TEAMS_MAX_CARD_BYTES}`);
    }
  });

  it('the business unit\'s meetings list, at its fullest (more upcoming meetings than it shows, and 10 recent), is within Teams\' size limit', () => {
    const config = testConfig();
    const item = (id: string, startsAt: string) => ({
      meeting: meetingView({ id, groupId: 'lscg-breckland', mode: 'in-person', startsAt, venue: 'v'.repeat(200), agenda: [], status: 'scheduled', version: 1, createdBy: 'bu', createdAt: startsAt, updatedAt: startsAt }, config),
      summary: 'Attending 100 · Deputy 100 · Apologies 100 · No reply 1,000',
    });
    const upcoming = Array.from({ length: 25 }, (_, i) => item(`mtg-up-${String(i).padStart(20, '0')}`, '2025-09-30T08:00:00Z'));
    const recent = Array.from({ length: 10 }, (_, i) => item(`mtg-past-${String(i).padStart(20, '0')}`, '2025-04-30T08:00:00Z'));
    const bytes = Buffer.byteLength(JSON.stringify(meetingListCard(upcoming, true, recent)), 'utf8');
    assert.ok(bytes < TEAMS_MAX_CARD_BYTES, `the meetings list is ${bytes} bytes; Teams' limit is ${TEAMS_MAX_CARD_BYTES}`);
  });

  it('every section of every form in the config, at its fullest, is valid and under the size limit', async () => {
    const forms = sampleConfig().partnership.forms;
    assert.deepEqual(Object.keys(forms).sort(), ['jags-feedback', 'neglect-toolkit-survey', 's11-partners', 's11-schools-early-years']);
    const context = {
      title: "Section 11 return 2025 (Partner organisations): The Queen Elizabeth Hospital King's Lynn NHS Foundation Trust",
      subtitle: 'Due by the end of Wednesday 31 December 2025',
      lastChanged: 'Draft: last changed by Rachel Green on Wednesday 31 December 2025, 23:58.',
      banner: { text: 'Some answers need fixing before they can be saved. They are marked below.', tone: 'attention' as const },
    };
    const verbs = { save: VERBS.s11Save, navigate: VERBS.s11Navigate, submit: VERBS.s11Submit };
    for (const form of Object.values(forms)) {
      // Every answer at its maximum length, every choice ticked, and an error under each.
      const answers: Answers = {};
      for (const q of form.sections.flatMap((s) => s.questions)) {
        if (q.kind === 'short-text' || q.kind === 'long-text') answers[q.id] = 'Safeguarding is everyone\'s business. '.repeat(400).slice(0, q.maxLength ?? 2000);
        else if (q.kind === 'multi-choice') answers[q.id] = (q.choices ?? []).map((c) => c.value);
        else if (q.kind === 'single-choice') answers[q.id] = q.choices![q.choices!.length - 1].value;
        else if (q.kind === 'rating') answers[q.id] = 5;
        else if (q.kind === 'yes-no') answers[q.id] = true;
        else answers[q.id] = '2025-05-23';
      }
      for (const [i, section] of form.sections.entries()) {
        const errors = Object.fromEntries(section.questions.map((q) => [inputId(q.id), 'Please shorten this to 2000 characters or fewer: it is 2001 characters now.']));
        const card = formSectionCard({ form, sectionIndex: i, answers, errors, context, verbs, data: { cycleId: 's11-2025-partners-mcz4k2p0' }, canSubmit: true });
        const label = `${form.id}/${section.id}`;
        const bytes = Buffer.byteLength(JSON.stringify(card), 'utf8');
        assert.ok(bytes < TEAMS_MAX_CARD_BYTES, `${label} is ${bytes} bytes at its fullest; Teams' limit is ${TEAMS_MAX_CARD_BYTES}`);
        const result = await renderer.assertValid(card, label);
        assert.deepEqual(result.inputIds, section.questions.map((q) => inputId(q.id)), label);
      }
      const summary = formSummaryCard({ form, answers, context, edit: { verb: VERBS.s11Edit, data: { cycleId: 's11-2025-partners-mcz4k2p0' }, title: 'Edit the return' } });
      const bytes = Buffer.byteLength(JSON.stringify(summary), 'utf8');
      assert.ok(bytes < TEAMS_MAX_CARD_BYTES, `${form.id} summary is ${bytes} bytes at its fullest; Teams' limit is ${TEAMS_MAX_CARD_BYTES}`);
      await renderer.assertValid(summary, `${form.id} summary`);
    }
  });
});
