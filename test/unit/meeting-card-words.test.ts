import assert from 'node:assert/strict';
import { meetingAdminCard, meetingCancelConfirmCard } from '../../adaptive-cards/features/meetings/meeting-admin.js';
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

  it('the cancel confirmation says Outlook will tell the invited members, even when no reminder has gone out', () => {
    const view = { groupName: 'LSCG South', when: 'Friday 18 July 2025, 10:30' } as Parameters<typeof meetingCancelConfirmCard>[0];
    const words = (c: unknown) => walk(c).filter((e) => e.type === 'TextBlock').map((e) => String(e.text)).join('\n');
    const invited = words(meetingCancelConfirmCard(view, 0, 'lscg-meetings@norfolk.gov.uk'));
    assert.match(invited, /Outlook will send the cancellation to every member invited from lscg-meetings@norfolk.gov.uk/);
    assert.doesNotMatch(invited, /nobody will be notified/);
    assert.match(words(meetingCancelConfirmCard(view, 0)), /nobody will be notified/);
    assert.match(words(meetingCancelConfirmCard(view, 1, 'lscg-meetings@norfolk.gov.uk')), /1 member has already been reminded in Teams\..*Outlook will send/);
  });

  it('the meeting card counts one member invited in the singular', () => {
    const view = { id: 'm1', groupName: 'LSCG South', when: 'Friday 18 July 2025, 10:30', modeLabel: 'Online', agenda: [] } as unknown as Parameters<typeof meetingCancelConfirmCard>[0];
    const words = walk(meetingAdminCard({ meeting: view, memberCount: 1, reachableCount: 1, replies: { attending: 0, apologies: 0, deputy: 0 } })).filter((e) => e.type === 'TextBlock').map((e) => String(e.text)).join('\n');
    assert.match(words, /1 member invited; 1 can be reached in Teams/);
  });
});
