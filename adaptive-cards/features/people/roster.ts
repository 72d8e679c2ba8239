import type { RosterPreview } from '../../../services/people/roster-import.js';
import { banner, card, execute, executeNoInputs, facts, heading, text, type AdaptiveCard, type Element } from '../../elements.js';
import { ROSTER_VERBS } from './verbs.js';
import { MENU_VERB } from '../../verbs.js';

/** Paste rows from the business unit's spreadsheet. */
export function rosterPasteCard(groupNames: string[], opts: { error?: string; value?: string; peopleCount: number; entra?: { groups: string[]; waiting: number }; installsApp?: boolean }): AdaptiveCard {
  const body: Element[] = [
    ...heading('People and groups', `${opts.peopleCount} people on the list now.`),
    text('Copy rows from your spreadsheet and paste them below: one person a row, columns **email, name, organisation, groups**. Separate several groups with a semicolon. A header row is fine.'),
    text(`Groups: ${groupNames.join('; ')}`, { isSubtle: true, size: 'Small' }),
  ];
  if (opts.entra?.groups.length) {
    body.push(text(`Following Entra groups: ${opts.entra.groups.join('; ')}. They are read every morning; you check what changes before it does.`, { size: 'Small' }));
    if (opts.entra.waiting) body.push(banner(`A refresh from Entra is waiting for you to check (${opts.entra.waiting === 1 ? '1 group' : `${opts.entra.waiting} groups`}). Press Refresh from Entra.`, 'accent'));
  }
  if (opts.error) body.push(banner(opts.error, 'attention'));
  body.push({
    type: 'Input.Text',
    id: 'rows',
    label: 'Rows to import',
    isMultiline: true,
    isRequired: true,
    errorMessage: 'Paste at least one row.',
    placeholder: 'jo.bloggs@norfolk.gov.uk\tJo Bloggs\tNorfolk County Council\tLSCG South;Neglect champions',
    maxLength: 200000,
    ...(opts.value ? { value: opts.value } : {}),
  });
  const entraButtons = opts.entra?.groups.length ? [executeNoInputs('Refresh from Entra', ROSTER_VERBS.entraRefresh)] : [];
  const installButtons = opts.installsApp ? [executeNoInputs('App installations', ROSTER_VERBS.installs)] : [];
  return card(body, [execute('Check these rows', ROSTER_VERBS.rosterPreview, {}, { style: 'positive' }), ...entraButtons, ...installButtons, executeNoInputs('Back to the menu', MENU_VERB)]);
}

const MAX_LISTED = 30;

/** What an import would do, and every bad row with its reason, before anything changes. */
export function rosterPreviewCard(preview: RosterPreview, importId: string): AdaptiveCard {
  const changes = preview.toAdd.length + preview.toUpdate.length;
  const body: Element[] = [
    ...heading('Check the import'),
    facts([
      ['To add', String(preview.toAdd.length)],
      ['To update', String(preview.toUpdate.length)],
      ['Left alone (no change)', String(preview.unchanged.length)],
      ['Rows with problems', String(preview.problems.length)],
    ]),
  ];
  if (preview.problems.length) {
    body.push(
      banner(changes ? 'Rows with problems will be skipped. Fix them in your sheet and paste them again later.' : 'Nothing can be imported yet: fix these rows and paste again.', 'warning'),
      text(preview.problems.slice(0, MAX_LISTED).map((p) => `- Row ${p.row}: ${p.reason}`).join('\n'), { size: 'Small' }),
    );
    if (preview.problems.length > MAX_LISTED) body.push(text(`And ${preview.problems.length - MAX_LISTED} more rows with problems.`, { isSubtle: true }));
  }
  const actions: Element[] = changes
    ? [execute(`Import ${changes} ${changes === 1 ? 'person' : 'people'}`, ROSTER_VERBS.rosterApply, { importId }, { style: 'positive', associatedInputs: 'none' }), executeNoInputs('Paste again', ROSTER_VERBS.rosterForm)]
    : [executeNoInputs('Paste again', ROSTER_VERBS.rosterForm)];
  if (!changes && !preview.problems.length) body.push(banner('Everyone in these rows is already on the list as given. Nothing to change.', 'good'));
  return card(body, actions);
}

export function rosterAppliedCard(preview: RosterPreview, peopleCount: number): AdaptiveCard {
  return card(
    [...heading('Import done'), banner(`Added ${preview.toAdd.length}, updated ${preview.toUpdate.length}, left ${preview.unchanged.length} alone. ${peopleCount} people on the list now.`, 'good')],
    [executeNoInputs('Import more', ROSTER_VERBS.rosterForm), executeNoInputs('Back to the menu', MENU_VERB)],
  );
}
