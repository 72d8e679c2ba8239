/**
 * Keeps `npm test` output to test results. A test that writes to stderr (console.error,
 * console.warn, a Node warning) or prints one of our JSON log lines to stdout fails, naming what
 * it wrote; so does the run, for such writes outside any test (while files load, or in a
 * before/after hook). The writes still reach the terminal: nothing is hidden.
 *
 * A test that expects output says so where it happens: pass `silentLogger`, or a logger that
 * collects lines the test asserts on; stub console.error with sinon around a call a library is
 * known to complain about; pipe a child process's stderr rather than inherit it.
 *
 * Registered as a mocha root hook plugin in .mocharc.json, which also turns off Node's DEP0111
 * warning (restify → spdy → http-deceiver calls process.binding('http_parser') as it loads; not
 * ours to fix). Not covered: writes after the last test (mocha exits with --exit), and output of
 * child processes, which is theirs to capture.
 */
import type { Context, Hook, RootHookObject } from 'mocha';

/**
 * Suites whose stderr is known and tolerated for now: still printed, not failed. Each says why and
 * when the entry goes.
 */
const KNOWN_NOISE: Array<{ suite: string; why: string }> = [];

/** Our logger's line (services/logger.ts): a test should have passed silentLogger or a capturing logger. */
const LOG_LINE = /^\{"time":"[^"]*","level":"(debug|info|warn|error)","event":/m;
const SHOWN_LINES = 12;

interface Watch {
  title: string;
  tolerated: boolean;
  writes: string[];
}

let current: Watch | null = null;
const outsideTests: string[] = [];

function record(text: string): void {
  if (current?.tolerated) return;
  (current ? current.writes : outsideTests).push(text);
}

function wrap(stream: NodeJS.WriteStream, counts: (text: string) => boolean): void {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    if (counts(text)) record(text);
    return write(chunk, ...rest);
  });
}

wrap(process.stderr, () => true);
// Mocha's own report goes to stdout: only our log lines count there.
wrap(process.stdout, (text) => LOG_LINE.test(text));

function excerpt(writes: string[]): string {
  const lines = writes.join('').split('\n').filter((l) => l.trim());
  const shown = lines.slice(0, SHOWN_LINES).map((l) => `    | ${l}`);
  if (lines.length > SHOWN_LINES) shown.push(`    | … and ${lines.length - SHOWN_LINES} more lines (all of them printed above)`);
  return shown.join('\n');
}

export const mochaHooks: RootHookObject = {
  beforeEach(this: Context) {
    const title = this.currentTest?.fullTitle() ?? '';
    current = { title, tolerated: KNOWN_NOISE.some((k) => title.startsWith(`${k.suite} `)), writes: [] };
  },

  afterEach(this: Context) {
    const watched = current;
    current = null;
    if (!watched?.writes.length || this.currentTest?.state === 'failed') return;
    // Fails the test, not this hook: a failed afterEach would skip the rest of the suite.
    (this.test as Hook).error(
      new Error(
        'This test wrote to the output while it ran (if it does nothing that could, an earlier test left something running):\n' +
          `${excerpt(watched.writes)}\n` +
          'Expected output belongs to the test: use silentLogger or a capturing logger, stub console.error with sinon, or pipe a child process\'s stderr (see test/support/no-stray-output.ts).',
      ),
    );
  },

  afterAll() {
    if (!outsideTests.length) return;
    const writes = outsideTests.splice(0);
    throw new Error(`Output written outside any test (while test files loaded, or in a before/after hook):\n${excerpt(writes)}`);
  },
};
