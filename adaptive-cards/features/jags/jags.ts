import { fieldError, fixBanner, actionSet, banner, card, execute, executeNoInputs, facts, heading, openUrl, privacyNote, text, type AdaptiveCard, type Element } from '../../elements.js';
import { JAGS_VERBS } from './verbs.js';
import { MENU_VERB } from '../../verbs.js';


const JAGS_EXPLAINED = 'JAGS (Joint Agency Group Supervision) is a reflective space for practitioners from several agencies, with two trained facilitators independent of the case. It is not TACS (Children\'s Services\' Team Around the Child Supervision) or a statutory meeting.';

export interface JagsHomeInput {
  requests: Array<{ id: string; line: string; outcome: string; canLogSession: boolean; sessionId?: string }>;
  sessions: Array<{ id: string; line: string; status: string }>;
  notice?: { text: string; tone: 'good' | 'warning' | 'attention' };
}

/** The business unit's JAGS log: recent requests and sessions, and what to do next. */
export function jagsHomeCard(input: JagsHomeInput): AdaptiveCard {
  const body: Element[] = [...heading('JAGS: requests and sessions'), text(JAGS_EXPLAINED, { isSubtle: true, size: 'Small' })];
  if (input.notice) body.push(banner(input.notice.text, input.notice.tone));
  body.push(text('Recent requests', { weight: 'Bolder', spacing: 'Medium' }));
  if (!input.requests.length) body.push(text('No requests logged yet.', { isSubtle: true }));
  for (const r of input.requests.slice(0, 10)) {
    body.push({
      type: 'ColumnSet',
      separator: true,
      columns: [
        { type: 'Column', width: 'stretch', items: [text(r.line), text(r.outcome, { isSubtle: true, spacing: 'None', size: 'Small' })] },
        ...(r.canLogSession
          ? [{ type: 'Column', width: 'auto', verticalContentAlignment: 'Center', items: [actionSet([executeNoInputs('Log the session', JAGS_VERBS.jagsSessionForm, { requestId: r.id })])] }]
          : r.sessionId
            ? [{ type: 'Column', width: 'auto', verticalContentAlignment: 'Center', items: [actionSet([executeNoInputs('Session', JAGS_VERBS.jagsSession, { sessionId: r.sessionId })])] }]
            : []),
      ],
    });
  }
  return card(body, [
    executeNoInputs('Log a request', JAGS_VERBS.jagsRequestForm),
    executeNoInputs('Quarterly summary', JAGS_VERBS.jagsQuarter),
    executeNoInputs('Export CSV', JAGS_VERBS.jagsExport),
    executeNoInputs('Back to the menu', MENU_VERB),
  ]);
}

export interface RequestFormInput {
  outcomes: Record<string, string>;
  values: Partial<Record<'receivedOn' | 'agency' | 'role' | 'outcome' | 'signpostedTo', string>>;
  errors?: Record<string, string>;
  today: string;
}

/** Log a JAGS request: when, who asked (agency and role) and what happened. Nothing about the child. */
export function jagsRequestFormCard(input: RequestFormInput): AdaptiveCard {
  const v = input.values;
  const body: Element[] = [
    ...heading('Log a JAGS request'),
    privacyNote(),
    ...fixBanner(input.errors),
    { type: 'Input.Date', id: 'receivedOn', label: 'Date received', max: input.today, isRequired: true, errorMessage: 'Give the date received.', value: v.receivedOn ?? input.today },
    ...fieldError(input.errors, 'receivedOn'),
    { type: 'Input.Text', id: 'agency', label: 'Requesting agency', placeholder: 'e.g. Norfolk Constabulary', maxLength: 100, isRequired: true, errorMessage: 'Give the requesting agency.', ...(v.agency ? { value: v.agency } : {}) },
    ...fieldError(input.errors, 'agency'),
    { type: 'Input.Text', id: 'role', label: 'Requester\'s role', placeholder: 'e.g. Health visitor', maxLength: 100, isRequired: true, errorMessage: 'Give the requester\'s role.', ...(v.role ? { value: v.role } : {}) },
    ...fieldError(input.errors, 'role'),
    {
      type: 'Input.ChoiceSet',
      id: 'outcome',
      label: 'Outcome',
      style: 'expanded',
      isRequired: true,
      errorMessage: 'Choose the outcome.',
      choices: Object.entries(input.outcomes).map(([value, title]) => ({ title, value })),
      ...(v.outcome ? { value: v.outcome } : {}),
    },
    ...fieldError(input.errors, 'outcome'),
    { type: 'Input.Text', id: 'signpostedTo', label: 'If signposted: where to', placeholder: 'e.g. ICB Designated Safeguarding Team', maxLength: 200, ...(v.signpostedTo ? { value: v.signpostedTo } : {}) },
    ...fieldError(input.errors, 'signpostedTo'),
  ];
  return card(body, [execute('Save the request', JAGS_VERBS.jagsLogRequest, {}, { style: 'positive' }), executeNoInputs('Back', JAGS_VERBS.jagsHome)]);
}

