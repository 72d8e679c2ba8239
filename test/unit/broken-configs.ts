import type { Json } from '../support/json.js';
import type { CONFIG_MESSAGES } from '../../services/config-messages.js';
import type { FORM_MESSAGES } from '../../services/forms/form-messages.js';

/**
 * Minimal broken copies of config/norfolk.json, one fault each, with the full message start-up
 * stops with. config.test.ts runs every row and checks that, between them, the rows produce every
 * message builder in the source. `{dir}` in a message is the folder the file was written to.
 */

export type Template = `config.${keyof typeof CONFIG_MESSAGES}` | `form.${keyof typeof FORM_MESSAGES}`;

// Untyped on purpose (Json): rows break the file in ways its types forbid, as a person editing it would.

export interface BrokenConfig {
  /** The message builder that words this fault. */
  template: Template;
  /** Applied to a fresh copy of config/norfolk.json. */
  change?: (config: Json) => void;
  /** The file's whole text instead of a changed copy; null: no file at all. */
  text?: string | null;
  expected: string;
}

const FILE = 'config/norfolk.json';
const jagsQuestion = (c: Json, i: number) => c.forms['jags-feedback'].sections[0].questions[i];
const anoof = (c: Json) => c.forms['s11-partners'].sections[2].questions[0];
const JAGS_Q0 = `${FILE} forms.jags-feedback.sections[0].questions[0]: Form "jags-feedback", question "listened"`;
const JAGS_Q4 = `${FILE} forms.jags-feedback.sections[0].questions[4]: Form "jags-feedback", question "what-differently"`;
const ANOOF = `${FILE} forms.s11-partners.sections[2].questions[0]: Form "s11-partners", question "anoof-aware"`;
const KINDS = 'short-text, long-text, single-choice, multi-choice, rating, yes-no, date';
const CHOICES_EXAMPLE = '[ { "value": "yes", "title": "Yes" }, { "value": "no", "title": "No" } ]';
const ID_RULE = 'use 1–63 lower-case letters, digits and hyphens, starting with a letter or digit';

