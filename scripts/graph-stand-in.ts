import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { addAppsRoutes, newAppsState } from '../test/support/fake-graph/apps.js';
import { addCalendarRoutes, calendarState } from '../test/support/fake-graph/calendar.js';
import { addGroupsRoutes, newGroupsState } from '../test/support/fake-graph/groups.js';
import { addListsRoutes, FAKE_SITE_ID, newListsState } from '../test/support/fake-graph/lists.js';
import { fakeGraphEnv, startFakeGraph, TEST_CA, type LoggedRequest } from '../test/support/fake-graph/server.js';
import { seedAttendance } from './graph-stand-in-attendance.js';
import { standInDirectory } from './graph-stand-in-seed.js';

/**
 * `npm run graph:stand-in`: a stand-in Microsoft 365 on https://127.0.0.1:3979 (the test suite's
 * fake Graph, with every area: SharePoint lists, Entra groups, app installation, calendar and
 * Teams meetings), seeded to match the playground's demo partnership, so the Graph features can
 * be tried without a tenant. It prints what to set to point the bot at it, writes the same to a
 * file, and logs each request it answers on one line.
 */

const DEFAULT_PORT = 3979;
const DEFAULT_OUT = 'graph-stand-in';
/** Set on the copy of itself the script starts with NODE_EXTRA_CA_CERTS, so it never loops. */
const REEXEC = 'GRAPH_STAND_IN_REEXEC';
const CA_RELATIVE = 'test/fixtures/tls/ca.pem';

