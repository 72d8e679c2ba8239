import type { Clock } from './clock.js';
import type { AppConfig } from './config.js';
import type { Transport } from './delivery/deliveries.js';
import { DeliveryQueue, type QueueTimers } from './delivery/delivery-queue.js';
import { Exports } from './exports.js';
import type { GraphApi } from './graph/graph-api.js';
import { openGraph } from './graph/open-graph.js';
import type { Logger } from './logger.js';
import { People } from './people/people.js';
import { peoplePersonalData } from './people/personal-data.js';
import { Teams } from './people/teams.js';
import { teamsPersonalData } from './people/teams-personal-data.js';
import { peopleAndChannels } from './delivery/destinations.js';
import { deliveriesPersonalData } from './delivery/personal-data.js';
import { Privacy } from './privacy/privacy.js';
import { AppInstaller } from './reach/app-installer.js';
import { RatePacer, realSleep, type Sleep } from './reach/rate-pacer.js';
import { Reach } from './reach/reach.js';
import { reachPersonalData } from './reach/personal-data.js';
import { InstallRecords } from './reach/install-records.js';
import { daysBefore, monthsBefore, Retention, type RetentionSweep } from './retention/retention.js';
import { Scheduler, type DueWork } from './scheduler.js';
import type { PersonalData } from './privacy/personal-data.js';
import type { Store } from './store/store.js';
import { Replica } from './replica/replica.js';
import type { ReplicaSource } from './replica/replica-spec.js';
import { SendNames, type SendNamer } from './delivery/send-names.js';

/**
 * The pieces every feature may use, opened once at start-up. A feature takes what it needs from
 * here and opens its own services beside them; features never reach into each other.
 */
export interface SharedServices {
  config: AppConfig;
  clock: Clock;
  log: Logger;
  store: Store;
  /** The roster and who has the app: every feature's audiences come from it. */
  people: People;
  /** Teams the app was added to, and their channels: channel audiences come from it. */
  teams: Teams;
  queue: DeliveryQueue;
  /** Features add their due work (reminders, prompts, closing) when they open. */
  scheduler: Scheduler;
  exports: Exports;
  /** Subject access and erasure: every holder of personal data adds itself when it opens. */
  privacy: Privacy;
  /** The daily removal of what is kept past the partnership's periods: holders add their rule when they open. */
  retention: Retention;
  /** A Graph port handed in by a test; without one, each user of Graph opens its own from config.graph, with the timeout it needs. */
  graph?: GraphApi;
  /** Installs the app for people who never opened it, before a send reaches them; only when GRAPH_INSTALL_APP is on. */
  reach?: Reach;
  /** The SharePoint replica: features add the records they replicate when they open (off without Graph settings). */
  replica: Replica;
  /** What each send was (a meeting, a newsletter issue): features add their namer when they open. */
  sendNames: SendNames;
}

/** What a feature's services open with: the shared pieces they use and those they plug into. */
export type FeatureOpenDeps = Pick<SharedServices, 'store' | 'config' | 'clock' | 'log' | 'people' | 'queue' | 'scheduler' | 'privacy' | 'retention' | 'graph' | 'replica' | 'sendNames'>;

/** Hands a feature's due work, personal data and retention rule to the shared pieces that run them. */
export function plugIn(s: Pick<SharedServices, 'scheduler' | 'privacy' | 'retention' | 'replica' | 'sendNames'>, parts: { due?: DueWork; personalData?: PersonalData; retention?: RetentionSweep; replica?: ReplicaSource<never>[]; sendName?: SendNamer }): void {
  if (parts.due) s.scheduler.add(parts.due);
  if (parts.sendName) s.sendNames.add(parts.sendName);
  if (parts.replica) s.replica.add(...parts.replica);
  if (parts.personalData) s.privacy.add(parts.personalData);
  if (parts.retention) s.retention.add(parts.retention);
}

export async function openSharedServices(opts: { config: AppConfig; store: Store; clock: Clock; log: Logger; transport: Transport; timers?: QueueTimers; graph?: GraphApi; sleep?: Sleep }): Promise<SharedServices> {
  const { config, store, clock, log } = opts;
  const people = await People.open(store, config, clock);
  const teams = await Teams.open(store, clock);
  const sendNames = new SendNames();
  const reach = openReach(opts, people, opts.transport, sendNames);
  const queue = await DeliveryQueue.open({ store, transport: opts.transport, people: peopleAndChannels(people, teams), config: config.sending, clock, log, timers: opts.timers, reach });
  const scheduler = new Scheduler(log);
  const privacy = new Privacy((email) => people.subjectOf(email), clock, log);
  privacy.add(peoplePersonalData(people));
  privacy.add(deliveriesPersonalData(queue));
  privacy.add(teamsPersonalData(teams));
  const retention = await Retention.open({ store, clock, timeZone: config.timeZone, log });
  const kept = config.partnership.retention;
  retention.add({ source: 'people', sweep: (now) => people.sweep({ installationsBefore: monthsBefore(now, kept.uninstalledAppMonths), pastesBefore: daysBefore(now, kept.rosterPastesDays) }) });
  retention.add({ source: 'teams', sweep: (now) => teams.sweep(monthsBefore(now, kept.uninstalledAppMonths)) });
  // Also with installing turned off (again): the records of sends made while it was on are still erased and swept.
  const installs = reach ?? new InstallRecords(store);
  privacy.add(reachPersonalData(installs));
  retention.add({ source: 'app-installs', sweep: async (now) => ({ appInstallRecords: await installs.sweep(monthsBefore(now, kept.deliveryRecordsMonths)) }) });
  scheduler.add(retention);
  return { config, clock, log, store, people, teams, queue, scheduler, exports: new Exports(clock), privacy, retention, graph: opts.graph, reach, replica: new Replica(), sendNames };
}

function openReach(opts: { config: AppConfig; store: Store; clock: Clock; log: Logger; graph?: GraphApi; sleep?: Sleep }, people: People, transport: Transport, sendNames: SendNames): Reach | undefined {
  const { appInstall, graph: graphConfig } = opts.config;
  if (!appInstall || !graphConfig) return undefined;
  const sleep = opts.sleep ?? realSleep;
  const installer = new AppInstaller(opts.graph ?? openGraph(graphConfig), appInstall, graphConfig.tenantId, new RatePacer(appInstall.perSecond, opts.clock, sleep), sleep, graphConfig.endpoint);
  const tenant = graphConfig.tenantId.toLowerCase();
  const adopt = (chatId: string) => {
    const like = people.installations().find((i) => i.status === 'installed' && i.tenantId?.toLowerCase() === tenant);
    return like && transport.referenceForChat ? { reference: transport.referenceForChat(chatId, like), tenantId: like.tenantId } : undefined;
  };
  return new Reach(opts.store, people, installer, opts.clock, opts.log, adopt, sendNames);
}
