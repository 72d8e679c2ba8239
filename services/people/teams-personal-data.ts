import { held, isTheirAccount, type DataSubject, type PersonalData } from '../privacy/personal-data.js';
import type { Teams } from './teams.js';

const ADDED = 'Teams they added the app to (their Entra id as the one who added it)';

/** The one thing a team's record keeps about a person: who added the app to it. */
export function teamsPersonalData(teams: Teams): PersonalData {
  const theirs = (who: DataSubject) => teams.all().filter((t) => isTheirAccount(who, t.addedBy));
  return {
    source: 'teams',
    async describe(who) {
      return held({ what: ADDED, count: theirs(who).length, onErase: 'their id removed; the team stays, so its channels can still be posted to' });
    },
    async export(who) {
      return { teamsTheyAddedTheAppTo: theirs(who).map((t) => ({ team: t.name, addedAt: t.addedAt })) };
    },
    async erase(who) {
      const list = theirs(who);
      for (const t of list) await teams.forgetAdder(t.id);
      return held({ what: ADDED, count: list.length, onErase: 'their id removed' });
    },
  };
}
