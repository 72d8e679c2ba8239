import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import { systemClock, type Clock } from '../services/clock.js';
import type { AppConfig } from '../services/config.js';
import type { QueueTimers } from '../services/delivery/delivery-queue.js';
import type { GraphApi } from '../services/graph/graph-api.js';
import { createLogger, type Logger } from '../services/logger.js';
import { FileStore } from '../services/store/file-store.js';
import type { Store } from '../services/store/store.js';
import { openGraph } from '../services/graph/open-graph.js';
import { replicaWasFilled, Replicator, type ReplicaTimers } from '../services/replica/replicator.js';
import { createAdapter } from './adapter.js';
import { createApplication } from './application.js';
import type { Who } from './card-actions.js';
import { openServices, type AppServices } from './compose.js';
import { DeliveryRenderers } from './delivery-renderers.js';
import { createServer, type EdgeOptions } from './server.js';
import { TeamsTransport } from './teams-transport.js';

export interface RunningBot {
  url: string;
  port: number;
  services: AppServices;
  /** Every card verb the bot answers and who may press it: for tests and the README's map. */
  verbs: Array<{ verb: string; who: Who['kind'] }>;
  /** SIGTERM: stop taking work, finish what is in flight, write the store and let go of it, then resolve. */
  stop(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  log?: Logger;
  store?: Store;
  timers?: QueueTimers;
  /** The SharePoint replica's timers (tests). */
  replicaTimers?: ReplicaTimers;
  /** Run the reminder scheduler on a timer (off in tests that drive it by hand). */
  schedule?: boolean;
  /** Outbound token source; tests inject one that talks to a fake token endpoint. */
  credentialsFactory?: ServiceClientCredentialsFactory;
  /** A Graph port for every user of Graph (tests); by default each opens its own from config.graph. */
  graph?: GraphApi;
  /** Test-only knobs for the HTTP edge (see EdgeOptions). */
  edge?: EdgeOptions;
}

/** Why the bot could not listen, in words an operator can act on. */
function listenProblem(e: unknown, host: string, port: number): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return `Port ${port} on ${host} is already in use (another NSCP Engage, or another program). Stop it, or set PORT to a free port.`;
  if (code === 'EACCES') return `Not allowed to listen on port ${port} on ${host}. Use a port above 1023, or run with the right to bind it.`;
  if (code === 'EADDRNOTAVAIL') return `${host} is not an address of this machine. Set HOST to one of its addresses, or leave it unset.`;
  return `Could not listen on ${host}:${port}: ${(e as Error).message}`;
}

export async function startBot(config: AppConfig, opts: StartOptions = {}): Promise<RunningBot> {
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? createLogger(config.logLevel);
  const store = opts.store ?? new FileStore(config.dataDir, { log, clock });
  await store.check();

  const adapter = createAdapter(config.auth, opts.credentialsFactory);
  const transport = new TeamsTransport(adapter, config.auth?.appId ?? '');
  const { services, features } = await openServices({ config, store, clock, log, transport, timers: opts.timers, graph: opts.graph });
  const renderers = new DeliveryRenderers(log);
  for (const f of features) renderers.addFeature(f);
  transport.attach(renderers);
  const { app, actions } = createApplication(adapter, services, features);
  // Without SHAREPOINT_SITE_ID (Graph may still be set up for groups or meetings) the replica is
  // off: unless it was filled before, nothing is queued and the bot runs as it would without it.
  const siteId = config.graph?.siteId;
  const graph = config.graph && siteId ? (opts.graph ?? openGraph(config.graph)) : undefined;
  const replicator = siteId && graph ? await Replicator.open({ store, graph, replica: services.replica, siteId, clock, log, resourceUnitsPerMinute: config.replica.resourceUnitsPerMinute, timers: opts.replicaTimers }) : undefined;
  // A replica filled before is still owed what changes meanwhile: it waits in the outbox for the settings to come back.
  if (!replicator && (await replicaWasFilled(store))) {
    await services.replica.openKey(store);
    store.setOutbox(services.replica.rule);
  }
  const { server, drain } = createServer({ adapter, app, store, log, exports: services.exports, replica: services.replica, clock, edge: opts.edge });

  try {
    await new Promise<void>((resolve, reject) => {
      // restify re-emits the http server's errors on itself: with no listener there, a busy port would crash the process.
      server.once('error', reject);
      server.server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (e) {
    // Let go of the data folder, so the next start does not look like a recovery from a crash.
    await services.queue.stop();
    await store.close();
    throw new Error(listenProblem(e, config.host, config.port), { cause: e });
  }
  const port = server.address().port;
  services.queue.start();
  replicator?.start();
  // Reminders that fell due while the bot was down go now, if their meeting has not begun.
  await services.scheduler.runNow();
  if (opts.schedule !== false) services.scheduler.start(config.schedulerIntervalMs);
  log.info('bot.started', { port, localMode: !config.auth, everyoneIsBusinessUnit: config.everyoneIsBusinessUnit, people: services.people.all().length });

  let stopping: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    services,
    verbs: actions.list().map((a) => ({ verb: a.verb, who: a.who.kind })),
    stop: () => {
      stopping ??= (async () => {
        services.scheduler.stop();
        await drain();
        await services.scheduler.idle();
        await services.queue.stop();
        await replicator?.stop();
        await store.close();
        log.info('bot.stopped', {});
      })();
      return stopping;
    },
  };
}
