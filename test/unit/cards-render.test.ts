import assert from 'node:assert/strict';
import { VERBS } from '../../adaptive-cards/verbs.js';
import { DEPUTY_NAME, SOUTH_AGENDA, SOUTH_JOIN_URL, cardSamples, type CardSample } from '../support/card-samples.js';
import { TEAMS_MAX_CARD_BYTES, formatCardIssues, startCardRenderer, type CardRenderer, type RenderResult } from '../support/card-renderer.js';
import { S11_KEEP_BUILDING, S11_RESPONSE_DATA, SAMPLE_FORM_VERBS } from '../support/card-samples.js';
import { PRACTICE_NOTE } from '../../services/forms/definition.js';

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
    shows(r, 'Sorry, I did not understand that', 'I could not find you on the partnership');
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
    const opens = r.actions.filter((a) => a.title === 'Open');
    assert.equal(opens.length, 4);
    assert.ok(opens.every((a) => a.verb === VERBS.meetingAdmin));
    assert.ok(r.actionTitles.includes('Schedule a meeting'));
  },
  'meeting-list-member': (r) => {
    shows(r, 'Your upcoming meetings', `LSCG South: ${SOUTH_WHEN}`, 'Your reply: Attending', 'You have not replied yet');
    const opens = r.actions.filter((a) => a.title === 'Open');
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
    titles(r, ['Schedule a meeting', 'Back to the menu']);
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
  },  // Forms (adaptive-cards/form-section.ts): inputs never isRequired, so a draft can be saved half-done.
  'form-section-first': (r, card) => {
    shows(r, 'Section 11 return 2025: Norfolk Community Health and Care', 'Section 1 of 3: Safeguarding overview', 'Last changed by Helen Bradley on Friday 23 May 2025, 10:30');
    shows(r, 'Please fix the items marked below.', 'Please answer this question: it is required before you submit.', 'Who is completing this return? (required)', 'Your name and role.', PRACTICE_NOTE);
    hides(r, 'Family and Community Networking', 'Submit');
    inputs(r, ['q.completed-by', 'q.overview-fit', 'q.keep-building', 'q.last-audit']);
    titles(r, ['Save draft', 'Next']);
    assert.equal(input(card, 'q.overview-fit').value, 'partly');
    assert.equal(input(card, 'q.keep-building').value, S11_KEEP_BUILDING);
    assert.equal(input(card, 'q.keep-building').isMultiline, true);
    assert.equal(input(card, 'q.keep-building').maxLength, 2000);
    assert.equal(input(card, 'q.completed-by').maxLength, 120);
    assert.equal(input(card, 'q.completed-by').value, undefined);
    assert.equal(input(card, 'q.last-audit').type, 'Input.Date');
    assert.ok(!nodes(card).some((n) => n.isRequired === true), 'no input may be isRequired: drafts must be savable');
    assert.deepEqual(action(r, 'Save draft').data, { ...S11_RESPONSE_DATA, sectionId: 'safeguarding-overview' });
    assert.deepEqual(action(r, 'Next').data, { ...S11_RESPONSE_DATA, sectionId: 'safeguarding-overview', to: 1 });
    assert.equal(action(r, 'Save draft').verb, SAMPLE_FORM_VERBS.save);
    assert.equal(action(r, 'Next').verb, SAMPLE_FORM_VERBS.navigate);
    // The error sits under its own input, and the privacy note under the practice question.
    const t = r.allText;
    assert.ok(t.indexOf('Who is completing') < t.indexOf('required before you submit') && t.indexOf('required before you submit') < t.indexOf('Does the partnership'));
    assert.ok(t.indexOf('keep building') < t.indexOf(PRACTICE_NOTE) && t.indexOf(PRACTICE_NOTE) < t.indexOf('last audit'));
  },
  'form-section-last': (r, card) => {
    shows(r, 'Section 3 of 3: Neglect', 'Draft saved. Submit by Friday 27 June 2025.', 'Are your staff aware of ANOOF', 'Yes, most staff', 'Not sure', PRACTICE_NOTE);
    hides(r, 'Please fix');
    inputs(r, ['q.anoof-aware', 'q.toolkit-use']);
    titles(r, ['Save draft', 'Back', 'Submit']);
    assert.equal(input(card, 'q.anoof-aware').value, 'some');
    assert.deepEqual(action(r, 'Back').data, { ...S11_RESPONSE_DATA, sectionId: 'neglect', to: 1 });
    assert.deepEqual(action(r, 'Submit').data, { ...S11_RESPONSE_DATA, sectionId: 'neglect' });
    assert.equal(action(r, 'Submit').verb, SAMPLE_FORM_VERBS.submit);
    for (const a of nodes(card).filter((n) => n.type === 'Action.Execute')) assert.equal(a.associatedInputs, 'auto', 'every form button carries what was typed');
  },
  'form-section-single': (r, card) => {
    shows(r, 'JAGS participant feedback', 'Your feedback', 'How far did you feel listened to? (required)', 'Will you do something differently as a result? (required)', '1 is not at all, 5 is completely.');
    hides(r, 'Section 1 of 1', 'Next', 'Back');
    inputs(r, ['q.felt-listened', 'q.safe-space', 'q.child-at-centre', 'q.do-differently', 'q.what-differently', 'q.anything-else']);
    titles(r, ['Save draft', 'Submit']);
    assert.deepEqual((input(card, 'q.felt-listened').choices as Json[]).map((c) => c.value), ['1', '2', '3', '4', '5']);
    assert.deepEqual((input(card, 'q.do-differently').choices as Json[]).map((c) => c.value), ['yes', 'no']);
    assert.equal(input(card, 'q.what-differently').maxLength, 1000);
    assert.equal(r.allText.split(PRACTICE_NOTE).length - 1, 2, 'the privacy note under each of the two free-text questions');
  },
  'form-summary-edit': (r) => {
    shows(r, 'Submitted by Helen Bradley on Friday 23 May 2025, 10:30', 'Safeguarding overview', 'Family and Community Networking', 'Neglect');
    shows(r, 'Helen Bradley, Named Nurse for Safeguarding', 'Partly', '3 out of 5', 'Has your organisation identified father inclusive practice champions?\nYes', 'Communication, Father inclusive practice', 'Some staff');
    shows(r, 'When did your organisation last audit its safeguarding arrangements?\n—', 'We would like more joint training');
    inputs(r, []);
    titles(r, ['Edit my return']);
    assert.deepEqual(action(r, 'Edit my return').data, S11_RESPONSE_DATA);
  },
  'form-summary-closed': (r) => {
    shows(r, 'Sent on Wednesday 21 May 2025, 09:15. Thank you.', 'How far did you feel listened to?\n5 out of 5', 'Will you do something differently as a result?\nYes', 'Bring the school nurse');
    shows(r, 'Anything else you would like to tell us?\n—');
    inputs(r, []);
    titles(r, []);
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
});
