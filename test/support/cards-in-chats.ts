import type { Delivery, Transport } from '../../services/delivery/deliveries.js';
import type { Installation } from '../../services/people/people.js';

/**
 * A transport that keeps what each card in people's chats shows, as Teams would: the text is
 * rendered when the request goes (as the real renderers do) and lands when the request arrives,
 * so the last request to arrive wins. A test can hold chosen requests in flight and let them
 * arrive later, out of order.
 */
export class CardsInChats implements Transport {
  /** Card text by activity id. */
  readonly cards = new Map<string, string>();
  /** Requests in the order they went: op, person and the text rendered. */
  readonly requests: Array<{ op: Delivery['op']; personId: string; text: string }> = [];
  private held: Array<{ d: Delivery; release: () => void }> = [];
  private n = 0;
  /** Thrown, once it arrives, by the next request to arrive. */
  failNext: Error | null = null;
  /** Requests for which this returns true stay in flight until released. */
  hold: (d: Delivery) => boolean = () => false;

  constructor(private readonly render: (d: Delivery) => string) {}

  async deliver(d: Delivery, installation: Installation, beforeRequest: () => Promise<void>): Promise<{ activityId?: string; conversationId?: string }> {
    const text = d.op === 'delete' ? '' : this.render(d);
    await beforeRequest();
    this.requests.push({ op: d.op, personId: d.personId, text });
    if (this.hold(d)) await new Promise<void>((release) => this.held.push({ d, release }));
    const fail = this.failNext;
    this.failNext = null;
    if (fail) throw fail;
    const conversationId = `a:conv-${installation.id}`;
    if (d.op === 'send') {
      const activityId = `act-${++this.n}`;
      this.cards.set(activityId, text);
      return { activityId, conversationId };
    }
    if (!d.targetActivityId) throw new Error(`${d.op} with no activity to change`);
    if (d.op === 'update') this.cards.set(d.targetActivityId, text);
    else this.cards.delete(d.targetActivityId);
    return { activityId: d.targetActivityId, conversationId };
  }

  /** How many requests are held in flight now. */
  inFlight(): number {
    return this.held.length;
  }

  /** Lets the held requests arrive, newest first when `newestFirst` (a slow request overtaken). */
  async release(opts: { newestFirst?: boolean } = {}): Promise<void> {
    const held = opts.newestFirst ? [...this.held].reverse() : this.held;
    this.held = [];
    for (const h of held) {
      h.release();
      // Let it land before the next one goes.
      await new Promise((r) => setImmediate(r));
    }
  }
}
