import { held, type PersonalData } from '../privacy/personal-data.js';
import type { InstallRecords } from './install-records.js';

const WHAT = 'Whether the app was installed for them before a send (outcome, reason)';

/** The per-send install records: the business unit's view of who was made reachable. */
export function reachPersonalData(reach: Pick<InstallRecords, 'recordsOf' | 'forget'>): PersonalData {
  return {
    source: 'app-installs',
    describe: async (who) => held({ what: WHAT, count: (await reach.recordsOf(who.email)).length, onErase: 'removed' }),
    export: async (who) => ({ appInstalls: await reach.recordsOf(who.email) }),
    erase: async (who) => held({ what: WHAT, count: await reach.forget(who.email), onErase: 'removed' }),
  };
}
