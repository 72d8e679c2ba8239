import { randomBytes } from 'node:crypto';
import { toCsv } from '../../csv.js';
import { answersCsv } from '../../campaigns/answers-csv.js';
import { Campaigns, type CampaignFeatureDeps } from '../../campaigns/campaigns.js';
import { checkAnswers, type Answers } from '../../forms/answers.js';
import { AnswersInvalidError, assertComplete } from '../../forms/errors.js';
import { questions, type FormDefinition } from '../../forms/definition.js';
import type { Person } from '../../people/people.js';
import { ERASED } from '../../privacy/personal-data.js';
import { removeAll } from '../../retention/retention.js';
import type { Collection } from '../../store/store.js';
import { invalid, str, UserFacingError, valid, type Checked, type FieldErrors } from '../../validation.js';
import { formatDayDateTime, zonedParts, zonedToUtc } from '../../zoned-time.js';

export const JAGS_FACILITATORS_GROUP = 'jags-facilitators';

export const JAGS_OUTCOMES = {
  proceeded: 'Proceeded to JAGS',
  tacs: 'Picked up by TACS',
  statutory: 'Picked up by a statutory meeting',
  signposted: 'Signposted elsewhere',
} as const;
export type JagsOutcome = keyof typeof JAGS_OUTCOMES;

/** A request for JAGS. Nothing here identifies a child or family: only dates, agencies and roles. */
export interface JagsRequest {
  id: string;
  receivedOn: string;
  agency: string;
  role: string;
  outcome: JagsOutcome;
  signpostedTo?: string;
  loggedAt: string;
}

export interface JagsSession {
  id: string;
  requestId: string;
  startsAt: string;
  durationMinutes: number;
  facilitatorIds: [string, string];
  participants: string[];
  /** Participants erased on request: still counted as invited, so figures stay true; their emails are gone. */
  erasedParticipants?: number;
  formId: string;
  status: 'scheduled' | 'open' | 'closed';
  feedbackSentAt?: string;
  closesAt?: string;
  closedAt?: string;
  createdAt: string;
}

/** Anonymous: a random id, the session and the answers. No user id, email, name or time. */
export interface JagsFeedback {
  id: string;
  sessionId: string;
  answers: Answers;
}

/** Who has answered, kept apart from what they said: it only stops reminders and double answers. */
interface JagsResponded {
  id: string;
  sessionId: string;
}

export interface FeedbackSummary {
  invited: number;
  answered: number;
  ratings: Array<{ label: string; average: number | null; count: number }>;
  yesNo: Array<{ label: string; yes: number; no: number }>;
  choices: Array<{ label: string; counts: Array<{ title: string; count: number }> }>;
  comments: Array<{ label: string; texts: string[] }>;
}

export interface QuarterReport {
  label: string;
  from: string;
  to: string;
  requests: number;
  outcomes: Record<JagsOutcome, number>;
  byAgency: Array<{ agency: string; count: number }>;
  sessions: number;
  invited: number;
  answered: number;
  ratings: FeedbackSummary['ratings'];
}

/** Everyone the form went (or goes) to, those erased on request included. */
export const invitedCount = (s: JagsSession) => s.participants.length + (s.erasedParticipants ?? 0);

const EMAIL = /^[^\s@;,<>"]{1,64}@[^\s@;,<>"]{1,255}\.[a-z]{2,}$/i;
const MAX_PARTICIPANTS = 30;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY = 86_400_000;

/** Financial quarters, as the annual report counts them: Q1 is April to June. */
export function quarterRange(quarter: string): { from: string; to: string; label: string } | null {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!m) return null;
  const fy = Number(m[1]);
  const q = Number(m[2]);
  const months = [
    ['04', '06', 'April to June'],
    ['07', '09', 'July to September'],
    ['10', '12', 'October to December'],
    ['01', '03', 'January to March'],
  ][q - 1];
  const year = q === 4 ? fy + 1 : fy;
  const last = new Date(Date.UTC(year, Number(months[1]), 0)).getUTCDate();
  return { from: `${year}-${months[0]}-01`, to: `${year}-${months[1]}-${last}`, label: `Q${q} ${fy}–${String(fy + 1).slice(2)} (${months[2]} ${year})` };
}