/** The Entra group bound to "Neglect champions" in the partnership config the stand-in writes. */
export const STAND_IN_GROUP_ID = 'c4a0d1e2-5b6f-4a7c-8d9e-0f1a2b3c4d5e';
export const STAND_IN_MAILBOX = 'lscg-meetings@nscp.example';
export const STAND_IN_ORGANISER_ID = '7d3c2b1a-0e9f-4a8b-9c7d-6e5f4a3b2c1d';
export const STAND_IN_CATALOG_ID = 'e5f6a7b8-1c2d-4e3f-8a9b-0c1d2e3f4a5b';
const BOUND_GROUP = 'neglect-champions';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function parseArgs(args: string[]): { port: number; out: string; attendanceAfterMinutes?: number } {
  let port = DEFAULT_PORT;
  let out = DEFAULT_OUT;
  let attendanceAfterMinutes: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] = a.split('=', 2) as [string, string | undefined];
    const value = () => inline ?? args[++i] ?? fail(`${flag} needs a value, e.g. ${flag === '--port' ? '--port 3979' : '--out graph-stand-in'}.`);
    if (flag === '--port') {
      const v = value();
      port = Number(v);
      if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port "${v}" is not a port number: give one from 1 to 65535 (0: any free one), e.g. --port ${DEFAULT_PORT}.`);
    } else if (flag === '--out') out = value();
    else if (flag === '--attendance-after-minutes') {
      const v = value();
      attendanceAfterMinutes = Number(v);
      if (!/^\d{1,4}$/.test(v) || attendanceAfterMinutes > 1440) fail(`--attendance-after-minutes "${v}" is not a number of minutes: give 0 to 1440, e.g. --attendance-after-minutes 0.`);
    } else fail(`Unknown option "${a}". The options are --port <number> (default ${DEFAULT_PORT}) and --out <folder> (default ${DEFAULT_OUT}), and --attendance-after-minutes <minutes> for Teams attendance reports: npm run graph:stand-in -- --port 4000.`);
  }
  return { port, out, attendanceAfterMinutes };
}

/**
 * The bot, graph:provision and this server are https clients or servers of the test certificate;
 * Node reads NODE_EXTRA_CA_CERTS only when it starts, so without it the script runs a copy of
 * itself with it set.
 */
function ensureTestCa(): boolean {
  const given = process.env.NODE_EXTRA_CA_CERTS;
  if (given && path.resolve(given) === TEST_CA) return true;
  if (process.env[REEXEC]) {
    fail(`NODE_EXTRA_CA_CERTS must be ${CA_RELATIVE} (it is ${given ? `"${given}"` : 'not set'}). Start it as: NODE_EXTRA_CA_CERTS=${CA_RELATIVE} npm run graph:stand-in`);
  }
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, NODE_EXTRA_CA_CERTS: TEST_CA, [REEXEC]: '1' } });
  // Ctrl-C reaches the copy from the terminal itself; a signal sent to this process is passed on.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  return false;
}

function logLine(r: LoggedRequest): string {
  const time = new Date(r.at).toISOString().slice(11, 19);
  const what = r.signIn ? 'sign-in' : r.inner ? 'Graph (in a $batch)' : 'Graph';
  return `${time} ${r.method} ${r.path} ${r.status} ${what}\n`;
}

async function main(): Promise<void> {
  const { port, out, attendanceAfterMinutes } = parseArgs(process.argv.slice(2));
  if (!ensureTestCa()) return;

  let fake;
  try {
    fake = await startFakeGraph({ port, onRequest: (r) => process.stdout.write(logLine(r)) });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') fail(`Port ${port} on 127.0.0.1 is in use (is a stand-in already running?). Stop it, or pick another: npm run graph:stand-in -- --port ${port + 1}.`);
    throw e;
  }
  addListsRoutes(fake, newListsState([FAKE_SITE_ID]));
  const directory = standInDirectory();
  addGroupsRoutes(fake, newGroupsState({ [STAND_IN_GROUP_ID]: directory.groupMembers }));
  addAppsRoutes(fake, newAppsState([STAND_IN_CATALOG_ID], directory.appUsers));
  const calendar = addCalendarRoutes(fake, calendarState({ mailbox: STAND_IN_MAILBOX, organiserId: STAND_IN_ORGANISER_ID }));
  if (attendanceAfterMinutes !== undefined) {
    const idByEmail = new Map(directory.users.filter((u) => u.mail).map((u) => [u.mail!.toLowerCase(), u.id]));
    // Teams makes a report when a meeting ends; the stand-in makes one for every meeting the bot creates.
    setInterval(() => seedAttendance(calendar, attendanceAfterMinutes, (email) => idByEmail.get(email)), 1000);
  }

  const folder = path.resolve(out);
  mkdirSync(folder, { recursive: true });
  const partnership = JSON.parse(readFileSync('config/norfolk.json', 'utf8')) as { groups: Array<{ id: string; entraGroupId?: string }> };
  const bound = partnership.groups.find((g) => g.id === BOUND_GROUP);
  if (bound) bound.entraGroupId = STAND_IN_GROUP_ID;
  const configFile = path.join(out, 'partnership.json');
  writeFileSync(configFile, `${JSON.stringify(partnership, null, 2)}\n`);

  const env: Record<string, string> = {
    ...fakeGraphEnv(fake, FAKE_SITE_ID),
    MEETINGS_MAILBOX: STAND_IN_MAILBOX,
    MEETINGS_ORGANISER_ID: STAND_IN_ORGANISER_ID,
    PARTNERSHIP_CONFIG: configFile,
  };
  const envLines = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const envFile = path.join(out, 'stand-in.env');
  writeFileSync(
    envFile,
    [
      '# Written by npm run graph:stand-in: points the bot at the stand-in Microsoft 365. Test-only values.',
      ...envLines,
      '# To try installing the app for people who never opened it, uncomment:',
      '# GRAPH_INSTALL_APP=on',
      `# TEAMS_APP_CATALOG_ID=${STAND_IN_CATALOG_ID}`,
      '',
    ].join('\n'),
  );

  const prefix = `NODE_EXTRA_CA_CERTS=${CA_RELATIVE} ENV_FILE=${envFile}`;
  process.stdout.write(
    [
      `Stand-in Microsoft 365 on ${fake.url} (SharePoint site, Entra group, mailbox ${STAND_IN_MAILBOX}, Teams meetings). Ctrl-C stops it; nothing is kept.`,
      '',
      `Point the bot at it with these settings (in ${envFile}, or copy them into .env):`,
      ...envLines.map((l) => `  ${l}`),
      attendanceAfterMinutes === undefined
        ? 'Teams attendance reports: none (start with -- --attendance-after-minutes 0 to have one for every Teams meeting the bot creates).'
        : `Teams attendance reports: one for every Teams meeting the bot creates, ready ${attendanceAfterMinutes} minutes after its booked end (the bot asks only once the meeting has ended).`,
      `${configFile} is config/norfolk.json with "Neglect champions" bound to the Entra group ${STAND_IN_GROUP_ID}`,
      '(two of its members are on the demo roster, one is new to it, one is a guest Entra has no address for).',
      '',
      `NODE_EXTRA_CA_CERTS=${CA_RELATIVE} cannot go in a settings file: Node reads it only when it starts. Put it in front of the command.`,
      'In a second terminal:',
      `  ${prefix} npm run graph:provision`,
      `  ${prefix} npm run playground     (or: ... npm start)`,
      '',
      'Requests as they arrive (time, method, path, status):',
      '',
    ].join('\n'),
  );

  const stop = () => {
    void fake.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e) => fail(`Could not start the stand-in: ${(e as Error).message}`));
