import assert from 'node:assert/strict';
import { meetingFormCard } from '../../adaptive-cards/features/meetings/meeting-form.js';

/** Every element of a card, depth first, so a test can find an input by id. */
function walk(node: unknown, out: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
  if (Array.isArray(node)) for (const n of node) walk(n, out);
  else if (node && typeof node === 'object') {
    out.push(node as Record<string, unknown>);
    for (const v of Object.values(node)) walk(v, out);
  }
  return out;
}

describe('meeting card words', () => {
  it('the date input says a past date is refused because it must be today or later', () => {
    const c = meetingFormCard({ groups: [{ id: 'g', name: 'G' }], modes: { online: 'Online' }, values: { date: '2026-11-20' }, today: '2026-11-30', reminderSummary: '7 days and 1 day before, at 09:00', maxAgendaItems: 10 });
    const date = walk(c).find((e) => e.id === 'date')!;
    assert.equal(date.min, '2026-11-30');
    assert.match(String(date.errorMessage), /2026-11-30 \(today\) or later/);
  });
});
