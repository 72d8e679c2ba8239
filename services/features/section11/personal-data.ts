import { ERASED, held, isTheirAccount, isTheirName, type DataSubject, type PersonalData } from '../../privacy/personal-data.js';
import { cycleTitle } from './views.js';
import { orgKey, type S11Cycle, type S11Return, type Section11 } from './section11.js';

const MARKS = 'Section 11 returns marked with their name ("draft last changed by", "submitted by")';
const OPENED = 'Section 11 cycles they opened ("opened by")';

interface Mark {
  cycle: S11Cycle;
  ret: S11Return;
  draft: boolean;
  submitted: boolean;
}

/**
 * Returns keep who last changed the draft and who submitted by name only, so a mark is theirs
 * when the name is one they are known by, on a return of their own organisation (any
 * organisation when they are no longer on the roster). The answers are the organisation's, not
 * the person's: they stay, and are not part of the person's export.
 */
async function marks(section11: Section11, who: DataSubject): Promise<Mark[]> {
  const org = who.organisation ? orgKey(who.organisation) : undefined;
  const out: Mark[] = [];
  for (const cycle of section11.allCycles()) {
    for (const ret of await section11.allReturns(cycle.id)) {
      if (org && ret.id !== org) continue;
      const draft = isTheirName(who, ret.draftByName);
      const submitted = isTheirName(who, ret.submittedByName);
      if (draft || submitted) out.push({ cycle, ret, draft, submitted });
    }
  }
  return out;
}

export function section11PersonalData(s: { section11: Section11 }): PersonalData {
  const openedBy = (who: DataSubject) => s.section11.allCycles().filter((c) => isTheirAccount(who, c.openedBy));
  return {
    source: 'section11',
    async describe(who) {
      return held(
        { what: MARKS, count: (await marks(s.section11, who)).length, onErase: 'their name replaced by "(erased)"; the organisation\'s return is kept' },
        { what: OPENED, count: openedBy(who).length, onErase: '"opened by" replaced by "(erased)"; the cycle is kept' },
      );
    },
    async export(who) {
      return {
        returnsMarkedWithTheirName: (await marks(s.section11, who)).map((m) => ({
          cycle: cycleTitle(m.cycle),
          organisation: m.ret.organisation,
          ...(m.draft ? { draftLastChangedBy: m.ret.draftByName, draftAt: m.ret.draftAt } : {}),
          ...(m.submitted ? { submittedBy: m.ret.submittedByName, submittedAt: m.ret.submittedAt, late: m.ret.late } : {}),
        })),
        cyclesOpened: openedBy(who).map((c) => ({ cycle: cycleTitle(c), openedAt: c.openedAt })),
      };
    },
    async erase(who) {
      const found = await marks(s.section11, who);
      for (const m of found) await s.section11.renameMarks(m.cycle.id, m.ret.id, m, ERASED);
      const opened = await s.section11.replaceOpener((id) => isTheirAccount(who, id), ERASED);
      return held({ what: MARKS, count: found.length, onErase: 'name replaced by "(erased)"' }, { what: OPENED, count: opened, onErase: '"opened by" replaced by "(erased)"' });
    },
  };
}