/** What JSON.parse says about the text: its wording is the JavaScript engine's, not ours. */
function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${text} is valid JSON`);
}

export const BROKEN_CONFIGS: BrokenConfig[] = [
  // The file itself.
  {
    template: 'config.cannotRead',
    text: null,
    expected: 'PARTNERSHIP_CONFIG: cannot read {dir}/config/norfolk.json. Point PARTNERSHIP_CONFIG at a partnership config file such as config/norfolk.json.',
  },
  {
    template: 'config.notJson',
    text: '{ "partnership": ',
    expected: `PARTNERSHIP_CONFIG: {dir}/config/norfolk.json is not valid JSON (${jsonError('{ "partnership": ')}). Fix the file or point PARTNERSHIP_CONFIG elsewhere.`,
  },

  // Settings outside the forms.
  {
    template: 'config.unknownSetting',
    change: (c) => (c.section11.reminderDaysbefore = [30]),
    expected: `${FILE} section11.reminderDaysbefore: unknown setting; did you mean reminderDaysBefore?`,
  },
  {
    template: 'config.unknownSetting',
    change: (c) => (c.jags.closeAfterDay = 3),
    expected: `${FILE} jags.closeAfterDay: unknown setting; did you mean closeAfterDays?`,
  },
  {
    template: 'config.unknownSettingNoMatch',
    change: (c) => (c.jags.colour = 'blue'),
    expected: `${FILE} jags.colour: unknown setting; the settings allowed here are feedbackFormId, sessionMinutes, feedbackDelayMinutes, reminderAfterDays, closeAfterDays.`,
  },
  {
    template: 'config.unknownSettingNoMatch',
    change: (c) => (c.broadcasts = {}),
    expected: `${FILE} broadcasts: unknown setting; the settings allowed here are partnership, groups, meetings, roster, forms, section11, jags, newsletter, retention.`,
  },
  {
    template: 'config.unknownSetting',
    change: (c) => (c.newsletter = { lateJoinerDay: 30 }),
    expected: `${FILE} newsletter.lateJoinerDay: unknown setting; did you mean lateJoinerDays?`,
  },
  {
    template: 'config.missing',
    change: (c) => delete c.partnership.name,
    expected: `${FILE} partnership.name: is missing: add the partnership's full name.`,
  },
  {
    template: 'config.missing',
    change: (c) => delete c.meetings,
    expected: `${FILE} meetings: is missing: add the meeting settings, e.g. { "reminders": [{ "id": "7-days", "daysBefore": 7, "at": "09:00" }] }.`,
  },
  {
    template: 'config.wrongType',
    change: (c) => (c.jags.closeAfterDays = '14'),
    expected: `${FILE} jags.closeAfterDays: must be a whole number of days from 1 to 90, not text ("14"): write it without quotes.`,
  },
  {
    template: 'config.wrongType',
    change: (c) => (c.meetings.reminders[0].daysBefore = 1.5),
    expected: `${FILE} meetings.reminders[0].daysBefore: must be a whole number of days from 0 to 60, not 1.5.`,
  },
  {
    template: 'config.wrongType',
    change: (c) => (c.groups = { 'lscg-south': 'LSCG South' }),
    expected: `${FILE} groups: must be a list of the groups, e.g. [{ "id": "lscg-south", "name": "LSCG South", "kind": "lscg" }], not an object.`,
  },
  {
    template: 'config.wrongType',
    text: '[]',
    expected: `${FILE}: must be a JSON object with partnership, groups and meetings, not a list.`,
  },
  {
    template: 'config.blank',
    change: (c) => (c.partnership.shortName = '  '),
    expected: `${FILE} partnership.shortName: is blank: write a short name such as "NSCP".`,
  },
  {
    template: 'config.tooLong',
    change: (c) => (c.groups[0].name = 'L'.repeat(81)),
    expected: `${FILE} groups[0].name: is 81 characters long: shorten it to 80 or fewer.`,
  },
  {
    template: 'config.outOfRange',
    change: (c) => (c.meetings.reminders[0].daysBefore = 61),
    expected: `${FILE} meetings.reminders[0].daysBefore: 61 is out of range: use a whole number of days from 0 to 60.`,
  },
  {
    template: 'config.outOfRange',
    change: (c) => (c.section11.reminderDaysBefore = [14, -1]),
    expected: `${FILE} section11.reminderDaysBefore[1]: -1 is out of range: use a whole number of days from 0 to 120.`,
  },
  {
    template: 'config.badId',
    change: (c) => (c.groups[0].id = 'LSCG South'),
    expected: `${FILE} groups[0].id: "LSCG South" cannot be an id: use lower-case letters, digits and dashes, e.g. "lscg-south".`,
  },
  {
    template: 'config.badEntraId',
    change: (c) => (c.groups[0].entraGroupId = 'LSCG South members'),
    expected: `${FILE} groups[0].entraGroupId: "LSCG South members" is not a GUID: use the Object ID of an Entra group, e.g. "0f6e1c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b" (in the Entra admin centre: Groups, the group, Object ID).`,
  },
  {
    template: 'config.duplicate',
    change: (c) => {
      c.groups[0].entraGroupId = '0F6E1C2A-3B4D-4E5F-8A9B-0C1D2E3F4A5B';
      c.groups[2].entraGroupId = '0f6e1c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
    },
    expected: `${FILE} groups[2].entraGroupId: "0f6e1c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b" is already used by another group: give each group its own entraGroupId.`,
  },
  {
    template: 'config.badTime',
    change: (c) => (c.section11.reminderAt = '9am'),
    expected: `${FILE} section11.reminderAt: "9am" is not a 24-hour time: write it like "09:00" or "17:30".`,
  },
  {
    template: 'config.badTime',
    change: (c) => (c.meetings.reminders[1].at = '24:00'),
    expected: `${FILE} meetings.reminders[1].at: "24:00" is not a 24-hour time: write it like "09:00" or "17:30".`,
  },
  {
    template: 'config.badZone',
    change: (c) => (c.partnership.timeZone = 'Europe/Norwich'),
    expected: `${FILE} partnership.timeZone: "Europe/Norwich" is not an IANA time zone: use a name such as "Europe/London".`,
  },
  {
    template: 'config.notAnOption',
    change: (c) => (c.groups[0].kind = 'club'),
    expected: `${FILE} groups[0].kind: "club" is not allowed here: use "lscg" (meets and gets reminders) or "audience".`,
  },
  {
    template: 'config.emptyList',
    change: (c) => (c.groups = []),
    expected: `${FILE} groups: is empty: list the groups, e.g. [{ "id": "lscg-south", "name": "LSCG South", "kind": "lscg" }].`,
  },
  {
    template: 'config.duplicate',
    change: (c) => (c.groups[1].id = 'lscg-south'),
    expected: `${FILE} groups[1].id: "lscg-south" is already used by another group: give each group its own id.`,
  },
  {
    template: 'config.duplicate',
    change: (c) => (c.groups[1].name = 'LSCG south'),
    expected: `${FILE} groups[1].name: "LSCG south" is already used by another group: give each group its own name.`,
  },
  {
    template: 'config.duplicate',
    change: (c) => (c.meetings.reminders[1].id = '7-days'),
    expected: `${FILE} meetings.reminders[1].id: "7-days" is already used by another reminder rule: give each reminder rule its own id.`,
  },
  {
    template: 'config.duplicate',
    change: (c) => (c.section11.tracks[1].id = 'partners'),
    expected: `${FILE} section11.tracks[1].id: "partners" is already used by another track: give each track its own id.`,
  },
  {
    template: 'config.rsvpsOutliveMeetings',
    change: (c) => (c.retention = { meetingsMonths: 12, rsvpsMonths: 18 }),
    expected: `${FILE} retention.rsvpsMonths: is 18, longer than meetingsMonths (12): RSVPs go with their meeting. Make it at most 12.`,
  },
  {
    template: 'config.noLscgGroup',
    change: (c) => (c.groups = c.groups.filter((g: Json) => g.kind !== 'lscg')),
    expected: `${FILE} groups: has no group of kind "lscg": add at least one (LSCGs are the groups that meet and get reminders).`,
  },
  {
    template: 'config.unknownForm',
    change: (c) => (c.section11.tracks[0].formId = 's11-partner'),
    expected: `${FILE} section11.tracks[0].formId: names form "s11-partner", which is not under "forms": use one of s11-partners, s11-schools-early-years, jags-feedback, neglect-toolkit-survey.`,
  },
  {
    template: 'config.unknownForm',
    change: (c) => {
      c.forms = {};
      c.section11.tracks = [];
      c.newsletter.formIds = [];
      c.jags.feedbackFormId = 'jags-feedback';
    },
    expected: `${FILE} jags.feedbackFormId: names form "jags-feedback", which is not under "forms": use the id of a form you add under "forms".`,
  },
  {
    template: 'config.unknownForm',
    change: (c) => (c.newsletter = { formIds: ['jags-feedbak'] }),
    expected: `${FILE} newsletter.formIds[0]: names form "jags-feedbak", which is not under "forms": use one of s11-partners, s11-schools-early-years, jags-feedback, neglect-toolkit-survey.`,
  },

  // The forms: each message names the form, and the section, question or choice.
  {
    template: 'form.formsNotAnObject',
    change: (c) => (c.forms = [c.forms['jags-feedback']]),
    expected: `${FILE} forms: must be an object keyed by form id, like { "jags-feedback": { "title": …, "sections": [ … ] } }.`,
  },
  {
    template: 'form.formIdNotAllowed',
    change: (c) => (c.forms['JAGS feedback'] = c.forms['jags-feedback']),
    expected: `${FILE} forms.JAGS feedback: Form "JAGS feedback": the form id is not allowed: ${ID_RULE} (for example "jags-feedback").`,
  },
  {
    template: 'form.formNotAnObject',
    change: (c) => (c.forms['neglect-check-in'] = 'to do'),
    expected: `${FILE} forms.neglect-check-in: Form "neglect-check-in": must be an object with "title" and "sections".`,
  },
  {
    template: 'form.unknownSetting',
    change: (c) => (jagsQuestion(c, 0).lable = 'I felt listened to'),
    expected: `${JAGS_Q0}: "lable" is not a known setting: did you mean "label"?`,
  },
  {
    template: 'form.unknownSetting',
    change: (c) => (anoof(c).choices[1].titel = 'Some'),
    expected: `${FILE} forms.s11-partners.sections[2].questions[0].choices[1]: Form "s11-partners", question "anoof-aware", choice 2: "titel" is not a known setting: did you mean "title"?`,
  },
  {
    template: 'form.unknownSettingNoMatch',
    change: (c) => (c.forms['jags-feedback'].colour = 'blue'),
    expected: `${FILE} forms.jags-feedback: Form "jags-feedback": "colour" is not a known setting: use only "id", "title", "intro", "sections" (check the spelling).`,
  },
  {
    template: 'form.idMismatch',
    change: (c) => (c.forms['jags-feedback'].id = 'jags'),
    expected: `${FILE} forms.jags-feedback: Form "jags-feedback": "id" is "jags" but the form is listed as "jags-feedback": remove "id" (the key is the id) or make them the same.`,
  },
  {
    template: 'form.formTitle',
    change: (c) => (c.forms['jags-feedback'].title = ''),
    expected: `${FILE} forms.jags-feedback: Form "jags-feedback": needs a "title" of 1–200 characters, as people will see it at the top of the card.`,
  },
  {
    template: 'form.intro',
    change: (c) => (c.forms['jags-feedback'].intro = ['Thank you']),
    expected: `${FILE} forms.jags-feedback: Form "jags-feedback": "intro" must be text of at most 2000 characters, or left out.`,
  },
  {
    template: 'form.intro',
    change: (c) => (c.forms['s11-partners'].sections[1].intro = 'F'.repeat(2001)),
    expected: `${FILE} forms.s11-partners.sections[1]: Form "s11-partners", section "fcn": "intro" must be text of at most 2000 characters, or left out.`,
  },
  {
    template: 'form.noSections',
    change: (c) => (c.forms['jags-feedback'].sections = []),
    expected: `${FILE} forms.jags-feedback: Form "jags-feedback": has no sections: add "sections": [ { "id", "title", "questions": [ … ] } ] with at least one section.`,
  },
  {
    template: 'form.sectionNotAnObject',
    change: (c) => (c.forms['jags-feedback'].sections[0] = 'Your feedback'),
    expected: `${FILE} forms.jags-feedback.sections[0]: Form "jags-feedback", section 1: must be an object with "id", "title" and "questions".`,
  },
  {
    template: 'form.needsId',
    change: (c) => (c.forms['jags-feedback'].sections[0].id = 'Feedback'),
    expected: `${FILE} forms.jags-feedback.sections[0]: Form "jags-feedback", section "Feedback": needs an "id": ${ID_RULE} (for example "felt-listened").`,
  },
  {
    template: 'form.needsId',
    change: (c) => delete jagsQuestion(c, 0).id,
    expected: `${FILE} forms.jags-feedback.sections[0].questions[0]: Form "jags-feedback", question 1 (no id): needs an "id": ${ID_RULE} (for example "felt-listened").`,
  },
  {
    template: 'form.duplicateSectionId',
    change: (c) => (c.forms['s11-partners'].sections[1].id = 'overview'),
    expected: `${FILE} forms.s11-partners.sections[1]: Form "s11-partners", section "overview": the id "overview" is used by another section of this form: give each section its own id.`,
  },
  {
    template: 'form.sectionTitle',
    change: (c) => (c.forms['jags-feedback'].sections[0].title = ' '),
    expected: `${FILE} forms.jags-feedback.sections[0]: Form "jags-feedback", section "feedback": needs a "title" of 1–200 characters.`,
  },
  {
    template: 'form.noQuestions',
    change: (c) => (c.forms['jags-feedback'].sections[0].questions = []),
    expected: `${FILE} forms.jags-feedback.sections[0]: Form "jags-feedback", section "feedback": has no questions: add "questions": [ { "id", "kind", "label", "required" } ] with at least one question.`,
  },
  {
    template: 'form.duplicateQuestionId',
    change: (c) => (c.forms['s11-partners'].sections[1].questions[0].id = 'voice'),
    expected: `${FILE} forms.s11-partners.sections[1].questions[0]: Form "s11-partners", question "voice": the id is already used by a question in section "overview". Question ids must be unique across the whole form (answers are stored by id): rename one of them.`,
  },
  {
    template: 'form.sectionTooBig',
    change: (c) => {
      jagsQuestion(c, 4).maxLength = 10000;
      jagsQuestion(c, 5).maxLength = 10000;
    },
    expected: `${FILE} forms.jags-feedback.sections[0]: Form "jags-feedback", section "feedback": is too big for one Teams card (about 27 KB of the 20 KB allowed, counting answers at their full length). Split it into two sections, or lower "maxLength" on its long text questions.`,
  },
  {
    template: 'form.questionNotAnObject',
    change: (c) => (c.forms['jags-feedback'].sections[0].questions[0] = 'I felt listened to'),
    expected: `${FILE} forms.jags-feedback.sections[0].questions[0]: Form "jags-feedback", question 1 (no id): must be an object with "id", "kind", "label" and "required".`,
  },
  {
    template: 'form.kindMissing',
    change: (c) => delete jagsQuestion(c, 0).kind,
    expected: `${JAGS_Q0}: "kind" is missing: use one of ${KINDS}.`,
  },
  {
    template: 'form.kindUnknown',
    change: (c) => (jagsQuestion(c, 0).kind = 'stars'),
    expected: `${JAGS_Q0}: "kind" "stars" is not known: use one of ${KINDS}.`,
  },
  {
    template: 'form.noLabel',
    change: (c) => delete jagsQuestion(c, 0).label,
    expected: `${JAGS_Q0}: has no "label": add the question's wording as people should read it.`,
  },
  {
    template: 'form.labelTooLong',
    change: (c) => (jagsQuestion(c, 0).label = 'I'.repeat(501)),
    expected: `${JAGS_Q0}: "label" is 501 characters: shorten it to 500 or fewer, and move detail into "help".`,
  },
  {
    template: 'form.help',
    change: (c) => (jagsQuestion(c, 0).help = 5),
    expected: `${JAGS_Q0}: "help" must be text of at most 500 characters, or left out.`,
  },
  {
    template: 'form.requiredNotBoolean',
    change: (c) => (jagsQuestion(c, 0).required = 'yes'),
    expected: `${JAGS_Q0}: "required" must be true or false (without quotes).`,
  },
  {
    template: 'form.aboutPracticeNotBoolean',
    change: (c) => (jagsQuestion(c, 4).aboutPractice = 'true'),
    expected: `${JAGS_Q4}: "aboutPractice" must be true or false (without quotes).`,
  },
  {
    template: 'form.aboutPracticeNotText',
    change: (c) => (jagsQuestion(c, 0).aboutPractice = true),
    expected: `${JAGS_Q0}: "aboutPractice" only applies to short-text and long-text questions (it adds the note about not identifying children): remove it from this rating question.`,
  },
  {
    template: 'form.maxLength',
    change: (c) => (jagsQuestion(c, 4).maxLength = 0),
    expected: `${JAGS_Q4}: "maxLength" must be a whole number from 1 to 10000, or left out for the default (200 for short-text, 2000 for long-text).`,
  },
  {
    template: 'form.maxLengthNotText',
    change: (c) => (jagsQuestion(c, 0).maxLength = 100),
    expected: `${JAGS_Q0}: "maxLength" only applies to short-text and long-text questions: remove it from this rating question.`,
  },
  {
    template: 'form.choicesNotAList',
    change: (c) => (anoof(c).choices = 'most, some, few'),
    expected: `${ANOOF}: "choices" must be a list of options like ${CHOICES_EXAMPLE}.`,
  },
  {
    template: 'form.needsChoices',
    change: (c) => delete anoof(c).choices,
    expected: `${ANOOF}: a single-choice question needs "choices": a list of 2–30 options like ${CHOICES_EXAMPLE}.`,
  },
  {
    template: 'form.needsChoices',
    change: (c) => anoof(c).choices.splice(1),
    expected: `${ANOOF}: a single-choice question needs "choices": a list of 2–30 options like ${CHOICES_EXAMPLE} (it has 1).`,
  },
  {
    template: 'form.choicesNotForKind',
    change: (c) => (jagsQuestion(c, 0).choices = [{ value: 'yes', title: 'Yes' }, { value: 'no', title: 'No' }]),
    expected: `${JAGS_Q0}: "choices" only apply to single-choice and multi-choice questions: remove them, or change "kind" to single-choice or multi-choice.`,
  },
  {
    template: 'form.choiceNotAnObject',
    change: (c) => (anoof(c).choices[1] = 'Some staff know of it'),
    expected: `${FILE} forms.s11-partners.sections[2].questions[0].choices[1]: Form "s11-partners", question "anoof-aware", choice 2: must be an object like { "value": "yes", "title": "Yes" }.`,
  },
  {
    template: 'form.choiceValue',
    change: (c) => (anoof(c).choices[1].value = 'Some'),
    expected: `${FILE} forms.s11-partners.sections[2].questions[0].choices[1]: Form "s11-partners", question "anoof-aware", choice 2: needs a "value": ${ID_RULE} (for example "not-sure"). It is stored and exported; the title is what people see.`,
  },
  {
    template: 'form.duplicateChoiceValue',
    change: (c) => (anoof(c).choices[1].value = 'most'),
    expected: `${FILE} forms.s11-partners.sections[2].questions[0].choices[1]: Form "s11-partners", question "anoof-aware", choice 2: two choices have the value "most": give each choice its own value.`,
  },
  {
    template: 'form.choiceTitle',
    change: (c) => (anoof(c).choices[1].title = ''),
    expected: `${FILE} forms.s11-partners.sections[2].questions[0].choices[1]: Form "s11-partners", question "anoof-aware", choice 2: needs a "title" of 1–200 characters (the words people see).`,
  },
];
