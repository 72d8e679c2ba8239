/**
 * The floor: a bare teams-ai Application on restify 11 (the bot's stack) that answers the RSVP
 * invoke with a constant card and does nothing else. Run as a child by bench/run.ts; prints
 * `READY {"port":…}` on stdout and exits cleanly on SIGTERM (so --cpu-prof can be written).
 */
import { Application, TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import restify from 'restify';

const constantCard = {
  type: 'AdaptiveCard' as const,
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body: [
    { type: 'TextBlock', text: 'LSCG South meeting', weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'FactSet', facts: [{ title: 'When', value: 'Friday 23 May 2025, 10:30' }, { title: 'How', value: 'Online (Teams)' }] },
    { type: 'Container', style: 'good', items: [{ type: 'TextBlock', text: 'Your reply: Attending', weight: 'Bolder', wrap: true }] },
  ],
};

const adapter = new TeamsAdapter({});
const app = new Application<TurnState>({ adapter });
app.adaptiveCards.actionExecute('meeting.rsvp', async () => constantCard);

const server = restify.createServer({ name: 'floor', handleUncaughtExceptions: false });
server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024, mapParams: false }));
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (ctx) => app.run(ctx).then(() => undefined));
});
server.get('/healthz', async (_req, res) => {
  res.send(200, { status: 'ok' });
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`READY ${JSON.stringify({ port: server.address().port })}\n`);
});
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.server.closeAllConnections();
});
