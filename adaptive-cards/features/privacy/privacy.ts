import type { PersonReport } from '../../../services/privacy/privacy.js';
import { actionSet, banner, card, execute, executeNoInputs, heading, openUrl, text, type AdaptiveCard, type Element } from '../../elements.js';
import { MENU_VERB } from '../../verbs.js';
import { PRIVACY_VERBS } from './verbs.js';

/** Ask for the address. What the bot holds is listed before anything can be downloaded or erased. */
export function personAskCard(opts: { error?: string; value?: string } = {}): AdaptiveCard {
  const body: Element[] = [
    ...heading('A person\'s data', 'Subject access and erasure requests (UK GDPR)'),
    text('Give the work email of the person who asked. You will see everything the bot holds about them before you download it or erase it.'),
  ];
  if (opts.error) body.push(banner(opts.error, 'attention'));
  body.push({
    type: 'Input.Text',
    id: 'email',
    label: 'Their work email address',
    style: 'Email',
    isRequired: true,
    errorMessage: 'Give one email address.',
    placeholder: 'jo.bloggs@norfolk.gov.uk',
    maxLength: 320,
    ...(opts.value ? { value: opts.value } : {}),
  });
  return card(body, [execute('Show what is held about them', PRIVACY_VERBS.personFind, {}, { style: 'positive' }), executeNoInputs('Back to the menu', MENU_VERB)]);
}

const lines = (r: PersonReport, withErase: boolean) =>
  r.sources.flatMap((s) => s.holdings.map((h) => `- ${h.what}: **${h.count}**${withErase ? ` (${h.onErase})` : ''}`)).join('\n');

const unlinkedText = (r: PersonReport) => r.unlinked.map((u) => `- ${u}`).join('\n');

/** What is held about one person, with the download and the way to erasure. */
export function personFoundCard(r: PersonReport, opts: { downloadUrl?: string } = {}): AdaptiveCard {
  const body: Element[] = [...heading('What the bot holds about them', r.email)];
  if (r.total) body.push(text(lines(r, false)));
  else body.push(banner('Nothing is held about this address: no roster entry, installation, replies, marks or messages.', 'good'));
  if (r.unlinked.length) body.push(text('Not found, because it was never linked to anyone:', { weight: 'Bolder', spacing: 'Medium' }), text(unlinkedText(r), { size: 'Small' }));
  if (opts.downloadUrl) body.push(actionSet([openUrl('Download the file (JSON; the link works for 10 minutes)', opts.downloadUrl)]));
  const actions: Element[] = [executeNoInputs('Export everything held about them as a file', PRIVACY_VERBS.personExport, { email: r.email })];
  if (r.total) actions.push(executeNoInputs('Erase their data…', PRIVACY_VERBS.personEraseAsk, { email: r.email }));
  actions.push(executeNoInputs('Look up someone else', PRIVACY_VERBS.personForm));
  return card(body, actions);
}

/** The confirmation, a step of its own: exactly what goes, what stays, and that it cannot be undone. */
export function personEraseConfirmCard(r: PersonReport): AdaptiveCard {
  const body: Element[] = [
    ...heading('Erase this person\'s data?', r.email),
    text('Erasing will, for good:', { weight: 'Bolder' }),
    text(lines(r, true)),
  ];
  if (r.unlinked.length) body.push(text('Cannot be erased, because it was never linked to them:', { weight: 'Bolder', spacing: 'Medium' }), text(unlinkedText(r), { size: 'Small' }));
  body.push(
    banner('This cannot be undone. If they asked for a copy, export it first. Backups of the data folder taken before now still hold their data until those backups are deleted.', 'warning'),
  );
  return card(body, [
    execute('Yes, erase everything listed', PRIVACY_VERBS.personErase, { email: r.email }, { style: 'destructive', associatedInputs: 'none' }),
    executeNoInputs('No, go back', PRIVACY_VERBS.personFind, { email: r.email }),
  ]);
}

/** Done. The address is not repeated: this card stays in the chat after their data has gone. */
export function personErasedCard(r: PersonReport): AdaptiveCard {
  const body: Element[] = [...heading('Erased'), banner(`${r.total} ${r.total === 1 ? 'record was' : 'records were'} erased or had their name removed. Nothing held about that address remains.`, 'good')];
  if (r.total) body.push(text(lines(r, false), { size: 'Small' }));
  if (r.unlinked.length) body.push(text('Kept, because it was never linked to them:', { weight: 'Bolder', spacing: 'Medium' }), text(unlinkedText(r), { size: 'Small' }));
  return card(body, [executeNoInputs('Look up someone else', PRIVACY_VERBS.personForm), executeNoInputs('Back to the menu', MENU_VERB)]);
}

/** Erasure stopped part way: say so plainly, and that pressing again finishes it. */
export function personEraseUnfinishedCard(email: string): AdaptiveCard {
  return card(
    [...heading('Erasure did not finish', email), banner('Some of their data may already be erased; the rest is still held. Nothing erased comes back. Look at what is left and erase it again to finish.', 'attention')],
    [executeNoInputs('Show what is left to erase', PRIVACY_VERBS.personEraseAsk, { email }), executeNoInputs('Back to the menu', MENU_VERB)],
  );
}
