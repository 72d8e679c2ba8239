import type { Installation } from '../people/people.js';

/**
 * One proactive message to one person, and what became of it. Kept per campaign (one file a
 * meeting), so later features can update a sent card and report on who was reached.
 */
export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'blocked' | 'not-installed' | 'superseded';

/**
 * What a delivery carries, e.g. 'meeting-reminder' or 's11-prompt'. Each kind is registered by
 * the feature that renders it; the queue does not need to know them.
 */
export type DeliveryKind = string;

export interface Delivery {
  /** Deterministic, so queuing the same message twice is a no-op. */
  id: string;
  campaign: string;
  personId: string;
  kind: DeliveryKind;
  /** send: a new message; update: replace the card of an earlier delivery; delete: remove it (a recalled newsletter). */
  op: 'send' | 'update' | 'delete';
  subjectId: string;
  ruleId?: string;
  /** For updates: the delivery whose message is replaced. */
  replaces?: string;
  targetActivityId?: string;
  targetConversationId?: string;
  status: DeliveryStatus;
  attempts: number;
  notBefore?: string;
  lastError?: string;
  /**
   * A crash came while this was being sent, and it was sent again after the restart: the person
   * may have it twice. Delivery is at least once; only sends in flight at a crash are repeated.
   */
  maybeDuplicate?: boolean;
  /** Why maybeDuplicate was set; kept after the send succeeds, when lastError is cleared. */
  duplicateReason?: string;
  activityId?: string;
  conversationId?: string;
  queuedAt: string;
  sentAt?: string;
  updatedAt: string;
}

export type NewDelivery = Pick<Delivery, 'id' | 'campaign' | 'personId' | 'kind' | 'op' | 'subjectId' | 'ruleId' | 'replaces' | 'targetActivityId' | 'targetConversationId'>;

/** Why a send failed, in the terms the queue acts on. The bot layer maps connector errors to these. */
export type TransportFailure = 'throttled' | 'blocked' | 'gone' | 'transient' | 'permanent';

export class TransportError extends Error {
  constructor(
    readonly kind: TransportFailure,
    message: string,
    readonly retryAfterMs?: number,
    /** The Bot Connector's error code (05o), when it gave one: a 403's code says whether the bot left the team or only this post was refused. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/** The port through which the queue reaches Teams. */
export interface Transport {
  /**
   * One attempt: one request to Teams, no retries of its own (the queue retries, under its limits).
   * `beforeRequest` must be awaited immediately before the request is written, after everything
   * else (rendering, the connector client, its token): the queue's rate limit lets the request
   * through then and counts it from then. An attempt that makes no request does not call it.
   */
  deliver(delivery: Delivery, installation: Installation, beforeRequest: () => Promise<void>): Promise<{ activityId?: string; conversationId?: string }>;
  /**
   * Optional: where to reach someone in a 1:1 chat the bot has with them but never heard about
   * (the app was installed for them some other way), given that chat's id and an installation
   * in the same tenant to take the rest from. Opaque to services, as every reference is.
   */
  referenceForChat?(chatId: string, like: Installation): Record<string, unknown>;
}

export function campaignCollection(campaign: string): string {
  return `deliveries/${campaign}`;
}

/**
 * Optional: what the queue asks before giving up on someone it cannot reach (no installation).
 * The app-installing Reach (services/reach) answers it when that is turned on.
 */
export interface ReachPort {
  /** Until when to hold this delivery while they are being made reachable; 0 or a past time: do not hold it. */
  holdUntil(delivery: Delivery, now: number): number;
  /** Why they could not be made reachable, for the delivery record. */
  whyNot(personId: string): string | undefined;
}
