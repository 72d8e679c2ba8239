import { fieldError, fixBanner, actionSet, banner, showCard, card, execute, executeNoInputs, facts, heading, openUrl, text, type AdaptiveCard, type Element } from '../../elements.js';
import { S11_VERBS } from './verbs.js';
import { MENU_VERB } from '../../verbs.js';
import { count } from '../../../services/words.js';

export interface CycleListItem {
  id: string;
  title: string;
  deadline: string;
  counts: { submitted: number; draft: number; notStarted: number };
  open: boolean;
}

/** The business unit's Section 11 cycles. */
export function s11CyclesCard(cycles: CycleListItem[]): AdaptiveCard {
  const body: Element[] = [...heading('Section 11 returns', 'Annual self-assessments under Section 11 of the Children Act 2004.')];
  if (!cycles.length) body.push(text('No cycle has been opened yet.'));
  for (const c of cycles.slice(0, 20)) {
    body.push({
      type: 'Container',
      separator: true,
      spacing: 'Medium',
      selectAction: executeNoInputs('Open', S11_VERBS.s11Status, { cycleId: c.id }),
      items: [
        text(`**${c.title}**${c.open ? '' : ' (closed)'}`),
        text(`Deadline ${c.deadline} · submitted ${c.counts.submitted} · draft ${c.counts.draft} · not started ${c.counts.notStarted}`, { isSubtle: true, spacing: 'None' }),
      ],
    });
  }
  return card(body, [executeNoInputs('Open a cycle', S11_VERBS.s11OpenForm), executeNoInputs('Back to the menu', MENU_VERB)]);
}

export interface OpenCycleFormInput {
  tracks: Array<{ id: string; name: string }>;
  organisations: Array<{ key: string; name: string; leads: number }>;
  values: { year?: string; trackId?: string; deadline?: string; organisations?: string };
  errors?: Record<string, string>;
  today: string;
}

/** Open a cycle: year, track, deadline and the organisations taking part (those with a named lead). */
export function s11OpenCycleCard(input: OpenCycleFormInput): AdaptiveCard {
  const v = input.values;
  const body: Element[] = [...heading('Open a Section 11 cycle', 'Each organisation\'s Section 11 leads get the return in Teams chat, and reminders before the deadline.')];
  body.push(...fixBanner(input.errors, 'sent'));
  if (!input.organisations.length) body.push(banner('No organisation has a Section 11 lead yet. Add leads under People and groups (group "Section 11 leads") first.', 'warning'));
  body.push(
    { type: 'Input.Number', id: 'year', label: 'Year of the return', min: 2000, max: 2100, isRequired: true, errorMessage: 'Give the year.', value: Number(v.year) || undefined },
    ...fieldError(input.errors, 'year'),
    {
      type: 'Input.ChoiceSet',
      id: 'trackId',
      label: 'Track',
      style: 'expanded',
      isRequired: true,
      errorMessage: 'Choose the track.',
      choices: input.tracks.map((t) => ({ title: t.name, value: t.id })),
      ...(v.trackId ? { value: v.trackId } : {}),
    },
    ...fieldError(input.errors, 'trackId'),
    { type: 'Input.Date', id: 'deadline', label: 'Deadline (returns due by the end of this day)', min: input.today, isRequired: true, errorMessage: 'Give the deadline.', ...(v.deadline ? { value: v.deadline } : {}) },
    ...fieldError(input.errors, 'deadline'),
    // A ChoiceSet with no choices is invalid (the banner above says why there are none).
    ...(input.organisations.length
      ? [
          {
            type: 'Input.ChoiceSet',
            id: 'organisations',
            label: 'Organisations taking part',
            isMultiSelect: true,
            style: 'expanded',
            isRequired: true,
            errorMessage: 'Choose at least one organisation.',
            choices: input.organisations.map((o) => ({ title: `${o.name} (${count(o.leads, 'lead')})`, value: o.key })),
            value: v.organisations ?? input.organisations.map((o) => o.key).join(','),
          },
        ]
      : []),
    ...fieldError(input.errors, 'organisations'),
  );
  return card(body, [execute('Open the cycle and send the return', S11_VERBS.s11OpenCycle, {}, { style: 'positive' }), executeNoInputs('Back', S11_VERBS.s11Cycles)]);
}

export interface PromptInput {
  cycleId: string;
  title: string;
  organisation: string;
  deadline: string;
  kind: 's11-prompt' | 's11-reminder' | 's11-chase';
  state: string;
  formIntro?: string;
}

/** What a Section 11 lead gets in chat: the prompt, a reminder, or a chase from the business unit. */
export function s11PromptCard(input: PromptInput): AdaptiveCard {
  const lead = {
    's11-prompt': `Your organisation's ${input.title} is open.`,
    's11-reminder': `A reminder: your organisation's ${input.title} is due by ${input.deadline}.`,
    's11-chase': `The NSCP business unit is chasing your organisation's ${input.title}.`,
  }[input.kind];
  const body: Element[] = [
    ...heading(`${input.title}: ${input.organisation}`, `Due by the end of ${input.deadline}`),
    banner(lead, input.kind === 's11-prompt' ? 'accent' : 'warning'),
    ...(input.formIntro ? [text(input.formIntro)] : []),
    text(input.state, { isSubtle: true }),
  ];
  return card(body, [executeNoInputs('Open the return', S11_VERBS.s11Return, { cycleId: input.cycleId })]);
}

