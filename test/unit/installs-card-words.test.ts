import assert from 'node:assert/strict';
import { installsCard } from '../../adaptive-cards/features/people/installs.js';
import type { SendInstalls } from '../../services/reach/reach.js';
import { formatDayDateTime } from '../../services/zoned-time.js';

const when = (iso: string) => formatDayDateTime(new Date(iso), 'Europe/London');
const AT = '2026-11-30T14:45:00.000Z';

function words(c: unknown): string {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.type === 'TextBlock') out.push(String(o.text));
      if (o.type === 'FactSet') for (const f of o.facts as Array<{ title: string; value: string }>) out.push(`${f.title}: ${f.value}`);
      Object.values(o).forEach(walk);
    }
  };
  walk(c);
  return out.join('\n');
}

const send = (extra: Partial<SendInstalls> = {}): SendInstalls => ({
  campaign: 'meeting-m1',
  kind: 'meeting-reminder',
  firstAt: AT,
  counts: { installed: 1, already: 0, cannot: 0, failed: 0 },
  records: [{ id: 'a@norfolk.gov.uk', name: 'Helen Bradley', kind: 'meeting-reminder', outcome: 'installed', at: AT }],
  waitingForTeams: [],
  ...extra,
});

describe('App installations card words', () => {
  it('says when a send went, not a bare date that reads like the meeting\'s own', () => {
    assert.match(words(installsCard([send()], when)), /\*\*Meeting reminder\*\* sent Monday 30 November 2026, 14:45/);
  });

  it('names a send by what was sent when the feature knows it', () => {
    const text = words(installsCard([send({ what: 'LSCG South, Friday 4 December 2026, 10:30' })], when));
    assert.match(text, /\*\*Meeting reminder: LSCG South, Friday 4 December 2026, 10:30\*\*, sent Monday 30 November 2026, 14:45/);
  });

  it('counts as installed now only those Teams has confirmed; the rest are waiting for Teams, by name', () => {
    const three = send({
      counts: { installed: 3, already: 0, cannot: 0, failed: 0 },
      records: ['Jo Pennington', 'Rachel Lister', 'Aisha Begum'].map((name, i) => ({ id: `p${i}`, name, kind: 'meeting-reminder', outcome: 'installed' as const, at: AT })),
      waitingForTeams: ['p0', 'p1'],
    });
    const text = words(installsCard([three], when));
    assert.match(text, /Installed now: 1\n/);
    assert.match(text, /Installed, waiting for Teams to confirm: 2/);
    assert.match(text, /waiting for Teams to confirm \(the bot reaches them once Teams tells it of the installation\)\*\*\n- Jo Pennington\n- Rachel Lister$/m);
    assert.doesNotMatch(words(installsCard([send()], when)), /waiting for Teams/);
  });
});
