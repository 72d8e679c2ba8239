/** Runs a server script in its own `node --import tsx` child and reads its CPU time and peak RSS from /proc. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TICKS_PER_MS = 100 / 1000; // USER_HZ on Linux

export interface Server {
  port: number;
  /** What the child printed after READY, e.g. { port, startMs }. */
  ready: Record<string, number>;
  spawnToReadyMs: number;
  /** CPU time of the whole process (all threads: JS, libuv pool, GC), user + system. A plain function: the load generator is handed it alone. */
  cpuMs: () => number;
  /** Resident set size now (VmRSS), in MB. */
  rssMb(): number | null;
  /** Peak resident set size so far (VmHWM), in MB. */
  peakRssMb(): number | null;
  stop(): Promise<void>;
  /** With `commands`: writes a line to the child's stdin and resolves with the JSON of its next `DONE {json}` line. */
  command(line: string): Promise<Record<string, unknown>>;
  /** SIGKILL, as a crash would; resolves once the child is gone. */
  kill9(): Promise<void>;
}

/** Spawns `node [nodeArgs] --import tsx <script> [args]` in the repo root and waits for its `READY {json}` line. */
export async function serve(script: string, args: string[] = [], nodeArgs: string[] = [], env: NodeJS.ProcessEnv = process.env, opts: { commands?: boolean } = {}): Promise<Server> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, '--no-deprecation', '--import', 'tsx', script, ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  // Always a pipe (so stdout and stderr keep their types); closed at once unless commands come.
  if (!opts.commands) child.stdin.end();
  const answers: Array<(json: Record<string, unknown>) => void> = [];
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<Record<string, number>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} not ready after 30 s:\n${stderr}`)), 30_000);
    // `exited` only ever resolves, so this chain cannot reject.
    void exited.then(() => reject(new Error(`${script} exited before it was ready:\n${stderr}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('DONE ')) answers.shift()?.(JSON.parse(line.slice(5)) as Record<string, unknown>);
      if (!line.startsWith('READY ')) return;
      clearTimeout(timer);
      resolve(JSON.parse(line.slice(6)) as Record<string, number>);
    });
  });
  const proc = (file: string) => readFileSync(`/proc/${child.pid}/${file}`, 'utf8');
  const statusMb = (field: string) => {
    const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(proc('status'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  };
  return {
    port: ready.port,
    ready,
    spawnToReadyMs: performance.now() - t0,
    cpuMs() {
      // Fields after the ")" of the command name: utime and stime are the 12th and 13th.
      const stat = proc('stat');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_MS;
    },
    rssMb: () => statusMb('VmRSS'),
    peakRssMb: () => statusMb('VmHWM'),
    command(line) {
      if (!opts.commands) throw new Error(`${script} was not started with commands`);
      const answer = new Promise<Record<string, unknown>>((resolve) => answers.push(resolve));
      child.stdin.write(`${line}\n`);
      return answer;
    },
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      if (child.exitCode !== 0) process.stderr.write(`${script} exited with ${child.exitCode ?? child.signalCode}:\n${stderr}\n`);
    },
  };
}
