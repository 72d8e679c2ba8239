import type { YearFigures, YearRow } from '../../../services/features/meetings/yearly.js';
import { actionSet, card, execute, executeNoInputs, heading, openUrl, text, type AdaptiveCard, type Element } from '../../elements.js';
import { MENU_VERB } from '../../verbs.js';
import { MEETING_VERBS } from './verbs.js';

export interface YearCardInput {
  figures: YearFigures;
  /** The years the business unit may pick, newest first: start year and label ("2024–25"). */
  years: Array<{ startYear: number; label: string }>;
  /** The CSV of these figures, for Excel; the link works for 10 minutes. */
  downloadUrl?: string;
  /** "1 April 2024 to 31 March 2025". */
  span: string;
}

const cell = (value: string, bold = false): Element => ({ type: 'TableCell', items: [text(value, bold ? { weight: 'Bolder', size: 'Small' } : { size: 'Small' })] });

function table(first: string, rows: YearRow[]): Element {
  return {
    type: 'Table',
    spacing: 'Small',
    firstRowAsHeaders: true,
    showGridLines: false,
    columns: [{ width: 3 }, { width: 1 }, { width: 1 }, { width: 1 }, { width: 1 }, { width: 1 }],
    rows: [
      { type: 'TableRow', cells: [first, 'Meetings', 'Invited', 'Attended', 'Apols', 'Deputy'].map((h) => cell(h, true)) },
      ...rows.map((r) => ({ type: 'TableRow', cells: [r.name, String(r.meetings), String(r.invited), String(r.attended), String(r.apologies), String(r.deputy)].map((v) => cell(v)) })),
    ],
  };
}

/** The business unit's yearly attendance per LSCG and per organisation: the figures the LSCG annual report lacks. */
export function yearAttendanceCard(input: YearCardInput): AdaptiveCard {
  const f = input.figures;
  const body: Element[] = [...heading(`LSCG attendance ${f.year.label}`, `Reporting year: ${input.span}, meetings already held.`)];
  body.push({
    type: 'Input.ChoiceSet',
    id: 'year',
    label: 'Reporting year (April to March)',
    style: 'compact',
    isRequired: true,
    errorMessage: 'Choose a reporting year.',
    value: String(f.year.startYear),
    choices: input.years.map((y) => ({ title: y.label, value: String(y.startYear) })),
  });
  body.push(actionSet([execute('Show this year', MEETING_VERBS.meetingsYear, {})], { spacing: 'Small' }));
  if (!f.meetingsHeld) {
    body.push(text(`No LSCG meetings were held in ${f.year.label}.`, { spacing: 'Medium' }));
  } else {
    const source =
      f.withTeamsReport === f.meetingsHeld
        ? 'Attended: joined in Teams, from Teams\' attendance report.'
        : f.withTeamsReport
          ? `Attended: joined in Teams for the ${f.withTeamsReport} meetings with Teams' attendance report; for the other ${f.meetingsHeld - f.withTeamsReport}, replied Attending.`
          : 'Attended: replied Attending (no meeting this year has Teams\' attendance report).';
    body.push(
      text(`**${f.meetingsHeld}** meetings held. ${source} Members invited: each group's members as the roster has them now.`, { spacing: 'Medium', size: 'Small' }),
      text('By LSCG', { weight: 'Bolder', spacing: 'Medium' }),
      table('LSCG', f.byGroup),
      text('By organisation', { weight: 'Bolder', spacing: 'Medium' }),
      table('Organisation', f.byOrganisation),
    );
  }
  const actions: Element[] = [];
  if (input.downloadUrl && f.meetingsHeld) actions.push(openUrl('Download CSV', input.downloadUrl));
  actions.push(executeNoInputs('LSCG meetings', MEETING_VERBS.meetingsUpcoming), executeNoInputs('Back to the menu', MENU_VERB));
  return card(body, actions);
}