/** The quarter a date falls in, e.g. "2024-Q3" for 15 November 2024. */
export function quarterOf(date: string): string {
  const y = Number(date.slice(0, 4));
  const mo = Number(date.slice(5, 7));
  return mo >= 4 ? `${y}-Q${Math.floor((mo - 4) / 3) + 1}` : `${y - 1}-Q4`;
}

/**
 * Joint Agency Group Supervision: the business unit logs requests and sessions; after a session
 * each participant is sent the feedback form, reminded once, and the form closes; then both
 * facilitators get the collated result. Feedback is stored with no link to who gave it.
 */
export class Jags {
  /** Prompts, reminders and closing: the scheduler runs it. */
  readonly campaign: Campaigns<JagsSession>;

  private constructor(
    private readonly s: CampaignFeatureDeps,
    private readonly requests: Collection<JagsRequest>,
    private readonly sessions: Collection<JagsSession>,
  ) {
    const { config, queue, clock, log } = s;
    const { reminderAfterDays, closeAfterDays } = config.partnership.jags;
    const wait = reminderAfterDays * DAY;
    this.campaign = new Campaigns<JagsSession>(
      {
        name: 'jags',
        records: sessions,
        kinds: { prompt: 'jags-feedback', reminder: 'jags-feedback-reminder' },
        audience: (c) => c.participants.map((email) => ({ personId: email, answerKey: email })),
        // Only that someone answered is kept, apart from what they said.
        answered: async (c) => {
          const responded = await this.respondedTo(c.id);
          return (email) => !!responded.get(email);
        },
        // One reminder, and only to someone who has had the form for the full wait.
        reminderRules: (c) => (c.feedbackSentAt ? [{ id: 'once', dueAt: Date.parse(c.feedbackSentAt) + wait, eligible: (p, now) => p.status === 'sent' && !!p.sentAt && Date.parse(p.sentAt) + wait <= now }] : []),
        opening: { at: (c) => this.feedbackDueAt(c), open: (c, now) => ({ ...c, status: 'open', feedbackSentAt: new Date(now).toISOString(), closesAt: new Date(now + closeAfterDays * DAY).toISOString() }) },
        closesAt: (c) => (c.closesAt ? Date.parse(c.closesAt) : undefined),
        close: (c, now) => ({ ...c, status: 'closed', closedAt: new Date(now).toISOString() }),
        afterClose: { kind: 'jags-summary', to: (c) => c.facilitatorIds.filter((id) => id !== ERASED), until: (c) => Date.parse(c.closedAt!) + closeAfterDays * DAY },
        words: { notFound: 'That JAGS session does not exist.', closed: 'Feedback for this session has closed.', notInCampaign: 'That person was not at this session.' },
      },
      queue,
      clock,
      log,
    );
  }

  static async open(s: CampaignFeatureDeps): Promise<Jags> {
    const [requests, sessions] = await Promise.all([s.store.collection<JagsRequest>('jags-requests'), s.store.collection<JagsSession>('jags-sessions')]);
    return new Jags(s, requests, sessions);
  }

  private feedbackOf(sessionId: string) {
    return this.s.store.collection<JagsFeedback>(`jags-feedback/${sessionId}`);
  }
  private respondedTo(sessionId: string) {
    return this.s.store.collection<JagsResponded>(`jags-responded/${sessionId}`);
  }

  allRequests(): JagsRequest[] {
    return this.requests.values().sort((a, b) => b.receivedOn.localeCompare(a.receivedOn) || b.loggedAt.localeCompare(a.loggedAt));
  }

  allSessions(): JagsSession[] {
    return this.sessions.values().sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  }

  request(id: unknown): JagsRequest {
    const r = typeof id === 'string' ? this.requests.get(id) : undefined;
    if (!r) throw new UserFacingError('That JAGS request does not exist. Open the JAGS list to find it.', 'not-found');
    return r;
  }

  session(id: unknown): JagsSession {
    return this.campaign.get(id);
  }

  sessionFor(requestId: string): JagsSession | undefined {
    return this.sessions.values().find((s) => s.requestId === requestId);
  }

  form(session?: JagsSession): FormDefinition {
    const f = this.s.config.partnership.forms[session?.formId ?? this.s.config.partnership.jags.feedbackFormId];
    if (!f) throw new UserFacingError('The JAGS feedback form is not in the configuration.', 'closed');
    return f;
  }

  facilitators(): Person[] {
    return this.s.people.membersOf([JAGS_FACILITATORS_GROUP]).sort((a, b) => a.name.localeCompare(b.name));
  }

