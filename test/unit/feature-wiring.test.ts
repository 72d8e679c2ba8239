import assert from 'node:assert/strict';
import sinon from 'sinon';
import { collectCardActions } from '../../bot/application.js';
import { ANY_INSTALLED_USER, audienceMember, BUSINESS_UNIT, CardActionDeclarationError, CardActions, type Who } from '../../bot/card-actions.js';
import { DeliveryRenderers } from '../../bot/delivery-renderers.js';
import type { Feature } from '../../bot/feature.js';
import { messageCard } from '../../adaptive-cards/message.js';
import { TransportError, type Delivery, type Transport } from '../../services/delivery/deliveries.js';
import { createLogger, silentLogger } from '../../services/logger.js';
import { memoryServices, seedPeople, testConfig } from '../support/services.js';

const handler = async () => messageCard('Done', 'Done.');

describe('wiring a feature', () => {
  describe('card actions declare who may press them', () => {
    it('refuses an action registered without saying who may use it, naming the verb', () => {
      const actions = new CardActions();
      assert.throws(
        () => actions.add('newsletter.send', undefined as unknown as Who, handler),
        (e: unknown) => e instanceof CardActionDeclarationError && /Card action "newsletter\.send" does not say who may use it/.test(e.message),
      );
      assert.throws(() => actions.add('newsletter.send', { kind: 'everyone' } as unknown as Who, handler), /"newsletter\.send" does not say who may use it/);
      assert.equal(actions.has('newsletter.send'), false, 'nothing was registered');
    });

    it('refuses an audience rule without a guard, a verb registered twice, and an action without a handler', () => {
      const actions = new CardActions();
      assert.throws(() => actions.add('poll.answer', { kind: 'audience-member', of: 'poll' } as unknown as Who, handler), /"poll\.answer" is for an audience member but has no guard/);
      actions.add('poll.show', ANY_INSTALLED_USER, handler);
      assert.throws(() => actions.add('poll.show', BUSINESS_UNIT, handler), /"poll\.show" is registered twice/);
      assert.throws(() => actions.add('poll.close', BUSINESS_UNIT, undefined as unknown as typeof handler), /"poll\.close" has no handler/);
      actions.add('poll.vote', audienceMember('poll', () => undefined), handler);
      assert.deepEqual(actions.list().map((a) => [a.verb, a.who.kind]), [['poll.show', 'any-installed-user'], ['poll.vote', 'audience-member']]);
    });

    it('stops start-up when any feature registers a verb without a permission', () => {
      const careless: Feature = { name: 'careless', registerActions: (a) => a.add('careless.do', undefined as unknown as Who, handler) };
      const fine: Feature = { name: 'fine', registerActions: (a) => a.add('fine.do', BUSINESS_UNIT, handler) };
      assert.throws(() => collectCardActions([fine, careless]), /Card action "careless\.do" does not say who may use it/);
    });
  });

  describe('delivery kinds are rendered by the feature that registered them', () => {
    const feature = (name: string, kinds: string[]): Feature => ({
      name,
      registerActions: () => undefined,
      deliveries: Object.fromEntries(kinds.map((k) => [k, async () => ({ card: messageCard(k, k), summary: k })])),
    });

    it('refuses two features claiming one kind', () => {
      const r = new DeliveryRenderers(silentLogger);
      r.addFeature(feature('meetings', ['meeting-reminder']));
      assert.throws(() => r.addFeature(feature('newsletter', ['meeting-reminder'])), /"meeting-reminder" is registered by both meetings and newsletter/);
    });

    it('fails a delivery of a kind nobody registered, with the reason, and logs it: never rendered as something else', async () => {
      const lines: string[] = [];
      const renderers = new DeliveryRenderers(createLogger('debug', (l) => lines.push(l)));
      renderers.addFeature(feature('meetings', ['meeting-reminder']));
      const sent: Delivery[] = [];
      const transport: Transport = {
        async deliver(d, _installation, beforeRequest) {
          await renderers.activity(d);
          await beforeRequest();
          sent.push(d);
          return { activityId: `act-${sent.length}` };
        },
      };
      const timers = sinon.useFakeTimers({ now: Date.parse('2025-05-16T09:00:00Z'), toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
      try {
        const s = await memoryServices({ now: () => new Date() }, testConfig(), transport);
        await seedPeople(s, [{ email: 'p0@x.org', name: 'P Zero', org: 'Org', groups: 'LSCG South' }]);
        s.queue.start();
        await s.queue.enqueue([
          { id: 'newsletter:n1:p0@x.org', campaign: 'newsletter-n1', personId: 'p0@x.org', kind: 'newsletter-issue', op: 'send', subjectId: 'n1' },
          { id: 'reminder:m1:p0@x.org', campaign: 'meeting-m1', personId: 'p0@x.org', kind: 'meeting-reminder', op: 'send', subjectId: 'm1' },
        ]);
        await timers.tickAsync(1000);
        const [unknown] = await s.queue.records('newsletter-n1');
        assert.equal(unknown.status, 'failed');
        assert.match(unknown.lastError ?? '', /no feature renders delivery kind "newsletter-issue"/);
        assert.equal((await s.queue.records('meeting-m1'))[0].status, 'sent', 'the others still go');
        assert.deepEqual(sent.map((d) => d.kind), ['meeting-reminder']);
        assert.ok(lines.some((l) => l.includes('"delivery.unknown_kind"') && l.includes('newsletter-issue')));
        await s.queue.stop();
      } finally {
        timers.restore();
      }
      await assert.rejects(renderers.activity({ kind: 'x' } as Delivery), (e: unknown) => e instanceof TransportError && e.kind === 'permanent');
    });
  });
});
