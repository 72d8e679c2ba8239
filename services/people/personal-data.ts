import { held, type DataSubject, type PersonalData } from '../privacy/personal-data.js';
import type { People } from './people.js';

const ROSTER = 'Roster entry (email, name, organisation, groups)';
const INSTALLS = 'Teams app installation (Teams ids, tenant, name, the chat the bot writes to)';
const ROWS = 'Rows about them in a roster paste not yet imported';
const OWN = 'Roster pastes they made and did not import';

/** The roster, installations and unimported roster pastes: the shared "people" piece. */
export function peoplePersonalData(people: People): PersonalData {
  return {
    source: 'people',
    async describe(who: DataSubject) {
      const pastes = people.pastesAbout(who);
      return held(
        { what: ROSTER, count: people.person(who.email) ? 1 : 0, onErase: 'removed: they get no more reminders or forms' },
        { what: INSTALLS, count: people.installationsOf(who.email).length, onErase: 'removed: the bot can no longer message them' },
        { what: ROWS, count: pastes.rows.reduce((n, r) => n + r.rows.length, 0), onErase: 'those rows removed from the paste' },
        { what: OWN, count: pastes.own.length, onErase: 'removed' },
      );
    },
    async export(who: DataSubject) {
      const person = people.person(who.email);
      const pastes = people.pastesAbout(who);
      return {
        rosterEntry: person ?? null,
        installations: people.installationsOf(who.email),
        unimportedRosterRows: pastes.rows,
        ownUnimportedPastes: pastes.own.map((p) => ({ id: p.id, createdAt: p.createdAt, rows: p.text.split(/\r?\n/).filter(Boolean).length })),
        knownAs: { names: who.names, accountIds: who.accountIds },
      };
    },
    async erase(who: DataSubject) {
      const n = await people.eraseAbout(who);
      return held(
        { what: ROSTER, count: n.roster, onErase: 'removed' },
        { what: INSTALLS, count: n.installations, onErase: 'removed' },
        { what: ROWS, count: n.pastedRows, onErase: 'removed from the paste' },
        { what: OWN, count: n.ownPastes, onErase: 'removed' },
      );
    },
  };
}