  private today(): string {
    return zonedParts(this.s.clock.now(), this.s.config.timeZone).date;
  }

  checkRequest(data: unknown): Checked<Omit<JagsRequest, 'id' | 'loggedAt'>> {
    const errors: FieldErrors = {};
    const receivedOn = str(data, 'receivedOn');
    if (!DATE.test(receivedOn) || !zonedToUtc(receivedOn, '12:00', this.s.config.timeZone)) errors.receivedOn = 'Give the date the request was received, e.g. 2025-01-15.';
    else if (receivedOn > this.today()) errors.receivedOn = 'The date received cannot be in the future.';
    const agency = str(data, 'agency');
    const role = str(data, 'role');
    if (!agency) errors.agency = 'Give the requesting agency, e.g. Norfolk Constabulary.';
    else if (agency.length > 100) errors.agency = 'The agency is too long: at most 100 characters.';
    if (!role) errors.role = 'Give the requester\'s role, e.g. Health visitor.';
    else if (role.length > 100) errors.role = 'The role is too long: at most 100 characters.';
    const outcome = str(data, 'outcome') as JagsOutcome;
    if (!Object.hasOwn(JAGS_OUTCOMES, outcome)) errors.outcome = 'Choose what happened to the request.';
    const signpostedTo = str(data, 'signpostedTo');
    if (outcome === 'signposted' && !signpostedTo) errors.signpostedTo = 'Say where the request was signposted, e.g. ICB Designated Safeguarding Team.';
    else if (signpostedTo.length > 200) errors.signpostedTo = 'At most 200 characters.';
    if (Object.keys(errors).length) return invalid(errors);
    return valid({ receivedOn, agency, role, outcome, signpostedTo: outcome === 'signposted' ? signpostedTo : undefined });
  }

  async logRequest(data: unknown): Promise<JagsRequest> {
    const checked = this.checkRequest(data);
    if (!checked.ok) throw new AnswersInvalidError(checked.errors);
    const now = this.s.clock.now();
    const req: JagsRequest = { id: `jr-${now.getTime().toString(36)}-${randomBytes(3).toString('hex')}`, ...checked.value, loggedAt: now.toISOString() };
    await this.requests.put(req);
    this.s.log.info('jags.request_logged', { requestId: req.id, outcome: req.outcome });
    return req;
  }

  checkSession(data: unknown): Checked<{ request: JagsRequest; startsAt: Date; facilitatorIds: [string, string]; participants: string[]; warning?: string }> {
    const errors: FieldErrors = {};
    const request = this.requests.get(str(data, 'requestId'));
    if (!request) errors.requestId = 'That request does not exist.';
    else if (request.outcome !== 'proceeded') errors.requestId = 'Only a request that proceeded to JAGS can have a session.';
    else if (this.sessionFor(request.id)) errors.requestId = 'This request already has a session logged.';
    const date = str(data, 'date');
    const time = str(data, 'time');
    const startsAt = zonedToUtc(date, time, this.s.config.timeZone);
    if (!startsAt) errors.date = 'Give the date and start time of the session (UK time).';
    else if (startsAt.getTime() < this.s.clock.now().getTime() - this.s.config.partnership.jags.closeAfterDays * 86400_000) errors.date = 'That session is too long ago for feedback to be collected.';
    const known = new Map(this.facilitators().map((p) => [p.id, p]));
    const f1 = str(data, 'facilitator1').toLowerCase();
    const f2 = str(data, 'facilitator2').toLowerCase();
    if (!known.has(f1)) errors.facilitator1 = f1 ? 'That person is not one of the JAGS facilitators. Choose from the list.' : 'Choose the first facilitator.';
    if (!known.has(f2)) errors.facilitator2 = f2 ? 'That person is not one of the JAGS facilitators. Choose from the list.' : 'Choose the second facilitator.';
    else if (f1 === f2) errors.facilitator2 = 'Choose two different facilitators.';
    const raw = str(data, 'participants').split(/[\s,;]+/).map((e) => e.trim().toLowerCase()).filter(Boolean);
    const bad = raw.filter((e) => !EMAIL.test(e));
    const participants = [...new Set(raw.filter((e) => EMAIL.test(e) && e !== f1 && e !== f2))];
    if (bad.length) errors.participants = `"${bad[0].slice(0, 60)}" is not an email address. Give one work email a line.`;
    else if (!participants.length) errors.participants = 'Give the participants\' work emails, one a line.';
    else if (participants.length > MAX_PARTICIPANTS) errors.participants = `At most ${MAX_PARTICIPANTS} participants.`;
    if (Object.keys(errors).length) return invalid(errors);
    const a = known.get(f1)!;
    const b = known.get(f2)!;
    const warning = a.organisation.trim().toLowerCase() === b.organisation.trim().toLowerCase() ? `Both facilitators are from ${a.organisation}. The JAGS model asks for two agencies where possible.` : undefined;
    return valid({ request: request!, startsAt: startsAt!, facilitatorIds: [f1, f2], participants, warning });
  }

