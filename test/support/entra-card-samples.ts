import { entraAppliedCard, entraDiscardedCard, entraReadingCard, entraRefreshCard } from '../../adaptive-cards/features/people/entra.js';
import { installsCard } from '../../adaptive-cards/features/people/installs.js';
import { rosterPasteCard } from '../../adaptive-cards/features/people/roster.js';
import type { GroupRefresh } from '../../services/features/people/entra-groups.js';
import { OTHER_TENANT } from '../../services/reach/app-installer.js';
import { formatDayDateTime } from '../../services/zoned-time.js';

const when = (iso: string) => formatDayDateTime(new Date(iso), 'Europe/London');
const READ_AT = '2026-03-02T06:00:00.000Z';

const SOUTH: GroupRefresh = {
  group: { id: 'lscg-south', name: 'LSCG South' },
  outcome: {
    ok: true,
    preparedAt: READ_AT,
    changes: {
      groupId: 'lscg-south',
      members: 31,
      addToGroup: [{ personId: 'jo.bloggs@norfolk.gov.uk', name: 'Jo Bloggs', aadObjectId: '44444444-4444-4444-8444-000000000001' }],
      newPeople: [{ email: 'sam.new@norfolk.gov.uk', name: 'Sam New', aadObjectId: '44444444-4444-4444-8444-000000000002' }],
      removeFromGroup: [{ personId: 'left@norfolk.gov.uk', name: 'Lee Left' }],
      keptOutside: [{ personId: 'head@trowse.norfolk.sch.uk', name: 'Stuart Odell', why: 'their address is not one of the tenant\'s domains' }],
      notMatched: [{ name: 'Guest Visitor', why: 'Entra has no email address for them (no mail, and their user name is not an address). Add them with the roster paste.' }],
      linked: [],
      unchanged: 27,
    },
  },
};

const WEST_404: GroupRefresh = {
  group: { id: 'lscg-west', name: 'LSCG West' },
  outcome: { ok: false, problem: 'Entra has no group with the id 0f6e1c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5c (set for LSCG West). Check entraGroupId in the partnership config file: copy the Object ID from the group\'s page in the Entra admin centre. Nothing was changed.' },
};

/** The people feature's Entra and app-installation cards, for the render test and the screenshots. */
export function entraSamples(groupNames: string[]) {
  return [
    { name: 'roster-paste-entra', card: rosterPasteCard(groupNames, { peopleCount: 146, entra: { groups: ['LSCG South'], waiting: 1 }, installsApp: true }) },
    { name: 'entra-refresh', card: entraRefreshCard([SOUTH, WEST_404], when) },
    { name: 'entra-refresh-nothing-waiting', card: entraRefreshCard([], when) },
    { name: 'entra-applied', card: entraAppliedCard([{ group: SOUTH.group, changes: (SOUTH.outcome as Extract<GroupRefresh['outcome'], { ok: true }>).changes }], 147) },
    { name: 'entra-discarded', card: entraDiscardedCard() },
    { name: 'entra-reading', card: entraReadingCard(2, false) },
    {
      name: 'app-installs',
      card: installsCard(
        [
          {
            campaign: 'meeting-mtg-1',
            kind: 'meeting-reminder',
            firstAt: READ_AT,
            counts: { installed: 2, already: 1, cannot: 1, failed: 1 },
            records: [
              { id: 'a@norfolk.gov.uk', name: 'Helen Bradley', kind: 'meeting-reminder', outcome: 'installed', at: READ_AT },
              { id: 'b@norfolk.gov.uk', name: 'Omar Khan', kind: 'meeting-reminder', outcome: 'installed', at: READ_AT },
              { id: 'c@norfolk.gov.uk', name: 'Kim Grant', kind: 'meeting-reminder', outcome: 'already', at: READ_AT },
              { id: 'head@trowse.norfolk.sch.uk', name: 'Stuart Odell', kind: 'meeting-reminder', outcome: 'cannot', why: OTHER_TENANT, at: READ_AT },
              { id: 'd@norfolk.gov.uk', name: 'Ros Cutts', kind: 'meeting-reminder', outcome: 'failed', why: 'Microsoft Graph had a problem (503). The next send tries again.', at: READ_AT },
            ],
            waitingForTeams: ['b@norfolk.gov.uk'],
            what: 'LSCG South, Friday 6 March 2026, 10:30',
          },
        ],
        when,
      ),
    },
  ];
}
