import { openMeetingServices } from '../../services/features/meetings/index.js';
import { silentLogger } from '../../services/logger.js';
import { openSharedServices } from '../../services/shared-services.js';
import { MemoryStore } from '../../services/store/file-store.js';
import { calendarRoutes, calendarState, type CalendarState } from './fake-graph/calendar.js';
import { routesPort } from './fake-graph/routes-port.js';
import { ManualClock, RecordingTransport, seedPeople, testConfig } from './services.js';

/** Meeting services with invitations on, talking to the fake Graph's calendar routes in process, and part of the South LSCG on the roster. */
export const MAILBOX = 'lscg-meetings@norfolk.gov.uk';
export const ORGANISER = '44444444-4444-4444-8444-444444444444';
export const INVITATION_ENV = {
  GRAPH_TENANT_ID: '11111111-1111-4111-8111-111111111111',
  GRAPH_CLIENT_ID: '55555555-5555-4555-8555-555555555555',
  GRAPH_CLIENT_SECRET: 'not-a-real-secret',
  SHAREPOINT_SITE_ID: 'contoso.sharepoint.com,1,2',
  MEETINGS_MAILBOX: MAILBOX,
  MEETINGS_ORGANISER_ID: ORGANISER,
};

const SOUTH = [
  { email: 'helen.bradley@nchc.nhs.uk', name: 'Helen Bradley', org: 'NCHC', groups: 'LSCG South' },
  { email: 'head@trowse.norfolk.sch.uk', name: 'Stuart Odell', org: 'Trowse Primary', groups: 'LSCG South' },
  // Another tenant: invited by email all the same.
  { email: 'ros@mulberry.example', name: 'Ros Cutts', org: 'Mulberry Nursery', groups: 'LSCG South', installed: false },
  { email: 'west@x.example', name: 'West Member', org: 'NCC', groups: 'LSCG West' },
];


export async function invitationServices(clock: ManualClock, tweak?: (st: CalendarState) => void) {
  const config = testConfig(INVITATION_ENV);
  const state = calendarState({ mailbox: MAILBOX, organiserId: ORGANISER, now: () => clock.now().getTime() });
  tweak?.(state);
  const graph = routesPort([calendarRoutes(state)]);
  const shared = await openSharedServices({ config, store: new MemoryStore(), clock, log: silentLogger, transport: new RecordingTransport() });
  const s = { ...shared, ...(await openMeetingServices({ ...shared, graph })) };
  await seedPeople(s, SOUTH);
  return { s, state, graph };
}

