import type { GroupConfig, GroupKind, PartnershipConfig, ReminderRule } from '../../services/config.js';
import type { Choice, FormDefinition, FormSection, Question, QuestionKind } from '../../services/forms/definition.js';

/**
 * The config and form types are derived from the schema; the rest of the bot was written
 * against these shapes. Not a mocha test: the compiler checks it (npm test typechecks first,
 * and tsconfig includes test/), so a schema change that makes a defaulted setting optional, or
 * renames a field, fails npm test here rather than somewhere in a feature.
 */

type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

export const shapes = {
  GroupKind: true satisfies Same<GroupKind, 'lscg' | 'audience'>,
  GroupConfig: true satisfies Same<GroupConfig, { id: string; name: string; kind: GroupKind; entraGroupId?: string | undefined }>,
  ReminderRule: true satisfies Same<ReminderRule, { id: string; daysBefore: number; at: string }>,
  partnership: true satisfies Same<PartnershipConfig['partnership'], { name: string; shortName: string; website?: string | undefined; timeZone: string }>,
  meetings: true satisfies Same<
    PartnershipConfig['meetings'],
    { reminders: ReminderRule[]; durationMinutes: number; maxAgendaItems: number; maxAgendaItemLength: number; maxVenueLength: number }
  >,
  roster: true satisfies Same<PartnershipConfig['roster'], { maxRows: number }>,
  forms: true satisfies Same<PartnershipConfig['forms'], Record<string, FormDefinition>>,
  section11: true satisfies Same<PartnershipConfig['section11'], { reminderDaysBefore: number[]; reminderAt: string; tracks: Array<{ id: string; name: string; formId: string }> }>,
  jags: true satisfies Same<
    PartnershipConfig['jags'],
    { feedbackFormId: string; sessionMinutes: number; feedbackDelayMinutes: number; reminderAfterDays: number; closeAfterDays: number }
  >,
  QuestionKind: true satisfies Same<QuestionKind, 'short-text' | 'long-text' | 'single-choice' | 'multi-choice' | 'rating' | 'yes-no' | 'date'>,
  Choice: true satisfies Same<Choice, { value: string; title: string }>,
  Question: true satisfies Same<
    Question,
    {
      id: string;
      kind: QuestionKind;
      label: string;
      help?: string | undefined;
      required: boolean;
      maxLength?: number | undefined;
      choices?: Choice[] | undefined;
      aboutPractice?: boolean | undefined;
    }
  >,
  FormSection: true satisfies Same<FormSection, { id: string; title: string; intro?: string | undefined; questions: Question[] }>,
  FormDefinition: true satisfies Same<FormDefinition, { id: string; title: string; intro?: string | undefined; sections: FormSection[] }>,
};
