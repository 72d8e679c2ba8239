import assert from 'node:assert/strict';
import { EVERYONE, FIELD } from '../../services/features/newsletter/compose.js';
import { issueReport } from '../../services/features/newsletter/report.js';
import { progressText } from '../../services/features/newsletter/views.js';
import type { Delivery } from '../../services/delivery/deliveries.js';
import { ManualClock, memoryServices, seedPeople } from '../support/services.js';

/**
 * Delivery is at least once: a copy the bot was sending when it crashed goes again and is marked.
 * The newsletter's report counts it as sent, and says it may have arrived twice.
 */
describe('a newsletter sent across a restart', () => {
  it('counts a copy sent again after a restart as sent, and says it may have arrived twice', async () => {
    const s = await memoryServices(new ManualClock(Date.parse('2025-03-03T10:00:00Z')));
    await seedPeople(s, [
      { email: 'cat@nchc.example', name: 'Cat Champion', org: 'NCHC', groups: 'Neglect champions' },
      { email: 'dan@police.example', name: 'Dan Champion', org: 'Norfolk Constabulary', groups: 'Neglect champions' },
    ]);
    s.queue.start();
    const draft = await s.newsletter.saveDraft({ [FIELD.title]: 'Spring', [FIELD.summary]: 'News', [FIELD.heading(1)]: 'ANOOF', [FIELD.text(1)]: 'Briefing.', [FIELD.audience]: 'neglect-champions', [FIELD.ask]: 'read' }, 'bu');
    assert.notEqual(draft.audience, EVERYONE);
    await s.newsletter.sendNow(draft.id, 'bu');
    await s.queue.idle();
    const [campaign] = await s.store.listPartitions('deliveries');
    const records = await s.store.collection<Delivery>(campaign);
    const cat = records.values().find((d) => d.personId === 'cat@nchc.example')!;
    // As the queue leaves it when it resends a copy found mid-send at start.
    await records.put({ ...cat, maybeDuplicate: true, duplicateReason: 'sent again after a restart: the bot stopped while sending it' });
    const report = await issueReport(s.newsletter, s.newsletter.issue(draft.id));
    assert.equal(report.counts.interrupted, 1);
    assert.equal(report.counts.sent, 1);
    assert.equal(progressText(report), 'Sent 2 of 2: 1 may have arrived twice (sent again after a restart).');
    await s.queue.stop();
  });
});
