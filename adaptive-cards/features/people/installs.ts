import type { SendInstalls } from '../../../services/reach/reach.js';
import { banner, card, executeNoInputs, facts, heading, text, type AdaptiveCard, type Element } from '../../elements.js';
import { MENU_VERB } from '../../verbs.js';
import { ROSTER_VERBS } from './verbs.js';

const MAX_LISTED = 30;

/** "meeting-reminder" → "Meeting reminder". */
const kindWords = (kind: string) => kind.charAt(0).toUpperCase() + kind.slice(1).replace(/-/g, ' ');

function listed(title: string, lines: string[]): Element[] {
  if (!lines.length) return [];
  const shown = lines.slice(0, MAX_LISTED).map((l) => `- ${l}`);
  if (lines.length > MAX_LISTED) shown.push(`- and ${lines.length - MAX_LISTED} more`);
  return [text(`**${title}**`, { spacing: 'Small' }), text(shown.join('\n'), { size: 'Small', spacing: 'None' })];
}

/**
 * Per send, what installing the app for people who never opened it came to: installed now,
 * already had it, cannot be (another organisation: what their admin must do), failed (why).
 */
export function installsCard(sends: SendInstalls[], timeShown: (iso: string) => string): AdaptiveCard {
  const body: Element[] = [...heading('App installed for people who never opened it', 'Before each send, the bot installs the app for people in its audience who do not have it.')];
  if (!sends.length) body.push(banner('No send has needed to install the app yet.', 'good'));
  for (const s of sends) {
    const named = (outcome: string) => s.records.filter((r) => r.outcome === outcome);
    const waiting = new Set(s.waitingForTeams);
    body.push(
      text(s.what ? `**${kindWords(s.kind)}: ${s.what}**, sent ${timeShown(s.firstAt)}` : `**${kindWords(s.kind)}** sent ${timeShown(s.firstAt)}`, { separator: true }),
      facts([
        ['Installed now', String(s.counts.installed - waiting.size)],
        ...(waiting.size ? [['Installed, waiting for Teams to confirm', String(waiting.size)] as [string, string]] : []),
        ['Already had it', String(s.counts.already)],
        ['Cannot be installed', String(s.counts.cannot)],
        ['Failed', String(s.counts.failed)],
      ]),
      ...listed('Installed, waiting for Teams to confirm (the bot reaches them once Teams tells it of the installation)', named('installed').filter((r) => waiting.has(r.id)).map((r) => r.name ?? r.id)),
      ...listed('Already had it', named('already').map((r) => r.name ?? r.id)),
      ...listed('Cannot be installed', named('cannot').map((r) => `${r.name ?? r.id}: ${r.why ?? ''}`)),
      ...listed('Failed', named('failed').map((r) => `${r.name ?? r.id}: ${r.why ?? ''}`)),
    );
  }
  return card(body, [executeNoInputs('Back to People and groups', ROSTER_VERBS.rosterForm), executeNoInputs('Back to the menu', MENU_VERB)]);
}