export interface SessionFormInput {
  requestId: string;
  requestLine: string;
  facilitators: Array<{ id: string; label: string }>;
  values: Partial<Record<'date' | 'time' | 'facilitator1' | 'facilitator2' | 'participants', string>>;
  errors?: Record<string, string>;
}

/** Log the session for a request that proceeded: when, the two facilitators, and who took part. */
export function jagsSessionFormCard(input: SessionFormInput): AdaptiveCard {
  const v = input.values;
  const choices = input.facilitators.map((f) => ({ title: f.label, value: f.id }));
  const body: Element[] = [
    ...heading('Log a JAGS session', input.requestLine),
    text('Participants get the anonymous feedback form in Teams chat after the session.', { isSubtle: true }),
    ...fixBanner(input.errors),
    ...(input.errors?.requestId ? [text(input.errors.requestId, { color: 'Attention' })] : []),
    {
      type: 'ColumnSet',
      columns: [
        { type: 'Column', width: 'stretch', items: [{ type: 'Input.Date', id: 'date', label: 'Date', isRequired: true, errorMessage: 'Give the date.', ...(v.date ? { value: v.date } : {}) }, ...fieldError(input.errors, 'date')] },
        { type: 'Column', width: 'stretch', items: [{ type: 'Input.Time', id: 'time', label: 'Start time (UK)', isRequired: true, errorMessage: 'Give the start time.', ...(v.time ? { value: v.time } : {}) }] },
      ],
    },
    // A ChoiceSet with no choices is invalid: with no facilitators, the banner says what to do.
    ...(choices.length ? [{ type: 'Input.ChoiceSet', id: 'facilitator1', label: 'First facilitator', style: 'compact', isRequired: true, errorMessage: 'Choose the first facilitator.', choices, ...(v.facilitator1 ? { value: v.facilitator1 } : {}) }] : []),
    ...fieldError(input.errors, 'facilitator1'),
    ...(choices.length ? [{ type: 'Input.ChoiceSet', id: 'facilitator2', label: 'Second facilitator (ideally from another agency)', style: 'compact', isRequired: true, errorMessage: 'Choose the second facilitator.', choices, ...(v.facilitator2 ? { value: v.facilitator2 } : {}) }] : []),
    ...fieldError(input.errors, 'facilitator2'),
    { type: 'Input.Text', id: 'participants', label: 'Participants\' work emails, one a line', isMultiline: true, isRequired: true, errorMessage: 'Give at least one participant.', maxLength: 3000, ...(v.participants ? { value: v.participants } : {}) },
    ...fieldError(input.errors, 'participants'),
  ];
  if (!input.facilitators.length) body.splice(2, 0, banner('No JAGS facilitators are on the roster yet. Add them under People and groups (group "JAGS facilitators").', 'warning'));
  return card(body, [execute('Save the session', JAGS_VERBS.jagsLogSession, { requestId: input.requestId }, { style: 'positive' }), executeNoInputs('Back', JAGS_VERBS.jagsHome)]);
}

export interface SessionViewInput {
  title: string;
  when: string;
  facilitators: string;
  participants: number;
  /** Participants without the app (or who blocked it): the form cannot reach them in Teams. */
  unreachable: number;
  status: string;
  answered: number;
  warning?: string;
  notice?: string;
}

export function jagsSessionCard(input: SessionViewInput): AdaptiveCard {
  const body: Element[] = [...heading(input.title, input.when)];
  if (input.notice) body.push(banner(input.notice, 'good'));
  if (input.warning) body.push(banner(input.warning, 'warning'));
  body.push(facts([
    ['Facilitators', input.facilitators],
    ['Participants', input.unreachable ? `${input.participants} (${input.unreachable} without the app in Teams, so the form cannot reach them)` : String(input.participants)],
    ['Feedback', input.status],
    ['Answered so far', `${input.answered} of ${input.participants}`],
  ]));
  return card(body, [executeNoInputs('JAGS log', JAGS_VERBS.jagsHome)]);
}