  async logSession(data: unknown): Promise<{ session: JagsSession; warning?: string }> {
    const checked = this.checkSession(data);
    if (!checked.ok) throw new AnswersInvalidError(checked.errors);
    const v = checked.value;
    const now = this.s.clock.now();
    const session: JagsSession = {
      id: `js-${now.getTime().toString(36)}-${randomBytes(3).toString('hex')}`,
      requestId: v.request.id,
      startsAt: v.startsAt.toISOString(),
      durationMinutes: this.s.config.partnership.jags.sessionMinutes,
      facilitatorIds: v.facilitatorIds,
      participants: v.participants,
      formId: this.s.config.partnership.jags.feedbackFormId,
      status: 'scheduled',
      createdAt: now.toISOString(),
    };
    await this.sessions.put(session);
    this.s.log.info('jags.session_logged', { sessionId: session.id, participants: session.participants.length, sameAgency: !!v.warning });
    await this.tick();
    return { session: this.sessions.get(session.id)!, warning: v.warning };
  }

  feedbackDueAt(s: JagsSession): number {
    return Date.parse(s.startsAt) + (s.durationMinutes + this.s.config.partnership.jags.feedbackDelayMinutes) * 60_000;
  }

  /** Checks the person was sent this form, it is still open and they have not answered. */
  async participantContext(teamsUserId: string, sessionId: unknown): Promise<{ session: JagsSession; form: FormDefinition; email: string }> {
    const { session, email } = this.assertParticipant(teamsUserId, sessionId);
    if (session.status === 'scheduled') throw new UserFacingError('Feedback for this session has not opened yet.', 'closed');
    if (session.status === 'closed') throw new UserFacingError('Feedback for this session has closed. Thank you all the same.', 'closed');
    if ((await this.respondedTo(session.id)).get(email)) throw new UserFacingError('You have already given feedback for this session. Thank you.', 'closed');
    return { session, form: this.form(session), email };
  }

  /** Refuses anyone this session's feedback form was not sent to. */
  assertParticipant(teamsUserId: string, sessionId: unknown): { session: JagsSession; email: string } {
    const session = this.session(sessionId);
    const email = this.s.people.emailFor(teamsUserId);
    if (!email || !session.participants.includes(email)) throw new UserFacingError('This feedback form was not sent to you.', 'forbidden');
    return { session, email };
  }

