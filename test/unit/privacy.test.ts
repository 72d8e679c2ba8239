import assert from 'node:assert/strict';
import { createLogger } from '../../services/logger.js';
import type { DataSubject, Holding, PersonalData } from '../../services/privacy/personal-data.js';
import { checkEmail, Privacy } from '../../services/privacy/privacy.js';
import { UserFacingError } from '../../services/validation.js';
import { ManualClock } from '../support/services.js';

/** A holder with a list of records about one email; `refill` puts records back, as a scheduler run could mid-erasure. */
function holder(name: string, records: string[], opts: { refill?: number; stuck?: boolean } = {}): PersonalData & { erases: number } {
  let held = [...records];
  let refill = opts.refill ?? 0;
  const h = (n: number): Holding[] => (n ? [{ what: `${name} records`, count: n, onErase: 'removed' }] : []);
  return {
    source: name,
    erases: 0,
    async describe() {
      return h(held.length);
    },
    async export(who: DataSubject) {
      return { records: held, about: who.email };
    },
    async erase() {
      this.erases++;
      const n = held.length;
      held = opts.stuck ? held : [];
      if (refill-- > 0) held.push('queued meanwhile');
      return h(n);
    },
  };
}

const subject = (email: string): DataSubject => ({ email, names: ['Jo Bloggs'], accountIds: [], organisation: 'NCC' });

describe('the privacy piece', () => {
  const clock = new ManualClock(Date.parse('2025-09-01T09:00:00Z'));

  it('refuses a missing or malformed address, saying what to type', () => {
    assert.throws(() => checkEmail(''), (e: unknown) => e instanceof UserFacingError && /Give the person's work email address, e\.g\./.test(e.message));
    assert.throws(() => checkEmail({ email: 'x' }), UserFacingError);
    assert.throws(() => checkEmail('jo bloggs'), (e: unknown) => e instanceof UserFacingError && /"jo bloggs" is not an email address/.test(e.message));
    assert.equal(checkEmail('  Jo.Bloggs@Norfolk.GOV.uk '), 'jo.bloggs@norfolk.gov.uk');
  });

  it('refuses a holder added twice under one name', () => {
    const p = new Privacy(subject, clock, createLogger('error', () => undefined));
    p.add(holder('meetings', []));
    assert.throws(() => p.add(holder('meetings', [])), /"meetings" added twice/);
  });

  it('exports every holder into one JSON file named without the email, and says what was never linked to anyone', async () => {
    const lines: string[] = [];
    const p = new Privacy(subject, clock, createLogger('debug', (l) => lines.push(l)));
    p.add(holder('people', ['roster']));
    p.add({ ...holder('jags', []), unlinked: ['Anonymous feedback.'] });
    const x = await p.export('jo@x.example');
    assert.equal(x.filename, 'personal-data-2025-09-01.json');
    const file = JSON.parse(x.content);
    assert.equal(file.about, 'jo@x.example');
    assert.deepEqual(file.data.people, { records: ['roster'], about: 'jo@x.example' });
    assert.deepEqual(file.data.jags, { records: [], about: 'jo@x.example' }, 'a holder with nothing still says so');
    assert.deepEqual(file.notLinkedToAnyone, ['Anonymous feedback.']);
    assert.deepEqual(file.summary, [{ source: 'people', what: 'people records', count: 1 }]);
    assert.ok(lines.some((l) => l.includes('"privacy.exported"') && l.includes('"records":1')));
    assert.ok(!lines.join('\n').includes('jo@x.example'), 'the log has counts, never the email');
  });

  it('erases everything, runs again over a holder that got something back meanwhile, and totals both passes', async () => {
    const lines: string[] = [];
    const p = new Privacy(subject, clock, createLogger('debug', (l) => lines.push(l)));
    const people = holder('people', ['roster', 'installation']);
    const deliveries = holder('deliveries', ['reminder'], { refill: 1 });
    p.add(people);
    p.add(deliveries);
    const r = await p.erase('jo@x.example');
    assert.equal(people.erases, 1);
    assert.equal(deliveries.erases, 2, 'the holder that got a record back is erased again');
    assert.deepEqual(r.sources.map((s) => [s.source, s.holdings.map((h) => h.count)]), [['people', [2]], ['deliveries', [2]]]);
    assert.equal(r.total, 4);
    assert.equal((await p.describe('jo@x.example')).total, 0);
    assert.ok(lines.some((l) => l.includes('"privacy.erased"') && l.includes('"records":4')));
    assert.ok(!lines.join('\n').includes('jo@x.example'));
  });

  it('says erasure did not finish when a holder still holds something after the second pass', async () => {
    const p = new Privacy(subject, clock, createLogger('error', () => undefined));
    p.add(holder('people', ['roster']));
    p.add(holder('stuck', ['record'], { stuck: true }));
    await assert.rejects(p.erase('jo@x.example'), /Erasure did not finish: stuck still holds something/);
  });
});
