import type { Application, TurnState } from '@microsoft/teams-ai';
import type { Activity, InvokeResponse } from 'botbuilder';
import restify from 'restify';
import type { Exports } from '../services/exports.js';
import type { Logger } from '../services/logger.js';
import type { Store } from '../services/store/store.js';
import { systemClock, type Clock } from '../services/clock.js';
import type { Replica } from '../services/replica/replica.js';
import { replicaHealth } from '../services/replica/replica-health.js';
import { activityProblem } from './activity-checks.js';
import type { EdgeAdapter } from './adapter.js';
import { authenticateInbound, refuse } from './inbound-auth.js';

const MAX_BODY = 1024 * 1024;

/** Knobs for the HTTP edge that only tests turn. */
export interface EdgeOptions {
  /**
   * Accept http:// serviceUrls on loopback hosts although MicrosoftAppId is set: for a fake
   * connector on 127.0.0.1 in authenticated-mode tests. Code only, never read from the environment,
   * so no deployment can switch it on. (Local mode accepts them anyway.)
   */
  allowHttpLoopbackServiceUrl?: boolean;
  /** How long a token check may wait for the signing keys before the request gets 503. */
  authTimeoutMs?: number;
}

/** As CloudAdapter.process does before a turn (botbuilder's validateAndFixActivity, not exported). */
function withDates(activity: Activity): Activity {
  const a = activity as Activity & Record<string, unknown>;
  for (const [field, raw] of [['timestamp', 'rawTimestamp'], ['expiration', 'rawExpiration'], ['localTimestamp', 'rawLocalTimestamp']] as const) {
    if (typeof a[field] === 'string') {
      a[raw] = a[field];
      a[field] = new Date(a[field]);
    }
  }
  return activity;
}

/** What the turn answered (only invokes answer with a body); everything else is 200 with no body. */
function sendTurnResult(res: restify.Response, invoke: InvokeResponse | undefined): void {
  const status = invoke?.status ?? 200;
  if (invoke?.body !== undefined && invoke.body !== null) {
    res.send(status, invoke.body);
    return;
  }
  res.status(status);
  res.end();
}

export interface BotServer {
  server: restify.Server;
  /** Stops taking new requests and waits for those in flight (a plain function: callers take it out of the object). */
  drain: () => Promise<void>;
}

export function createServer(opts: { adapter: EdgeAdapter; app: Application<TurnState>; store: Store; log: Logger; exports: Exports; replica?: Replica; clock?: Clock; edge?: EdgeOptions }): BotServer {
  const { adapter, app, store, log, exports, edge = {} } = opts;
  const httpLoopbackServiceUrl = !adapter.requiresTokens || edge.allowHttpLoopbackServiceUrl === true;
  const server = restify.createServer({ name: 'nscp-engage', handleUncaughtExceptions: false });
  let draining = false;
  let inFlight = 0;
  let drained: (() => void) | null = null;

  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY, mapParams: false, rejectUnknown: true }));

  server.post('/api/messages', async (req, res) => {
    if (draining) {
      res.header('Retry-After', '5');
      res.send(503, { error: 'The bot is restarting. Try again in a few seconds.' });
      return;
    }
    const problem = activityProblem(req.body, { httpLoopbackServiceUrl });
    if (problem) {
      log.warn('http.bad_activity', { problem });
      res.send(400, { error: problem });
      return;
    }
    inFlight++;
    try {
      const activity = withDates(req.body as Activity);
      const authorization = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
      const auth = await authenticateInbound(adapter, activity, authorization, edge.authTimeoutMs);
      if (!auth.accepted) {
        refuse(res, log, auth);
        return;
      }
      sendTurnResult(res, await adapter.runTurn(auth.result, activity, (context) => app.run(context).then(() => undefined)));
    } catch (e) {
      log.error('http.process_failed', { error: e as Error });
      if (!res.headersSent) res.send(500, { error: 'The bot could not process this activity.' });
    } finally {
      inFlight--;
      if (draining && inFlight === 0) drained?.();
    }
  });

  server.get('/healthz', async (_req, res) => {
    try {
      await store.check();
      const replica = opts.replica && replicaHealth(opts.replica.status(), (opts.clock ?? systemClock).now());
      res.send(200, replica ? { status: 'ok', replica } : { status: 'ok' });
    } catch (e) {
      log.error('healthz.store_failed', { error: e as Error });
      res.send(503, { status: 'store unavailable' });
    }
  });

  // Downloads behind the unguessable, short-lived token a business unit card links to.
  server.get('/exports/:token', async (req, res) => {
    const file = exports.get(String((req.params as { token?: string }).token ?? ''));
    if (!file) {
      res.send(404, { error: 'This download has expired. Press Export again in Teams.' });
      return;
    }
    log.info('export.downloaded', { filename: file.filename });
    res.writeHead(200, {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'cache-control': 'no-store',
    });
    res.end(file.content);
  });

  server.on('restifyError', (_req: restify.Request, _res: restify.Response, err: { statusCode?: number; toJSON?: () => unknown }, callback: () => void) => {
    // Keep restify's own 4xx answers (bad JSON, wrong content type) but word them for a person.
    if (err.statusCode === 400 || err.statusCode === 415) {
      const message = err.statusCode === 415 ? 'Send the activity as application/json.' : 'The body is not valid JSON. Send a Bot Framework activity as JSON.';
      err.toJSON = () => ({ error: message });
    }
    callback();
  });

  return {
    server,
    drain: async () => {
      draining = true;
      const closed = new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
      // Keep-alive sockets would hold close() open; every request on them has been answered.
      server.server.closeAllConnections();
      await closed;
    },
  };
}
