import { z } from 'zod/v4';
import { entraId, id, list, oneOf, ref, strict, text, time, whole, zone } from './config-fields.js';
import { CONFIG_MESSAGES as M } from './config-messages.js';
import { FormsSchema } from './forms/form-schema.js';

/**
 * The partnership config file (config/<partnership>.json). This schema is the one list of its
 * settings: the types below are derived from it, and its defaults are the defaults. Rules that
 * look across the file (ids used twice, a form named that does not exist) are refinements here
 * too, so nothing reads the file without them having run.
 */

const GroupSchema = strict(
  {
    id: id('lscg-south'),
    name: text('the name people know the group by', 80),
    kind: oneOf(['lscg', 'audience'], '"lscg" (meets and gets reminders) or "audience"'),
    /** The Entra ID group whose members this group follows (refreshed daily, applied by the business unit). */
    entraGroupId: entraId('the Object ID of an Entra group').optional(),
  },
  'a group such as { "id": "lscg-south", "name": "LSCG South", "kind": "lscg" }',
);

const GROUPS_EXAMPLE = 'the groups, e.g. [{ "id": "lscg-south", "name": "LSCG South", "kind": "lscg" }]';

const GroupsSchema = list(GroupSchema, GROUPS_EXAMPLE, 1).superRefine((groups, ctx) => {
  uniqueBy(groups, (g) => g.id, ctx, 'group', 'id');
  uniqueBy(groups, (g) => g.name.toLowerCase(), ctx, 'group', 'name', (g) => g.name);
  // Two groups following one Entra group would each remove the other's edits at every refresh.
  const bound = new Set<string>();
  groups.forEach((g, i) => {
    if (!g.entraGroupId) return;
    if (bound.has(g.entraGroupId)) ctx.addIssue({ code: 'custom', path: [i, 'entraGroupId'], message: M.duplicate(g.entraGroupId, 'group', 'entraGroupId') });
    bound.add(g.entraGroupId);
  });
  if (!groups.some((g) => g.kind === 'lscg')) ctx.addIssue({ code: 'custom', message: M.noLscgGroup() });
});

const ReminderRuleSchema = strict(
  {
    id: id('7-days'),
    daysBefore: whole(0, 60, 'days'),
    /** Local wall-clock time in the partnership's time zone, HH:mm. */
    at: time(),
  },
  'a reminder rule such as { "id": "7-days", "daysBefore": 7, "at": "09:00" }',
);

const MeetingsSchema = strict(
  {
    reminders: list(ReminderRuleSchema, 'reminder rules such as [{ "id": "7-days", "daysBefore": 7, "at": "09:00" }]')
      .superRefine((rules, ctx) => uniqueBy(rules, (r) => r.id, ctx, 'reminder rule', 'id'))
      // Latest first is the order the scheduler needs: the rule closest to the meeting wins.
      .transform((rules) => [...rules].sort((a, b) => a.daysBefore - b.daysBefore || b.at.localeCompare(a.at))),
    durationMinutes: whole(15, 8 * 60, 'minutes').default(120),
    maxAgendaItems: whole(1, 50, 'items').default(15),
    maxAgendaItemLength: whole(20, 1000, 'characters').default(200),
    maxVenueLength: whole(20, 1000, 'characters').default(200),
  },
  'the meeting settings, e.g. { "reminders": [{ "id": "7-days", "daysBefore": 7, "at": "09:00" }] }',
);

const TrackSchema = strict(
  {
    id: id('partners'),
    name: text('the track\'s name, e.g. "Schools and early years"', 200),
    formId: ref('the id of a form under "forms", e.g. "s11-partners"'),
  },
  'a track such as { "id": "partners", "name": "Partner organisations", "formId": "s11-partners" }',
);

const Section11Schema = strict(
  {
    /** Days before the deadline when leads of organisations that have not submitted are reminded. */
    reminderDaysBefore: list(whole(0, 120, 'days'), 'whole numbers of days, e.g. [14, 7, 1]')
      .default(() => [14, 7, 1])
      .transform((days) => [...new Set(days)].sort((a, b) => b - a)),
    reminderAt: time().default('09:00'),
    tracks: list(TrackSchema, 'the tracks, e.g. [{ "id": "partners", "name": "Partner organisations", "formId": "s11-partners" }]')
      .superRefine((tracks, ctx) => uniqueBy(tracks, (t) => t.id, ctx, 'track', 'id'))
      .default(() => []),
  },
  'the Section 11 settings, e.g. { "reminderDaysBefore": [14, 7, 1], "tracks": [ … ] }',
).prefault(() => ({}));

const JagsSchema = strict(
  {
    /** Left out: "jags-feedback" if there is such a form, else none. */
    feedbackFormId: ref('the id of a form under "forms", e.g. "jags-feedback"').optional(),
    sessionMinutes: whole(15, 8 * 60, 'minutes').default(90),
    feedbackDelayMinutes: whole(0, 7 * 24 * 60, 'minutes').default(60),
    reminderAfterDays: whole(1, 60, 'days').default(3),
    closeAfterDays: whole(1, 90, 'days').default(14),
  },
  'the JAGS settings, e.g. { "feedbackFormId": "jags-feedback" }',
).prefault(() => ({}));

