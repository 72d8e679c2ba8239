import type { ReplicaStatus } from './replica.js';

export interface ReplicaHealth {
  state: 'in step' | 'waiting' | 'failing';
  /** Rows waiting to be written to SharePoint. */
  backlog: number;
  /** How long the oldest of them has waited, in seconds (0 when none). */
  oldestAgeSeconds: number;
}

/**
 * The replica's part of /healthz; undefined when it is off, so /healthz says what it always said.
 * Numbers only: /healthz is public, and a failure's reason can name the tenant, the app's client
 * id or its certificate's path. The reason is on the business unit's menu.
 */
export function replicaHealth(s: ReplicaStatus, now: Date): ReplicaHealth | undefined {
  if (s.state === 'off') return undefined;
  if (s.state === 'in step') return { state: 'in step', backlog: 0, oldestAgeSeconds: 0 };
  const age = s.oldestSince ? Math.max(0, Math.round((now.getTime() - Date.parse(s.oldestSince)) / 1000)) : 0;
  if (s.state === 'waiting') return { state: 'waiting', backlog: s.waiting, oldestAgeSeconds: age };
  return { state: 'failing', backlog: s.waiting, oldestAgeSeconds: age };
}
