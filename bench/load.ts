/**
 * A small closed-loop load generator: N concurrent users, each pressing an RSVP button
 * (adaptiveCard/action invoke, Action.Execute verb meeting.rsvp) and pressing again as soon as the
 * card comes back. Loopback only, keep-alive sockets (one per user), bounded by time and count.
 * Latency = request sent → whole response body received; only a 200 whose body is
 * { statusCode: 200, value: <card> } (and passes `expect`) counts as a success.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import type { BenchUser } from './seed.js';

const base = JSON.parse(readFileSync(new URL('../test/fixtures/personal.adaptiveCard-action.invoke.json', import.meta.url), 'utf8')) as Record<string, unknown> & { from: object; conversation: object };
const RESPONSES = ['attending', 'apologies', 'deputy'] as const;
export const LABELS = { attending: 'Your reply: Attending', apologies: 'Your reply: Apologies', deputy: 'Your reply: Sending a deputy (Alex Deputy, DSL)' };

export interface LoadOptions {
  url: string;
  serviceUrl: string;
  users: BenchUser[];
  warmupMs: number;
  measureMs: number;
  /** Hard cap on presses in one run, whatever the time. */
  maxRequests?: number;
  /** Extra check on the card that came back, e.g. that it shows the reply just sent. */
  expect?: (cardJson: string, response: keyof typeof LABELS) => boolean;
  /** The server's CPU time so far (ms), read at the start and end of the measured window. */
  serverCpuMs?: () => number;
}

/** One measured window against one server. */
export interface LoadSample {
  users: number;
  measureMs: number;
  /** Send → whole body, ms, of each successful press that finished inside the window. */
  latencies: number[];
  errors: number;
  errorSamples: string[];
  /** Server CPU (all its threads) during the window; NaN without serverCpuMs. */
  serverCpuMs: number;
  /** This process's CPU (load generator + fake connector) during the window. */
  loadCpuMs: number;
}

/** Several windows pooled: throughput over their total time, percentiles over all their presses. */
export interface LoadResult {
  users: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  errorSamples: string[];
  serverCpuMsPerReq: number;
  loadCpuMsPerReq: number;
}

function invoke(u: BenchUser, serviceUrl: string, n: number): { body: string; response: keyof typeof LABELS } {
  const response = RESPONSES[n % 3];
  const data = { meetingId: u.meetingIds[n % u.meetingIds.length], response, ...(response === 'deputy' ? { deputyName: 'Alex Deputy, DSL' } : {}) };
  const activity = {
    ...base,
    id: `f:${u.key}-${n}`,
    timestamp: new Date().toISOString(),
    serviceUrl,
    from: { ...base.from, id: u.id, aadObjectId: u.aadObjectId, name: u.name },
    conversation: { ...base.conversation, id: u.conversationId },
    value: { action: { type: 'Action.Execute', id: '', verb: 'meeting.rsvp', data }, trigger: 'manual' },
  };
  return { body: JSON.stringify(activity), response };
}

function post(agent: Agent, url: URL, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, timeout: 10_000, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timed out after 10 s')));
    req.on('error', reject);
    req.end(body);
  });
}

function problem(status: number, text: string, response: keyof typeof LABELS, expect: LoadOptions['expect']): string | null {
  if (status !== 200) return `HTTP ${status}: ${text.slice(0, 200)}`;
  let body: { statusCode?: number; value?: { type?: string } };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return `not JSON: ${text.slice(0, 200)}`;
  }
  if (body.statusCode !== 200 || body.value?.type !== 'AdaptiveCard') return `no card: ${text.slice(0, 200)}`;
  if (expect && !expect(JSON.stringify(body.value), response)) return `unexpected card: ${text.slice(0, 300)}`;
  return null;
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);

/** Each user's press count carries over from one window to the next, so rounds continue the rotation. */
const pressed = new Map<string, number>();

export async function runLoad(opts: LoadOptions): Promise<LoadSample> {
  const url = new URL('/api/messages', opts.url);
  const agent = new Agent({ keepAlive: true, maxSockets: opts.users.length });
  const maxRequests = opts.maxRequests ?? 500_000;
  const measureFrom = performance.now() + opts.warmupMs;
  const measureTo = measureFrom + opts.measureMs;
  const sample: LoadSample = { users: opts.users.length, measureMs: opts.measureMs, latencies: [], errors: 0, errorSamples: [], serverCpuMs: NaN, loadCpuMs: 0 };
  const cpuNow = () => {
    const own = process.cpuUsage();
    return [opts.serverCpuMs?.() ?? NaN, (own.user + own.system) / 1000];
  };
  const sleepUntil = (t: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, t - performance.now())));
  const cpuWindow = (async () => {
    await sleepUntil(measureFrom);
    const atOpen = cpuNow();
    await sleepUntil(measureTo);
    const atClose = cpuNow();
    sample.serverCpuMs = atClose[0] - atOpen[0];
    sample.loadCpuMs = atClose[1] - atOpen[1];
  })();
  let sent = 0;

  const user = async (u: BenchUser) => {
    while (performance.now() < measureTo && sent < maxRequests) {
      sent++;
      const n = pressed.get(u.key) ?? 0;
      pressed.set(u.key, n + 1);
      const { body, response } = invoke(u, opts.serviceUrl, n);
      const t = performance.now();
      let why: string | null;
      try {
        const res = await post(agent, url, body);
        why = problem(res.status, res.text, response, opts.expect);
      } catch (e) {
        why = (e as Error).message;
      }
      const done = performance.now();
      if (done < measureFrom || done >= measureTo) continue;
      if (why === null) sample.latencies.push(done - t);
      else if (sample.errors++ < 5) sample.errorSamples.push(why);
    }
  };
  await Promise.all([cpuWindow, ...opts.users.map(user)]);
  agent.destroy();
  return sample;
}

export function summarise(samples: LoadSample[]): LoadResult {
  const latencies = samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const sum = (f: (s: LoadSample) => number) => samples.reduce((total, s) => total + f(s), 0);
  return {
    users: samples[0]?.users ?? 0,
    requests: latencies.length,
    rps: latencies.length / (sum((s) => s.measureMs) / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    errors: sum((s) => s.errors),
    errorSamples: samples.flatMap((s) => s.errorSamples).slice(0, 5),
    serverCpuMsPerReq: sum((s) => s.serverCpuMs) / latencies.length,
    loadCpuMsPerReq: sum((s) => s.loadCpuMs) / latencies.length,
  };
}