  /**
   * Reads the answers a feedback card carries: this section's inputs and, in `carried`, what
   * earlier sections held. Nothing is kept on the server until submit, so no stored record ever
   * ties a person to what they wrote.
   */
  async collect(teamsUserId: string, data: unknown, requireComplete: boolean): Promise<{ session: JagsSession; form: FormDefinition; answers: Answers; sectionIndex: number; email: string }> {
    const { session, form, email } = await this.participantContext(teamsUserId, str(data, 'sessionId'));
    const sectionId = str(data, 'sectionId');
    const sectionIndex = form.sections.findIndex((s) => s.id === sectionId);
    if (sectionIndex < 0) throw new UserFacingError('This card is out of date. Open the feedback form again.');
    let carried: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(str(data, 'carried') || '{}');
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) carried = parsed as Record<string, unknown>;
    } catch {
      carried = {};
    }
    const current = Object.fromEntries(Object.entries((data ?? {}) as Record<string, unknown>).filter(([k]) => k.startsWith('q.')));
    // Every answer is checked again, wherever it came from: the carried ones are as untrusted as the rest.
    const checked = checkAnswers(form, { ...carried, ...current }, { requireComplete: false });
    if (!checked.ok) throw new AnswersInvalidError(checked.errors);
    if (requireComplete) assertComplete(form, checked.value);
    return { session, form, answers: checked.value, sectionIndex, email };
  }

  /** Sessions whose feedback form is open for this person and not yet answered (so a lost card can be found again). */
  async openFormsFor(email: string | undefined): Promise<JagsSession[]> {
    if (!email) return [];
    const open = this.sessions.values().filter((s) => s.status === 'open' && s.participants.includes(email));
    const out: JagsSession[] = [];
    for (const s of open) if (!(await this.respondedTo(s.id)).get(email)) out.push(s);
    return out;
  }

  /** Stores the answers with no link to the person, then records only that they answered. */
  async submit(teamsUserId: string, data: unknown): Promise<{ session: JagsSession; form: FormDefinition; answers: Answers }> {
    const { session, form, answers, email } = await this.collect(teamsUserId, data, true);
    const responded = await this.respondedTo(session.id);
    // Checked again after the awaits above: a double press must be stored once.
    if (responded.get(email)) throw new UserFacingError('You have already given feedback for this session. Thank you.', 'closed');
    await responded.put({ id: email, sessionId: session.id });
    await (await this.feedbackOf(session.id)).put({ id: randomBytes(12).toString('hex'), sessionId: session.id, answers });
    this.s.log.info('jags.feedback_received', { sessionId: session.id });
    return { session, form, answers };
  }

  /** Sessions they were at, as a participant or a facilitator, and those where they are marked as having answered. */
  async sessionsAbout(email: string): Promise<{ participant: JagsSession[]; facilitator: JagsSession[]; responded: JagsSession[] }> {
    const responded: JagsSession[] = [];
    for (const s of this.sessions.values()) if ((await this.respondedTo(s.id)).get(email)) responded.push(s);
    return {
      participant: this.sessions.values().filter((s) => s.participants.includes(email)),
      facilitator: this.sessions.values().filter((s) => s.facilitatorIds.includes(email)),
      responded,
    };
  }

  /**
   * Erasure: their email leaves the participant lists (still counted as invited) and the
   * "has answered" markers; as a facilitator it becomes "(erased)". Anonymous feedback stays:
   * nothing links it to anyone.
   */
  async eraseAbout(email: string): Promise<{ participant: number; facilitator: number; responded: number }> {
    const found = await this.sessionsAbout(email);
    for (const s of found.responded) await (await this.respondedTo(s.id)).remove(email);
    for (const id of new Set([...found.participant, ...found.facilitator].map((s) => s.id))) {
      const s = this.sessions.get(id)!;
      const inList = s.participants.includes(email);
      await this.sessions.put({
        ...s,
        participants: s.participants.filter((p) => p !== email),
        erasedParticipants: (s.erasedParticipants ?? 0) + (inList ? 1 : 0),
        facilitatorIds: s.facilitatorIds.map((f) => (f === email ? ERASED : f)) as [string, string],
      });
    }
    return { participant: found.participant.length, facilitator: found.facilitator.length, responded: found.responded.length };
  }

  /** Retention: "has answered" markers and message records of a closed session, which only stopped reminders. */
  async forgetWhoWasAsked(session: JagsSession): Promise<{ responded: number; deliveries: number }> {
    return { responded: await removeAll(await this.respondedTo(session.id)), deliveries: await this.campaign.forgetDeliveries(session) };
  }

  /** Retention: a session with its anonymous feedback, markers and message records. */
  async removeSession(session: JagsSession): Promise<{ feedback: number; responded: number; deliveries: number }> {
    const feedback = await removeAll(await this.feedbackOf(session.id));
    const asked = await this.forgetWhoWasAsked(session);
    await this.sessions.remove(session.id);
    return { feedback, ...asked };
  }

  /** Retention: a request, once no session refers to it. */
  async removeRequest(id: string): Promise<boolean> {
    if (this.sessionFor(id) || !this.requests.get(id)) return false;
    await this.requests.remove(id);
    return true;
  }

  async summary(sessionId: string): Promise<FeedbackSummary> {
    const session = this.session(sessionId);
    const feedback = (await this.feedbackOf(session.id)).values().map((f) => f.answers);
    return { ...summarise(this.form(session), feedback), invited: invitedCount(session) };
  }

  async quarter(quarter: string): Promise<QuarterReport> {
    const range = quarterRange(quarter);
    if (!range) throw new UserFacingError('Choose a quarter from the list.');
    const inRange = (d: string) => d >= range.from && d <= range.to;
    const requests = this.requests.values().filter((r) => inRange(r.receivedOn));
    const outcomes = Object.fromEntries(Object.keys(JAGS_OUTCOMES).map((k) => [k, 0])) as Record<JagsOutcome, number>;
    const agencies = new Map<string, number>();
    for (const r of requests) {
      outcomes[r.outcome]++;
      agencies.set(r.agency, (agencies.get(r.agency) ?? 0) + 1);
    }
    const sessions = this.sessions.values().filter((s) => inRange(zonedParts(new Date(s.startsAt), this.s.config.timeZone).date));
    const answers: Answers[] = [];
    for (const s of sessions) answers.push(...(await this.feedbackOf(s.id)).values().map((f) => f.answers));
    const invited = sessions.filter((s) => s.status !== 'scheduled').reduce((n, s) => n + invitedCount(s), 0);
    return {
      ...range,
      requests: requests.length,
      outcomes,
      byAgency: [...agencies].map(([agency, count]) => ({ agency, count })).sort((a, b) => b.count - a.count || a.agency.localeCompare(b.agency)),
      sessions: sessions.length,
      invited,
      answered: answers.length,
      ratings: summarise(this.form(), answers).ratings,
    };
  }

  async exports(): Promise<Array<{ filename: string; content: string }>> {
    const tz = this.s.config.timeZone;
    const requests = toCsv(
      ['Received', 'Requesting agency', 'Requester role', 'Outcome', 'Signposted to'],
      this.allRequests().map((r) => [r.receivedOn, r.agency, r.role, JAGS_OUTCOMES[r.outcome], r.signpostedTo ?? '']),
    );
    const names = (ids: string[]) => ids.map((id) => this.s.people.person(id)?.name ?? id).join('; ');
    const sessionRows: string[][] = [];
    const feedbackRows: Array<{ cells: string[]; answers: Answers }> = [];
    for (const s of this.allSessions()) {
      const feedback = (await this.feedbackOf(s.id)).values();
      const r = this.requests.get(s.requestId);
      sessionRows.push([s.id, formatDayDateTime(new Date(s.startsAt), tz), r?.agency ?? '', names(s.facilitatorIds), String(invitedCount(s)), String(feedback.length), s.status]);
      for (const f of feedback) feedbackRows.push({ cells: [s.id], answers: f.answers });
    }
    return [
      { filename: 'jags-requests.csv', content: requests },
      { filename: 'jags-sessions.csv', content: toCsv(['Session', 'Date (UK time)', 'Requesting agency', 'Facilitators', 'Participants', 'Feedback received', 'Status'], sessionRows) },
      { filename: 'jags-feedback.csv', content: answersCsv(this.form(), ['Session'], feedbackRows) },
    ];
  }

  /**
   * Opens feedback after a session, reminds once, closes it and sends the facilitators the result.
   * Forms and summaries are queued on every run while they matter: delivery ids stop duplicates,
   * a crash between saving the session and queuing loses nothing, and a participant who installs
   * the app late still gets the form.
   */
  tick(): Promise<number> {
    return this.campaign.tick();
  }
}