export interface StatusRowView {
  key: string;
  organisation: string;
  stateText: string;
  state: 'submitted' | 'draft' | 'not-started';
  reachable: boolean;
}

export interface StatusCardInput {
  cycleId: string;
  title: string;
  deadline: string;
  /** chaseable: waiting organisations with a lead who can be reached. */
  counts: { submitted: number; draft: number; notStarted: number; notReachable: number; late: number; chaseable: number };
  rows: StatusRowView[];
  page: number;
  pages: number;
  notice?: { text: string; tone: 'good' | 'warning' | 'attention' };
  downloadUrl?: string;
  open: boolean;
}

/** Every organisation in the cycle, those still to submit first, a page at a time (cards have a size limit). */
export function s11StatusCard(input: StatusCardInput): AdaptiveCard {
  const c = input.counts;
  const body: Element[] = [
    ...heading(input.title, `Due by the end of ${input.deadline}`),
    facts([
      ['Submitted', `${c.submitted}${c.late ? ` (${c.late} late)` : ''}`],
      ['Draft', String(c.draft)],
      ['Not started', String(c.notStarted)],
      ['Not reachable', c.notReachable ? `${c.notReachable} (no lead has the app, or all blocked it)` : '0'],
    ]),
  ];
  if (input.notice) body.push(banner(input.notice.text, input.notice.tone));
  if (input.downloadUrl) body.push(actionSet([openUrl('Download the CSV (link works for 10 minutes)', input.downloadUrl)]));
  for (const r of input.rows) {
    body.push({
      type: 'ColumnSet',
      separator: true,
      columns: [
        { type: 'Column', width: 'stretch', items: [text(`**${r.organisation}**`), text(`${r.stateText}${r.reachable ? '' : ' · not reachable'}`, { isSubtle: true, spacing: 'None', size: 'Small' })] },
        ...(r.state !== 'submitted' && r.reachable && input.open
          ? [{ type: 'Column', width: 'auto', verticalContentAlignment: 'Center', items: [actionSet([executeNoInputs('Chase now', S11_VERBS.s11Chase, { cycleId: input.cycleId, org: r.key, page: input.page })])] }]
          : []),
      ],
    });
  }
  if (input.pages > 1) {
    const nav: Element[] = [];
    if (input.page > 0) nav.push(executeNoInputs('Previous page', S11_VERBS.s11Status, { cycleId: input.cycleId, page: input.page - 1 }));
    if (input.page < input.pages - 1) nav.push(executeNoInputs('Next page', S11_VERBS.s11Status, { cycleId: input.cycleId, page: input.page + 1 }));
    body.push(text(`Page ${input.page + 1} of ${input.pages}`, { isSubtle: true, size: 'Small' }), actionSet(nav));
  }
  const actions: Element[] = [];
  // Only when someone waiting can be reached: otherwise the button would promise messages that cannot go.
  if (input.open && c.chaseable > 0) actions.push(executeNoInputs('Chase all', S11_VERBS.s11Chase, { cycleId: input.cycleId, page: input.page }));
  actions.push(executeNoInputs('Export CSV', S11_VERBS.s11Export, { cycleId: input.cycleId, page: input.page }));
  if (input.open) {
    actions.push(
      showCard(
        'Close cycle',
        [text('Close this cycle? Leads will no longer be able to change or submit their return, and nobody will be reminded or chased. This cannot be undone.', { wrap: true })],
        [executeNoInputs('Yes, close the cycle', S11_VERBS.s11Close, { cycleId: input.cycleId })],
      ),
    );
  }
  actions.push(executeNoInputs('All cycles', S11_VERBS.s11Cycles));
  return card(body, actions);
}

/** A lead's open returns, from the menu. */
export function s11MineCard(items: Array<{ cycleId: string; title: string; organisation: string; deadline: string; state: string }>): AdaptiveCard {
  const body: Element[] = [...heading('Your Section 11 returns')];
  if (!items.length) body.push(text('You have no Section 11 return open. If you lead your organisation\'s return, ask the NSCP business unit to add you as a Section 11 lead.'));
  for (const i of items) {
    body.push({
      type: 'Container',
      separator: true,
      selectAction: executeNoInputs('Open', S11_VERBS.s11Return, { cycleId: i.cycleId }),
      items: [text(`**${i.title}**: ${i.organisation}`), text(`Due by the end of ${i.deadline} · ${i.state}`, { isSubtle: true, spacing: 'None' })],
    });
  }
  return card(body, [executeNoInputs('Back to the menu', MENU_VERB)]);
}
