import type { GroupRefresh } from '../../../services/features/people/entra-groups.js';
import type { GroupChanges } from '../../../services/people/entra-match.js';
import { count } from '../../../services/words.js';
import { banner, card, execute, executeNoInputs, facts, heading, text, type AdaptiveCard, type Element } from '../../elements.js';
import { MENU_VERB } from '../../verbs.js';
import { ROSTER_VERBS } from './verbs.js';

const MAX_LISTED = 30;

function listed(title: string, lines: string[]): Element[] {
  if (!lines.length) return [];
  const shown = lines.slice(0, MAX_LISTED).map((l) => `- ${l}`);
  if (lines.length > MAX_LISTED) shown.push(`- and ${lines.length - MAX_LISTED} more`);
  return [text(`**${title}**`, { spacing: 'Small' }), text(shown.join('\n'), { size: 'Small', spacing: 'None' })];
}

function changed(c: GroupChanges): number {
  return c.addToGroup.length + c.newPeople.length + c.removeFromGroup.length + c.linked.length;
}

function groupSection(r: GroupRefresh, timeShown: (iso: string) => string): Element[] {
  const out: Element[] = [text(`**${r.group.name}**`, { size: 'Medium', separator: true })];
  if (!r.outcome.ok) return [...out, banner(r.outcome.problem, 'attention')];
  const c = r.outcome.changes;
  out.push(
    text(`Read from Entra ${timeShown(r.outcome.preparedAt)}: ${count(c.members, 'member')}.`, { isSubtle: true, size: 'Small', spacing: 'None' }),
    facts([
      ['Join the group (already on the list)', String(c.addToGroup.length)],
      ['New to the list, in the group', String(c.newPeople.length)],
      ['Leave the group', String(c.removeFromGroup.length)],
      ['Entra account recorded', String(c.linked.length)],
      ['Kept: in another organisation', String(c.keptOutside.length)],
      ['Not matched', String(c.notMatched.length)],
    ]),
    ...listed('Join the group', c.addToGroup.map((a) => a.name)),
    ...listed('New to the list', c.newPeople.map((n) => `${n.name} (${n.email})`)),
    ...listed('Leave the group', c.removeFromGroup.map((x) => x.name)),
    ...listed('Kept as they are', c.keptOutside.map((k) => `${k.name}: ${k.why}`)),
    ...listed('Not matched', c.notMatched.map((n) => `${n.name}: ${n.why}`)),
  );
  if (!changed(c)) out.push(banner('The list already matches Entra for this group.', 'good'));
  return out;
}

/**
 * What reading the bound Entra groups would change, before anything does. "Apply these changes"
 * and "Discard" carry which reads were shown, so a newer read is never applied or discarded unseen.
 */
export function entraRefreshCard(refreshes: GroupRefresh[], timeShown: (iso: string) => string): AdaptiveCard {
  const shown = refreshes.flatMap((r) => (r.outcome.ok && changed(r.outcome.changes) ? [{ groupId: r.group.id, preparedAt: r.outcome.preparedAt }] : []));
  const body: Element[] = [
    ...heading('Check the refresh from Entra', 'Nothing on the list changes until you apply it.'),
    ...(refreshes.length ? refreshes.flatMap((r) => groupSection(r, timeShown)) : [banner('No refresh from Entra is waiting.', 'good')]),
    text('People whose Teams is in another organisation\'s tenant (schools, health, the voluntary sector) cannot be read from the partnership\'s Entra groups. Add or remove them with the roster paste under People and groups.', { isSubtle: true, size: 'Small', separator: true }),
  ];
  const actions: Element[] = [];
  if (shown.length) {
    actions.push(execute('Apply these changes', ROSTER_VERBS.entraApply, { refreshes: shown }, { style: 'positive', associatedInputs: 'none' }));
    actions.push(executeNoInputs('Discard', ROSTER_VERBS.entraDiscard, { refreshes: shown }));
  }
  actions.push(executeNoInputs('Back to People and groups', ROSTER_VERBS.rosterForm));
  return card(body, actions);
}

/** The answer to Refresh from Entra: the read goes on after the press, and its card comes to this chat. */
export function entraReadingCard(groups: number, alreadyReading: boolean): AdaptiveCard {
  const what = alreadyReading ? `A read of ${count(groups, 'group')} from Entra is already under way.` : `Reading ${count(groups, 'group')} from Entra…`;
  return card(
    [...heading('Refresh from Entra'), banner(`${what} The changes will arrive in this chat when it ends. Nothing on the list changes until you apply them.`, 'good')],
    [executeNoInputs('Back to People and groups', ROSTER_VERBS.rosterForm), executeNoInputs('Back to the menu', MENU_VERB)],
  );
}

export function entraAppliedCard(applied: Array<{ group: { name: string }; changes: GroupChanges }>, peopleCount: number): AdaptiveCard {
  const lines = applied.map(({ group, changes: c }) => `- ${group.name}: ${c.addToGroup.length + c.newPeople.length} joined (${c.newPeople.length} new to the list), ${c.removeFromGroup.length} left`);
  return card(
    [...heading('Changes from Entra applied'), text(lines.join('\n')), banner(`${count(peopleCount, 'person', 'people')} on the list now. New people's organisation shows as "Not recorded" until a roster paste gives it.`, 'good')],
    [executeNoInputs('Back to People and groups', ROSTER_VERBS.rosterForm), executeNoInputs('Back to the menu', MENU_VERB)],
  );
}

export function entraDiscardedCard(): AdaptiveCard {
  return card(
    [...heading('Refresh discarded'), banner('Nothing on the list was changed. The next daily refresh reads Entra again.', 'good')],
    [executeNoInputs('Back to People and groups', ROSTER_VERBS.rosterForm), executeNoInputs('Back to the menu', MENU_VERB)],
  );
}
