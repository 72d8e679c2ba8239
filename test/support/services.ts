import { loadConfig, type AppConfig } from '../../services/config.js';
import type { QueueTimers } from '../../services/delivery/delivery-queue.js';
import { openJagsServices, type JagsServices } from '../../services/features/jags/index.js';
import { openMeetingServices, type MeetingServices } from '../../services/features/meetings/index.js';
import { openNewsletterServices, type NewsletterServices } from '../../services/features/newsletter/index.js';
import { openSection11Services, type Section11Services } from '../../services/features/section11/index.js';
import type { Logger } from '../../services/logger.js';
import { openSharedServices, type SharedServices } from '../../services/shared-services.js';
import type { Store } from '../../services/store/store.js';
import type { Clock } from '../../services/clock.js';
import type { Delivery, Transport } from '../../services/delivery/deliveries.js';
import type { Installation } from '../../services/people/people.js';
import { silentLogger } from '../../services/logger.js';
import { MemoryStore } from '../../services/store/file-store.js';

export const BU_AAD = 'aaaaaaaa-0000-4000-8000-000000000001';

export function testConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({ BUSINESS_UNIT_IDS: BU_AAD, DATA_DIR: '/nonexistent-not-used', ...env });
}

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(private t: number) {}
  now(): Date {
    return new Date(this.t);
  }
  set(iso: string): void {
    this.t = Date.parse(iso);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/** Records deliveries; a test can make the next ones fail. */
export class RecordingTransport implements Transport {
  readonly delivered: Array<{ delivery: Delivery; installation: Installation }> = [];
  /** Thrown by the next sends in turn; a null lets that send succeed. */
  failures: Array<Error | null> = [];
  private n = 0;
  async deliver(delivery: Delivery, installation: Installation, beforeRequest: () => Promise<void>) {
    await beforeRequest();
    const f = this.failures.shift();
    if (f) throw f;
    this.delivered.push({ delivery, installation });
    return { activityId: delivery.op !== 'send' ? delivery.targetActivityId : `act-${++this.n}`, conversationId: `a:conv-${installation.id}` };
  }
}

/** Shared services and every feature's own, without Teams: what the service tests drive. */
export type AppServices = SharedServices & MeetingServices & Section11Services & JagsServices & NewsletterServices;

export async function openServices(opts: { config: AppConfig; store: Store; clock: Clock; log: Logger; transport: Transport; timers?: QueueTimers }): Promise<AppServices> {
  const shared = await openSharedServices(opts);
  return { ...shared, ...(await openMeetingServices(shared)), ...(await openSection11Services(shared)), ...(await openJagsServices(shared)), ...(await openNewsletterServices(shared)) };
}

export async function memoryServices(clock: Clock, config = testConfig(), transport: Transport = new RecordingTransport()): Promise<AppServices> {
  return openServices({ config, store: new MemoryStore(), clock, log: silentLogger, transport });
}

/** Puts people on the roster and installs the app for some of them. */
export async function seedPeople(s: Pick<AppServices, 'people'>, rows: Array<{ email: string; name: string; org: string; groups: string; installed?: boolean }>): Promise<void> {
  if (!rows.length) return;
  const text = rows.map((r) => [r.email, r.name, r.org, r.groups].join('\t')).join('\n');
  const { importId } = await s.people.previewImport(text, 'test');
  await s.people.applyImport(importId, 'test');
  for (const r of rows.filter((x) => x.installed !== false)) {
    await s.people.recordInstallation({ id: `29:${r.email}`, email: r.email, tenantId: 't', reference: { conversation: { id: `a:${r.email}` } } });
  }
}
