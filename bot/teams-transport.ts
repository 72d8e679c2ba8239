import type { Activity, ConversationReference } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import { TransportError, type Delivery, type Transport } from '../services/delivery/deliveries.js';
import type { Installation } from '../services/people/people.js';
import type { DeliveryRenderers } from './delivery-renderers.js';
import { requestLeaving } from './single-attempt-connector.js';

interface ConnectorError {
  /** RestError from @azure/core-rest-pipeline: status, the body's error.code, and the raw response. */
  statusCode?: number;
  code?: string;
  message?: string;
  response?: { headers?: { get?(name: string): string | undefined }; bodyAsText?: string };
  body?: unknown;
}

function retryAfterMs(e: ConnectorError): number | undefined {
  const raw = e.response?.headers?.get?.('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

function bodyText(e: ConnectorError): string {
  if (typeof e.response?.bodyAsText === 'string') return e.response.bodyAsText;
  try {
    return JSON.stringify(e.body ?? '');
  } catch {
    return '';
  }
}

/** Maps what the Bot Connector answered to one proactive request (it makes no retries) to what the queue should do. */
export function classifyConnectorError(err: unknown): TransportError {
  const e = (err ?? {}) as ConnectorError;
  const status = e.statusCode;
  const body = bodyText(e);
  const code = e.code ?? /"code"\s*:\s*"([A-Za-z]+)"/.exec(body)?.[1] ?? (/MessageWritesBlocked/.test(body) ? 'MessageWritesBlocked' : undefined);
  const why = `${status ?? 'network'}${code ? ` ${code}` : ''}`;
  if (status === 429) return new TransportError('throttled', why, retryAfterMs(e));
  if (status === 403) return new TransportError('blocked', why, undefined, code);
  if (status === 404) return new TransportError('gone', why);
  if (status === undefined || status >= 500 || status === 412 || status === 408) return new TransportError('transient', why);
  return new TransportError('permanent', why);
}

const isChannel = (r: ConversationReference) => r.conversation?.conversationType === 'channel';

/**
 * Where an update or delete goes: in a channel, the thread the post started (its conversation id
 * was recorded when it was posted); in a 1:1 chat, the person's conversation as it is now.
 */
function targetReference(d: Delivery, reference: ConversationReference): ConversationReference {
  if (d.op === 'send' || !isChannel(reference) || !d.targetConversationId) return reference;
  return { ...reference, conversation: { ...reference.conversation, id: d.targetConversationId } };
}

/** Sends or updates a delivery's card in the person's 1:1 chat, or posts it to a channel, through the Bot Connector. */
export class TeamsTransport implements Transport {
  private renderers: DeliveryRenderers | null = null;

  constructor(
    private readonly adapter: TeamsAdapter,
    private readonly appId: string,
  ) {}

  /** Features open after the transport (their queue needs it), so their renderers are attached here. */
  attach(renderers: DeliveryRenderers): void {
    this.renderers = renderers;
  }

  /** The chat Graph names (…/installedApps/{id}/chat), reached through the same service as someone else in that tenant. */
  referenceForChat(chatId: string, like: Installation): Record<string, unknown> {
    const ref = like.reference as unknown as ConversationReference;
    const reference: Partial<ConversationReference> = {
      channelId: ref.channelId,
      serviceUrl: ref.serviceUrl,
      bot: ref.bot,
      conversation: { id: chatId, conversationType: 'personal', isGroup: false, tenantId: like.tenantId, name: '' },
    };
    return reference;
  }

  async deliver(delivery: Delivery, installation: Installation, beforeRequest: () => Promise<void>): Promise<{ activityId?: string; conversationId?: string }> {
    if (!this.renderers) throw new TransportError('transient', 'transport not ready');
    const reference = targetReference(delivery, installation.reference as unknown as ConversationReference);
    // A delete carries no card: nothing to render.
    if (delivery.op === 'delete') return this.remove(delivery, reference, beforeRequest);
    const activity = await this.renderers.activity(delivery);
    if (delivery.op === 'send' && isChannel(reference)) return this.postToChannel(activity, reference, beforeRequest);
    let result: { activityId?: string; conversationId?: string } = {};
    // Errors must not escape the turn: the adapter's onTurnError would swallow them and the
    // delivery would look sent. Catch them here and classify them after the turn.
    let failure: unknown = null;
    // One request (the adapter took the connector client's retries out), let through by the queue's limit as it leaves.
    await requestLeaving.run(beforeRequest, () => this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      try {
        if (delivery.op === 'update') {
          if (!delivery.targetActivityId) throw new TransportError('permanent', 'no activity to update');
          await context.updateActivity({ ...activity, id: delivery.targetActivityId });
          result = { activityId: delivery.targetActivityId, conversationId: reference.conversation?.id };
        } else {
          const sent = await context.sendActivity(activity);
          result = { activityId: sent?.id, conversationId: reference.conversation?.id };
        }
      } catch (e) {
        failure = e;
      }
    }));
    if (failure) throw failure instanceof TransportError ? failure : classifyConnectorError(failure);
    return result;
  }

  /**
   * A channel post is one new thread in the channel (POST /v3/conversations with isGroup and the
   * channel's id, 05d/05e), sent from a proactive turn so it is one request under the queue's
   * limits. Teams answers with the thread's conversation id and the post's activity id, which an
   * edit or a recall then targets. (botbuilder's createConversationAsync would lose the activity id.)
   */
  private async postToChannel(activity: Partial<Activity>, reference: ConversationReference, beforeRequest: () => Promise<void>): Promise<{ activityId?: string; conversationId?: string }> {
    const channelId = reference.conversation.id;
    const tenantId = reference.conversation.tenantId;
    const teamId = (reference as { teamId?: string }).teamId;
    let result: { activityId?: string; conversationId?: string } = {};
    let failure: unknown = null;
    await requestLeaving.run(beforeRequest, () =>
      this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
        try {
          const client = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
          const created = await client.conversations.createConversation({
            isGroup: true,
            bot: reference.bot,
            tenantId,
            channelData: { channel: { id: channelId }, ...(teamId ? { team: { id: teamId } } : {}), ...(tenantId ? { tenant: { id: tenantId } } : {}) },
            activity: activity as Activity,
          });
          result = { activityId: created.activityId, conversationId: created.id };
        } catch (e) {
          failure = e;
        }
      }),
    );
    if (failure) throw failure instanceof TransportError ? failure : classifyConnectorError(failure);
    if (!result.activityId) throw new TransportError('permanent', 'Teams did not say which message it posted');
    return result;
  }

  /** Deletes an earlier message (a recalled newsletter); errors are classified as for a send. */
  private async remove(delivery: Delivery, reference: ConversationReference, beforeRequest: () => Promise<void>): Promise<{ activityId?: string; conversationId?: string }> {
    const target = delivery.targetActivityId;
    if (!target) throw new TransportError('permanent', 'no activity to delete');
    let failure: unknown = null;
    await requestLeaving.run(beforeRequest, () =>
      this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
        try {
          await context.deleteActivity(target);
        } catch (e) {
          failure = e;
        }
      }),
    );
    if (failure) {
      const err = failure instanceof TransportError ? failure : classifyConnectorError(failure);
      // A 404 here is most often a message already deleted: not a reason to mark the person uninstalled.
      throw err.kind === 'gone' ? new TransportError('permanent', `${err.message}: nothing to delete`) : err;
    }
    return { activityId: target, conversationId: reference.conversation?.id };
  }
}