export interface FeedbackSummaryView {
  title: string;
  when: string;
  answered: number;
  invited: number;
  ratings: Array<{ label: string; average: number | null; count: number }>;
  yesNo: Array<{ label: string; yes: number; no: number }>;
  comments: Array<{ label: string; texts: string[] }>;
}

const MAX_COMMENT_CHARS = 12000;

/** Sent to both facilitators when the form closes: the collated, anonymous result. */
export function jagsSummaryCard(input: FeedbackSummaryView): AdaptiveCard {
  const body: Element[] = [
    ...heading(`JAGS feedback: ${input.title}`, input.when),
    banner(`${input.answered} of ${input.invited} participants answered. Answers are anonymous.`, input.answered ? 'good' : 'warning'),
  ];
  // Label above value: the questions are long, and a two-column list squeezes them unreadably.
  const stat = (label: string, value: string): Element => ({ type: 'Container', spacing: 'Medium', items: [text(label, { size: 'Small', isSubtle: true }), text(`**${value}**`, { spacing: 'None' })] });
  if (input.ratings.length) body.push(text('Ratings (average out of 5)', { weight: 'Bolder', spacing: 'Medium' }), ...input.ratings.map((r) => stat(r.label, r.average === null ? 'no answers' : `${r.average.toFixed(1)} (${r.count} answers)`)));
  if (input.yesNo.length) body.push(...input.yesNo.map((y) => stat(y.label, `Yes ${y.yes} · No ${y.no}`)));
  let budget = MAX_COMMENT_CHARS;
  for (const c of input.comments) {
    if (!c.texts.length) continue;
    body.push(text(c.label, { weight: 'Bolder', spacing: 'Medium' }));
    for (const t of c.texts) {
      const shown = t.length > budget ? `${t.slice(0, Math.max(0, budget))}…` : t;
      budget -= shown.length;
      // People's own words as plain text: a TextRun is never read as markdown.
      body.push({ type: 'RichTextBlock', separator: true, inlines: [{ type: 'TextRun', text: shown || '…' }] });
      if (budget <= 0) break;
    }
  }
  return card(body);
}

export interface QuarterView {
  quarter: string;
  label: string;
  quarters: Array<{ value: string; title: string }>;
  requests: number;
  outcomes: Array<[string, number]>;
  byAgency: Array<{ agency: string; count: number }>;
  sessions: number;
  invited: number;
  answered: number;
  ratings: Array<{ label: string; average: number | null }>;
}

/** The figures the annual report needs, for one financial quarter. */
export function jagsQuarterCard(v: QuarterView): AdaptiveCard {
  const rate = v.invited ? `${Math.round((v.answered / v.invited) * 100)}% (${v.answered} of ${v.invited})` : 'no forms sent';
  const body: Element[] = [
    ...heading('JAGS quarterly summary', v.label),
    facts([['Requests received', String(v.requests)], ...v.outcomes.map(([title, n]): [string, string] => [title, String(n)]), ['Sessions held', String(v.sessions)], ['Feedback response rate', rate]]),
  ];
  if (v.byAgency.length) body.push(text('Requests by agency', { weight: 'Bolder', spacing: 'Medium' }), facts(v.byAgency.slice(0, 20).map((a) => [a.agency, String(a.count)])));
  if (v.ratings.length) body.push(text('Feedback averages (out of 5)', { weight: 'Bolder', spacing: 'Medium' }), facts(v.ratings.map((r) => [r.label, r.average === null ? 'no answers' : r.average.toFixed(1)])));
  body.push({ type: 'Input.ChoiceSet', id: 'quarter', label: 'Another quarter', style: 'compact', choices: v.quarters, value: v.quarter, spacing: 'Medium' });
  return card(body, [execute('Show quarter', JAGS_VERBS.jagsQuarter), executeNoInputs('JAGS log', JAGS_VERBS.jagsHome)]);
}

/** Links to the three CSV downloads. */
export function jagsExportCard(links: Array<{ title: string; url: string }>): AdaptiveCard {
  return card(
    [...heading('JAGS exports'), text('Each link works for 10 minutes. Feedback is anonymous: the file has no names or emails.'), actionSet(links.map((l) => openUrl(l.title, l.url)))],
    [executeNoInputs('JAGS log', JAGS_VERBS.jagsHome)],
  );
}
