import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import type { EdgeOptions } from '../../bot/server.js';
import { startBot, type RunningBot } from '../../bot/start.js';
import type { Clock } from '../../services/clock.js';
import { loadConfig, type AppConfig } from '../../services/config.js';
import { createLogger } from '../../services/logger.js';
import { startFakeConnector, type FakeConnector } from './fake-connector.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));
const BOT_ID = '28:22222222-2222-4222-8222-222222222222';
export const TENANT = '11111111-1111-4111-8111-111111111111';

export interface TestUser {
  key: string;
  id: string;
  aadObjectId: string;
  email: string;
  name: string;
  conversationId: string;
}

/** Users shaped like the ids in shared/teams-payloads: 29: MRIs, Entra object ids, a: conversations. */
export function makeUser(key: string, n: number, email: string, name: string): TestUser {
  const hex = n.toString(16).padStart(2, '0');
  return {
    key,
    id: `29:1FakeUser${key}-${'0'.repeat(70)}${hex}`,
    aadObjectId: `33333333-3333-4333-8333-3333333333${hex}`,
    email,
    name,
    conversationId: `a:1FakePersonalConversation-${'0'.repeat(80)}${hex}`,
  };
}

/** Real time, shifted: the clock can be set to any date and still moves on, so rate windows clear. */
export class ShiftedClock implements Clock {
  private offset = 0;
  constructor(iso?: string) {
    if (iso) this.set(iso);
  }
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
  set(iso: string): void {
    this.offset = Date.parse(iso) - Date.now();
  }
}

export interface Harness {
  bot: RunningBot;
  fake: FakeConnector;
  dataDir: string;
  config: AppConfig;
  logs: string[];
  post(activity: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  install(user: TestUser): Promise<{ status: number; body: any }>;
  message(user: TestUser, text: string): Promise<{ status: number; body: any }>;
  press(user: TestUser, verb: string, data?: Record<string, unknown>, replyToId?: string): Promise<{ status: number; body: any; card: any }>;
  /** Waits until the delivery queue has sent everything; fails, rather than hangs, after `ms`. */
  settle(ms?: number): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  clock?: Clock;
  dataDir?: string;
  fake?: FakeConnector;
  credentialsFactory?: ServiceClientCredentialsFactory;
  /** Test-only knobs for the HTTP edge: allowHttpLoopbackServiceUrl for the fake connector when MicrosoftAppId is set, authTimeoutMs. */
  edge?: EdgeOptions;
}

/** How long one request to the bot may take before the test fails instead of waiting on. */
const REQUEST_TIMEOUT_MS = 15_000;

/** Resolves as `promise` does, or rejects with `what` after `ms`: a broken step fails, it does not hang the next. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Starts the real server on a free loopback port with a fake Bot Connector and a fresh data folder. */
export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const fake = opts.fake ?? (await startFakeConnector());
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'nscp-it-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...opts.env });
  const logs: string[] = [];
  const start = () => startBot(config, { clock: opts.clock, log: createLogger('debug', (l) => logs.push(l)), schedule: false, credentialsFactory: opts.credentialsFactory, edge: opts.edge });
  let bot = await start();

  const post = async (activity: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof activity === 'string' ? activity : JSON.stringify(activity),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    let body: any = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body };
  };

  const envelope = (base: any, user: TestUser) => ({
    ...base,
    id: `${Date.now()}${Math.floor(Math.random() * 1000)}`,
    timestamp: new Date().toISOString(),
    serviceUrl: fake.serviceUrl,
    from: { ...base.from, id: user.id, aadObjectId: user.aadObjectId, name: user.name },
    conversation: { ...base.conversation, id: user.conversationId },
  });

  const h: Harness = {
    get bot() {
      return bot;
    },
    fake,
    dataDir,
    config,
    logs,
    post,
    async install(user) {
      fake.addMember({ id: user.id, objectId: user.aadObjectId, email: user.email, userPrincipalName: user.email, givenName: user.name.split(' ')[0], surname: user.name.split(' ').slice(1).join(' '), tenantId: TENANT });
      const a = envelope(fixture('install-personal.conversationUpdate.json'), user);
      a.membersAdded = [{ id: BOT_ID }, { id: user.id, aadObjectId: user.aadObjectId }];
      return post(a);
    },
    message(user, text) {
      return post({ ...envelope(fixture('personal.message.json'), user), text });
    },
    async press(user, verb, data = {}, replyToId = '1700000000010') {
      const a = envelope(fixture('personal.adaptiveCard-action.invoke.json'), user);
      a.replyToId = replyToId;
      a.value = { action: { type: 'Action.Execute', id: '', verb, data }, trigger: 'manual' };
      const res = await post(a);
      return { ...res, card: res.body?.type === 'application/vnd.microsoft.card.adaptive' ? res.body.value : undefined };
    },
    settle(ms = 5000) {
      // A press may have started a scheduler run without waiting for it: what it queues counts too.
      return within(bot.services.scheduler.idle().then(() => bot.services.queue.idle()), ms, 'the delivery queue was still sending');
    },
    async restart() {
      await bot.stop();
      bot = await start();
    },
    async close() {
      await bot.stop();
      if (!opts.fake) await fake.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return h;
}

/** All the text on a card, ShowCards included, for assertions that read like what a person sees. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    for (const k of ['text', 'title', 'value', 'label']) if (typeof o[k] === 'string') out.push(o[k]);
    if (Array.isArray(o.facts)) for (const f of o.facts as Array<{ title: string; value: string }>) out.push(`${f.title}: ${f.value}`);
    for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
  };
  walk(card);
  return out.join('\n');
}

/** The verbs of every Action.Execute on a card. */
export function cardVerbs(card: unknown): string[] {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.type === 'Action.Execute' && typeof o.verb === 'string') out.push(o.verb);
    for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
  };
  walk(card);
  return out;
}

/** The card carried by an activity the bot sent to the fake connector. */
export function sentCard(activity: any): any {
  return activity?.attachments?.[0]?.content;
}
