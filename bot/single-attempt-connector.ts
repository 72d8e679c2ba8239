import { AsyncLocalStorage } from 'node:async_hooks';
import { ConnectorFactory, type ConnectorClient } from 'botframework-connector';

/** The parts of @azure/core-rest-pipeline's Pipeline used here (it is not a direct dependency). */
interface Policy {
  name: string;
  sendRequest(request: unknown, next: (request: unknown) => Promise<unknown>): Promise<unknown>;
}
interface Pipeline {
  removePolicy(options: { phase: 'Retry' }): Array<{ name: string }>;
  getOrderedPolicies(): Array<{ name: string }>;
  addPolicy(policy: Policy, options: { afterPhase: 'Sign' }): void;
}

/**
 * Awaited as a proactive request is handed to the HTTP client, after rendering, the connector
 * client and its token: the delivery queue's rate limit lets it through then, and counts it from
 * then. Set around one proactive turn.
 */
export const requestLeaving = new AsyncLocalStorage<() => Promise<void> | void>();

/**
 * Takes the retry policy out of a connector client's HTTP pipeline, so that one call is one
 * request. botbuilder builds every ConnectorClient on @azure/core-client, whose pipeline retries
 * 429 and 503 after Retry-After and other 5xx with back-off, 3 times, out of sight of our
 * queue's rate limiter: at 50 sends a second Teams saw up to 66 requests in one second. The
 * queue retries instead, each attempt under the limiter. No option reaches that policy
 * (ConnectorClientOptions carries no retry options, and ConnectorFactoryImpl overwrites
 * requestPolicyFactories), so it is removed from the pipeline of the private core-client; if a
 * botbuilder upgrade moves it, this throws rather than let the retries come back unnoticed.
 */
export function withoutRetries(client: ConnectorClient): ConnectorClient {
  const pipeline = (client as unknown as { client?: { pipeline?: Pipeline } }).client?.pipeline;
  if (!pipeline) throw new Error('connector client has no core-client pipeline: botbuilder changed, see bot/single-attempt-connector.ts');
  const removed = pipeline.removePolicy({ phase: 'Retry' });
  const left = pipeline.getOrderedPolicies().filter((p) => /retry/i.test(p.name));
  if (!removed.some((p) => /retry/i.test(p.name)) || left.length) {
    throw new Error(`connector client retry policy not where expected (removed: ${removed.map((p) => p.name).join(', ') || 'none'}; left: ${left.map((p) => p.name).join(', ') || 'none'})`);
  }
  // Last before the HTTP client, which writes the request in the same turn of the event loop:
  // the time before it varies (the disk, rendering, a busy loop), and counted from earlier, two
  // batches a second apart reached the connector 920 ms apart.
  pipeline.addPolicy(
    {
      name: 'nscpRequestLeaving',
      sendRequest: async (request, next) => {
        await requestLeaving.getStore()?.();
        return next(request);
      },
    },
    { afterPhase: 'Sign' },
  );
  return client;
}

/** A ConnectorFactory whose clients make one request per call (proactive sends: the queue retries). */
export class SingleAttemptConnectorFactory extends ConnectorFactory {
  constructor(private readonly inner: ConnectorFactory) {
    super();
  }

  async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return withoutRetries(await this.inner.create(serviceUrl, audience));
  }
}
