import type { AppConfig } from '../../config.js';
import { answerFields, formColumns } from '../../replica/form-columns.js';
import type { ReplicaSource } from '../../replica/replica-spec.js';
import type { S11Return, Section11 } from './section11.js';

/**
 * Section 11 returns: one row per organisation per cycle, a column per question of the tracks'
 * forms. Only submitted answers are replicated (a draft is the organisation's own until sent);
 * the person is the name of whoever submitted, as the business unit records it.
 */
export function section11Replica(deps: { config: AppConfig; section11: Section11 }): ReplicaSource<never>[] {
  const forms = deps.config.partnership.section11.tracks.map((t) => deps.config.partnership.forms[t.formId]);
  const returns: ReplicaSource<S11Return> = {
    list: {
      list: 'nscpSection11Returns',
      displayName: 'NSCP Section 11 returns',
      description: 'Section 11 returns, one row per organisation per cycle (kept in step by the bot).',
      columns: [
        { name: 'CycleBotId', displayName: 'Cycle (bot id)', type: 'text' },
        { name: 'Year', type: 'number' },
        { name: 'Track', type: 'text' },
        { name: 'Organisation', type: 'text' },
        { name: 'State', type: 'choice', choices: ['Draft', 'Submitted'] },
        { name: 'SubmittedAt', displayName: 'Submitted at', type: 'dateTime' },
        { name: 'SubmittedBy', displayName: 'Submitted by', type: 'text' },
        { name: 'Late', type: 'boolean' },
        ...formColumns(forms),
      ],
    },
    collection: 's11-returns',
    botId: (collection, id) => `${collection.slice('s11-returns/'.length)}:${id}`,
    row: (r) => {
      const cycle = deps.section11.allCycles().find((c) => c.id === r.cycleId);
      return {
        Title: `${r.organisation}${cycle ? `, ${cycle.trackName} ${cycle.year}` : ''}`,
        CycleBotId: r.cycleId,
        Year: cycle?.year ?? null,
        Track: cycle?.trackName ?? null,
        Organisation: r.organisation,
        State: r.submitted ? 'Submitted' : 'Draft',
        SubmittedAt: r.submittedAt ?? null,
        SubmittedBy: r.submitted ? (r.submittedByName ?? null) : null,
        Late: r.late ?? false,
        ...answerFields(cycle ? deps.config.partnership.forms[cycle.formId] : undefined, r.submitted),
      };
    },
  };
  return [returns] as ReplicaSource<never>[];
}
