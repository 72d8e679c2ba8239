import type { Activity } from 'botbuilder';
import { TransportError, type Delivery } from '../services/delivery/deliveries.js';
import type { Logger } from '../services/logger.js';
import type { DeliveryRenderer, Feature } from './feature.js';
import { cardActivity } from './send-card.js';

/**
 * Delivery kinds, each registered by the feature that renders it. A kind nobody registered is
 * never rendered as something else: it fails that one delivery, with the reason recorded.
 */
export class DeliveryRenderers {
  private readonly byKind = new Map<string, { feature: string; render: DeliveryRenderer }>();

  constructor(private readonly log: Logger) {}

  addFeature(feature: Feature): void {
    for (const [kind, render] of Object.entries(feature.deliveries ?? {})) {
      const taken = this.byKind.get(kind);
      if (taken) throw new Error(`delivery kind "${kind}" is registered by both ${taken.feature} and ${feature.name}`);
      this.byKind.set(kind, { feature: feature.name, render });
    }
  }

  kinds(): string[] {
    return [...this.byKind.keys()];
  }

  async activity(d: Delivery): Promise<Partial<Activity>> {
    const entry = this.byKind.get(d.kind);
    if (!entry) {
      this.log.error('delivery.unknown_kind', { kind: d.kind, campaign: d.campaign });
      throw new TransportError('permanent', `no feature renders delivery kind "${d.kind}"`);
    }
    const { card, summary } = await entry.render(d);
    return cardActivity(card, summary);
  }
}
