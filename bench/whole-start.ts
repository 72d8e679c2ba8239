/**
 * Whole-process start-up, as an operator sees it: spawn what `npm start` runs (package.json's own
 * arguments) on the seeded data folder, and time it to the first 200 from /healthz. Node's start,
 * module loading and the store's read are all inside. Each run is stopped with SIGTERM before the
 * next, as only one process may hold a data folder.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT, startArgs } from '../test/support/start-command.js';

export interface WholeStart {
  /** Wall-clock ms, spawn to the first 200 from /healthz. */
  median: number;
  samples: number[];
  /** CPU ms the process had used by then (user + system, all threads): steadier on a busy machine. */
  cpuMedian: number;
}

const TICKS_PER_MS = 100 / 1000; // USER_HZ on Linux

function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_MS;
}

async function once(args: string[], dataDir: string, envFile: string): Promise<{ ms: number; cpuMs: number }> {
  const t0 = performance.now();
  // An empty ENV_FILE keeps the developer's own .env (another DATA_DIR, an app id) out of it.
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ENV_FILE: envFile }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not listening after 30 s:\n${err}`)), 30_000);
      // Only a reject: once listening, an exit later is the normal end and resolves nothing here.
      void exited.then(() => reject(new Error(`exited before listening:\n${err}`)));
      child.stdout.on('data', (d) => {
        out += d;
        const m = /listening on http:\/\/localhost:(\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
    });
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    if (health.status !== 200) throw new Error(`/healthz answered ${health.status}`);
    const ms = performance.now() - t0;
    return { ms, cpuMs: cpuMs(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

export async function wholeStart(dataDir: string, script: 'start' | 'dev', runs: number): Promise<WholeStart> {
  const dir = await mkdtemp(path.join(tmpdir(), 'nscp-bench-env-'));
  const envFile = path.join(dir, 'empty.env');
  await writeFile(envFile, '');
  const results: Array<{ ms: number; cpuMs: number }> = [];
  try {
    for (let i = 0; i < runs; i++) results.push(await once(startArgs(script), dataDir, envFile));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const samples = results.map((r) => r.ms);
  return { median: median(samples), samples, cpuMedian: median(results.map((r) => r.cpuMs)) };
}