/** Collates answers by question kind: averages of ratings, yes/no counts, choice counts, comments. */
export function summarise(form: FormDefinition, all: Answers[]): Omit<FeedbackSummary, 'invited'> {
  const out: Omit<FeedbackSummary, 'invited'> = { answered: all.length, ratings: [], yesNo: [], choices: [], comments: [] };
  for (const q of questions(form)) {
    const values = all.map((a) => a[q.id]).filter((v) => v !== undefined && v !== '');
    if (q.kind === 'rating') {
      const nums = values.filter((v): v is number => typeof v === 'number');
      out.ratings.push({ label: q.label, count: nums.length, average: nums.length ? Math.round((nums.reduce((x, y) => x + y, 0) / nums.length) * 10) / 10 : null });
    } else if (q.kind === 'yes-no') {
      out.yesNo.push({ label: q.label, yes: values.filter((v) => v === true).length, no: values.filter((v) => v === false).length });
    } else if (q.kind === 'single-choice' || q.kind === 'multi-choice') {
      const flat = values.flatMap((v) => (Array.isArray(v) ? v : [v]));
      out.choices.push({ label: q.label, counts: (q.choices ?? []).map((c) => ({ title: c.title, count: flat.filter((v) => v === c.value).length })) });
    } else if (q.kind === 'short-text' || q.kind === 'long-text') {
      out.comments.push({ label: q.label, texts: values.map(String) });
    }
  }
  return out;
}