/** Newsletters and broadcasts to the configured audiences. */
const NewsletterSchema = strict(
  {
    /** Someone added to an audience gets the latest issue if it went out at most this many days ago. */
    lateJoinerDays: whole(0, 365, 'days').default(30),
    /** Forms (under "forms") a broadcast may carry, e.g. a short survey. */
    formIds: list(ref('the id of a form under "forms", e.g. "neglect-toolkit-survey"'), 'form ids, e.g. ["neglect-toolkit-survey"]').default(() => []),
  },
  'the newsletter settings, e.g. { "lateJoinerDays": 30, "formIds": ["neglect-toolkit-survey"] }',
).prefault(() => ({}));

/**
 * How long each kind of record is kept before the daily retention job removes it. Defaults for
 * the business unit to confirm (the README's "Retention" gives the reasons).
 */
const RetentionSchema = strict(
  {
    deliveryRecordsMonths: whole(1, 240, 'months').default(12),
    meetingsMonths: whole(1, 240, 'months').default(24),
    rsvpsMonths: whole(1, 240, 'months').default(24),
    section11Months: whole(1, 240, 'months').default(72),
    jagsRequestsMonths: whole(1, 240, 'months').default(36),
    jagsSessionsMonths: whole(1, 240, 'months').default(36),
    newslettersMonths: whole(1, 240, 'months').default(24),
    uninstalledAppMonths: whole(1, 240, 'months').default(12),
    rosterPastesDays: whole(1, 3660, 'days').default(7),
  },
  'how long records are kept, e.g. { "meetingsMonths": 24 }',
)
  .superRefine((r, ctx) => {
    // RSVPs go with their meeting: keeping them longer would leave answers to nothing.
    if (r.rsvpsMonths > r.meetingsMonths) ctx.addIssue({ code: 'custom', path: ['rsvpsMonths'], message: M.rsvpsOutliveMeetings(r.rsvpsMonths, r.meetingsMonths) });
  })
  .prefault(() => ({}));

const PartnershipConfigFields = strict(
  {
    partnership: strict(
      {
        name: text('the partnership\'s full name', 200),
        shortName: text('a short name such as "NSCP"', 40),
        website: text('the partnership\'s web address', 500).optional(),
        timeZone: zone().default('Europe/London'),
      },
      'the partnership, e.g. { "name": "Norfolk Safeguarding Children Partnership", "shortName": "NSCP", "timeZone": "Europe/London" }',
    ),
    groups: GroupsSchema,
    meetings: MeetingsSchema,
    roster: strict({ maxRows: whole(1, 100000, 'rows').default(2000) }, 'the roster settings, e.g. { "maxRows": 2000 }').prefault(() => ({})),
    forms: FormsSchema.default(() => ({})),
    section11: Section11Schema,
    jags: JagsSchema,
    newsletter: NewsletterSchema,
    retention: RetentionSchema,
  },
  'a JSON object with partnership, groups and meetings',
);

export const PartnershipConfigSchema = PartnershipConfigFields.superRefine((c, ctx) => {
  const formIds = Object.keys(c.forms);
  const mustBeForm = (formId: string, path: Array<string | number>) => {
    if (!Object.hasOwn(c.forms, formId)) ctx.addIssue({ code: 'custom', path, message: M.unknownForm(formId, formIds) });
  };
  c.section11.tracks.forEach((t, i) => mustBeForm(t.formId, ['section11', 'tracks', i, 'formId']));
  if (c.jags.feedbackFormId !== undefined) mustBeForm(c.jags.feedbackFormId, ['jags', 'feedbackFormId']);
  c.newsletter.formIds.forEach((formId, i) => mustBeForm(formId, ['newsletter', 'formIds', i]));
}).transform((c) => ({
  ...c,
  jags: { ...c.jags, feedbackFormId: c.jags.feedbackFormId ?? (Object.hasOwn(c.forms, 'jags-feedback') ? 'jags-feedback' : '') },
}));

export type PartnershipConfig = z.output<typeof PartnershipConfigSchema>;
export type GroupConfig = z.output<typeof GroupSchema>;
export type GroupKind = GroupConfig['kind'];
export type ReminderRule = z.output<typeof ReminderRuleSchema>;
export type RetentionConfig = z.output<typeof RetentionSchema>;

/** The defaults, for the README and the retention job's tests. */
export const RETENTION_DEFAULTS: RetentionConfig = RetentionSchema.parse({});

/** Adds an issue at the second (and any later) item whose key another item already has. */
function uniqueBy<T>(items: readonly T[], key: (item: T) => string, ctx: z.RefinementCtx, thing: string, field: string, shown: (item: T) => string = key): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [i, field], message: M.duplicate(shown(item), thing, field) });
    seen.add(k);
  });
}
