import type { Application, TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import restify from 'restify';
import type { Exports } from '../services/exports.js';
import type { Logger } from '../services/logger.js';
import type { Store } from '../services/store/store.js';

const MAX_BODY = 1024 * 1024;

/** Why a body is not an activity we can process, in words a developer can act on; null if it is fine. */
export function activityShapeProblem(body: unknown): string | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'The body must be a Bot Framework activity: a JSON object.';
  const a = body as Record<string, unknown>;
  if (typeof a.type !== 'string' || !a.type) return 'The activity has no "type".';
  if (typeof a.serviceUrl !== 'string' || !/^https?:\/\//.test(a.serviceUrl)) return 'The activity has no valid "serviceUrl".';
  if (!a.conversation || typeof (a.conversation as Record<string, unknown>).id !== 'string') return 'The activity has no "conversation.id".';
  if (!a.from || typeof (a.from as Record<string, unknown>).id !== 'string') return 'The activity has no "from.id".';
  return null;
}

export interface BotServer {
  server: restify.Server;
  /** Stops taking new requests and waits for those in flight. */
  drain(): Promise<void>;
}

export function createServer(opts: { adapter: TeamsAdapter; app: Application<TurnState>; store: Store; log: Logger; exports: Exports }): BotServer {
  const { adapter, app, store, log, exports } = opts;
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
    const problem = activityShapeProblem(req.body);
    if (problem) {
      log.warn('http.bad_activity', { problem });
      res.send(400, { error: problem });
      return;
    }
    inFlight++;
    try {
      await adapter.process(req, res, (context) => app.run(context).then(() => undefined));
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
      res.send(200, { status: 'ok' });
    } catch (e) {
      log.error('healthz.store_failed', { error: e as Error });
      res.send(503, { status: 'store unavailable' });
    }
  });

  // Downloads behind the unguessable, short-lived token a business unit card links to.
  server.get('/exports/:token', async (req, res) => {
    const file = exports.get(String(req.params.token ?? ''));
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

  server.on('restifyError', (req, res, err, callback) => {
    // Keep restify's own 4xx answers (bad JSON, wrong content type) but word them for a person.
    if (err.statusCode === 400 || err.statusCode === 415) {
      const message = err.statusCode === 415 ? 'Send the activity as application/json.' : 'The body is not valid JSON. Send a Bot Framework activity as JSON.';
      (err as unknown as { toJSON: () => unknown }).toJSON = () => ({ error: message });
    }
    return callback();
  });

  return {
    server,
    drain: async () => {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
      // Keep-alive sockets would hold close() open; every request on them has been answered.
      server.server.closeAllConnections();
      await closed;
    },
  };
}
