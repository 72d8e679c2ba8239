import { answersCsv } from '../../campaigns/answers-csv.js';
import { Campaigns, type CampaignFeatureDeps, type Recipient } from '../../campaigns/campaigns.js';
import { checkAnswers, mergeAnswers, type Answers } from '../../forms/answers.js';
import { AnswersInvalidError, assertComplete } from '../../forms/errors.js';
import type { FormDefinition } from '../../forms/definition.js';
import type { Person } from '../../people/people.js';
import { removeAll } from '../../retention/retention.js';
import type { Collection } from '../../store/store.js';
import { invalid, str, UserFacingError, valid, type Checked, type FieldErrors } from '../../validation.js';
import { formatDayDateTime, shiftDate, wallClockOn, zonedParts, zonedToUtc } from '../../zoned-time.js';

export const SECTION11_LEADS_GROUP = 'section-11-leads';

export interface S11Cycle {
  id: string;
  year: number;
  trackId: string;
  trackName: string;
  formId: string;
  /** The last day returns are due, yyyy-MM-dd in the partnership's zone. */
  deadline: string;
  /** The end of that day, UTC: a return after it is accepted and marked late. */
  deadlineAt: string;
  organisations: Array<{ key: string; name: string }>;
  status: 'open' | 'closed';
  openedBy: string;
  openedAt: string;
}

/** One return per organisation per cycle: co-leads share the draft. */
export interface S11Return {
  id: string;
  cycleId: string;
  organisation: string;
  draft?: Answers;
  draftByName?: string;
  draftAt?: string;
  submitted?: Answers;
  submittedByName?: string;
  submittedAt?: string;
  late?: boolean;
}

export type ReturnState = 'submitted' | 'draft' | 'not-started';

export interface StatusRow {
  key: string;
  organisation: string;
  state: ReturnState;
  when?: string;
  by?: string;
  late?: boolean;
  reachable: boolean;
  leads: number;
}


export const orgKey = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80) || 'organisation';

export interface LeadContext {
  cycle: S11Cycle;
  form: FormDefinition;
  person: Person;
  key: string;
  organisation: string;
}

const same = (a: Answers | undefined, b: Answers | undefined) => JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});

/**
 * The annual Section 11 return: the business unit opens a cycle for chosen organisations, each
 * organisation's named leads complete one shared return, and those who have not submitted are
 * reminded before the deadline. A late return is still accepted, and marked late.
 */
export class Section11 {
  /** Prompts, reminders and closing: the scheduler runs it. */
  readonly campaign: Campaigns<S11Cycle>;

  private constructor(
    private readonly s: CampaignFeatureDeps,
    private readonly cycles: Collection<S11Cycle>,
  ) {
    const { config, queue, clock, log } = s;
    const { reminderDaysBefore, reminderAt } = config.partnership.section11;
    this.campaign = new Campaigns<S11Cycle>(
      {
        name: 's11',
        records: cycles,
        kinds: { prompt: 's11-prompt', reminder: 's11-reminder', chase: 's11-chase' },
        audience: (c) => this.audience(c),
        answerKeys: (c) => c.organisations.map((o) => o.key),
        // A chase counts only messages that can arrive: a lead without the app is shown as not reachable instead.
        canReach: (id) => s.people.installationOf(id)?.status === 'installed',
        // Co-leads share one return: once it is submitted, none of them is asked again.
        answered: async (c) => {
          const returns = await this.returns(c.id);
          return (key) => !!returns.get(key)?.submitted;
        },
        reminderRules: (c) => reminderDaysBefore.map((days) => ({ id: String(days), dueAt: wallClockOn(shiftDate(c.deadline, -days), reminderAt, config.timeZone).getTime() })),
        // Late returns are still accepted, but nobody is reminded after the deadline.
        remindUntil: (c) => Date.parse(c.deadlineAt),
        close: (c) => ({ ...c, status: 'closed' }),
        words: {
          notFound: 'That Section 11 cycle does not exist. Open the list of cycles to find it.',
          closed: 'This cycle is closed.',
          notInCampaign: 'That organisation is not part of this cycle.',
        },
      },
      queue,
      clock,
      log,
    );
  }

  static async open(s: CampaignFeatureDeps): Promise<Section11> {
    return new Section11(s, await s.store.collection<S11Cycle>('s11-cycles'));
  }

  /** Every lead of every organisation taking part, each answering for their organisation. */
  private audience(cycle: S11Cycle): Recipient[] {
    const leadsOf = this.leadsByOrganisation();
    return cycle.organisations.flatMap((o) => leadsOf(o.key).map((lead) => ({ personId: lead.id, answerKey: o.key })));
  }

  private returns(cycleId: string): Promise<Collection<S11Return>> {
    return this.s.store.collection<S11Return>(`s11-returns/${cycleId}`);
  }

  allCycles(): S11Cycle[] {
    return this.cycles.values().sort((a, b) => b.openedAt.localeCompare(a.openedAt));
  }

  cycle(id: unknown): S11Cycle {
    return this.campaign.get(id);
  }

  form(cycle: S11Cycle): FormDefinition {
    const f = this.s.config.partnership.forms[cycle.formId];
    if (!f) throw new UserFacingError(`The form "${cycle.formId}" for this cycle is no longer in the configuration. Ask the business unit to restore it.`, 'closed');
    return f;
  }

  /** Organisations that have at least one Section 11 lead on the roster, with their leads, in one pass over the roster. */
  private groupLeads(): Map<string, { key: string; name: string; leads: Person[] }> {
    const byKey = new Map<string, { key: string; name: string; leads: Person[] }>();
    for (const p of this.s.people.membersOf([SECTION11_LEADS_GROUP])) {
      const key = orgKey(p.organisation);
      const entry = byKey.get(key) ?? { key, name: p.organisation, leads: [] };
      entry.leads.push(p);
      byKey.set(key, entry);
    }
    return byKey;
  }

  organisationsWithLeads(): Array<{ key: string; name: string; leads: Person[] }> {
    return [...this.groupLeads().values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Every organisation's leads, grouped once: per-organisation scans add up at 400 organisations. */
  private leadsByOrganisation(): (key: string) => Person[] {
    const byKey = this.groupLeads();
    return (key) => byKey.get(key)?.leads ?? [];
  }

  checkOpenInput(data: unknown): Checked<{ year: number; trackId: string; deadline: string; organisations: Array<{ key: string; name: string }> }> {
    const errors: FieldErrors = {};
    const year = Number(str(data, 'year'));
    const nowYear = Number(zonedParts(this.s.clock.now(), this.s.config.timeZone).date.slice(0, 4));
    if (!Number.isInteger(year) || year < nowYear - 1 || year > nowYear + 1) errors.year = `Give the year of the return, e.g. ${nowYear}.`;
    const trackId = str(data, 'trackId');
    const track = this.s.config.partnership.section11.tracks.find((t) => t.id === trackId);
    if (!track) errors.trackId = 'Choose the track: partner organisations, or schools and early years.';
    const deadline = str(data, 'deadline');
    const end = zonedToUtc(deadline, '23:59', this.s.config.timeZone);
    if (!end) errors.deadline = 'Give the deadline as a date, e.g. 2025-10-31.';
    else if (end.getTime() <= this.s.clock.now().getTime()) errors.deadline = 'The deadline has already passed. Choose a later date.';
    const known = new Map(this.organisationsWithLeads().map((o) => [o.key, o]));
    const chosen = str(data, 'organisations').split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = chosen.filter((k) => !known.has(k));
    if (!chosen.length) errors.organisations = 'Choose at least one organisation.';
    else if (unknown.length) errors.organisations = `${unknown.length === 1 ? 'One organisation is' : `${unknown.length} organisations are`} not on the roster with a Section 11 lead ("${unknown[0].slice(0, 40)}"). Add their lead under People and groups first.`;
    if (track && !errors.year && this.cycles.values().some((c) => c.status === 'open' && c.year === year && c.trackId === track.id)) {
      errors.trackId = `A ${year} cycle for ${track.name} is already open.`;
    }
    if (Object.keys(errors).length) return invalid(errors);
    return valid({ year, trackId, deadline, organisations: [...new Set(chosen)].map((k) => ({ key: k, name: known.get(k)!.name })) });
  }

  /** Opens a cycle and queues the prompt to every lead of every organisation taking part. */
  async openCycle(data: unknown, by: string): Promise<S11Cycle> {
    const checked = this.checkOpenInput(data);
    if (!checked.ok) throw new AnswersInvalidError(checked.errors);
    const v = checked.value;
    const track = this.s.config.partnership.section11.tracks.find((t) => t.id === v.trackId)!;
    const now = this.s.clock.now();
    const cycle: S11Cycle = {
      id: `s11-${v.year}-${v.trackId}-${now.getTime().toString(36)}`,
      year: v.year,
      trackId: track.id,
      trackName: track.name,
      formId: track.formId,
      deadline: v.deadline,
      deadlineAt: new Date(zonedToUtc(v.deadline, '23:59', this.s.config.timeZone)!.getTime() + 59_999).toISOString(),
      organisations: v.organisations,
      status: 'open',
      openedBy: by,
      openedAt: now.toISOString(),
    };
    await this.cycles.put(cycle);
    this.s.log.info('s11.cycle_opened', { cycleId: cycle.id, organisations: cycle.organisations.length });
    await this.tick();
    return cycle;
  }

  /** The lead's organisation in this cycle, from the roster: never from the card, which can be forged. */
  leadContext(teamsUserId: string, cycleId: unknown): LeadContext {
    const { cycle, person, key, organisation } = this.assertLead(teamsUserId, cycleId);
    if (cycle.status !== 'open') throw new UserFacingError('This Section 11 cycle is closed.', 'closed');
    return { cycle, form: this.form(cycle), person, key, organisation };
  }

  /** Refuses anyone who is not a Section 11 lead of an organisation taking part in this cycle. */
  assertLead(teamsUserId: string, cycleId: unknown): Omit<LeadContext, 'form'> {
    const cycle = this.cycle(cycleId);
    const person = this.s.people.personFor(teamsUserId);
    const key = person ? orgKey(person.organisation) : '';
    const org = cycle.organisations.find((o) => o.key === key);
    if (!person || !person.groupIds.includes(SECTION11_LEADS_GROUP) || !org) {
      throw new UserFacingError('You are not a Section 11 lead for an organisation in this cycle. If you should be, ask the NSCP business unit to add you.', 'forbidden');
    }
    return { cycle, person, key, organisation: org.name };
  }

  async returnOf(cycleId: string, key: string): Promise<S11Return | undefined> {
    return (await this.returns(cycleId)).get(key);
  }

  /** Every return kept for a cycle, in no particular order. */
  async allReturns(cycleId: string): Promise<S11Return[]> {
    return (await this.returns(cycleId)).values();
  }

  /** For erasure: the name on a return's draft or submitted mark becomes `erased`; the organisation's return stays. */
  async renameMarks(cycleId: string, key: string, which: { draft: boolean; submitted: boolean }, erased: string): Promise<void> {
    const returns = await this.returns(cycleId);
    const r = returns.get(key);
    if (!r) return;
    await returns.put({ ...r, ...(which.draft ? { draftByName: erased } : {}), ...(which.submitted ? { submittedByName: erased } : {}) });
  }

  /** For erasure: "opened by" becomes `erased` on the cycles this person opened. */
  async replaceOpener(isTheirs: (openedBy: string) => boolean, erased: string): Promise<number> {
    const theirs = this.cycles.values().filter((c) => isTheirs(c.openedBy));
    for (const c of theirs) await this.cycles.put({ ...c, openedBy: erased });
    return theirs.length;
  }

  /** For retention: a cycle with its returns and message records. */
  async removeCycle(cycle: S11Cycle): Promise<{ returns: number; deliveries: number }> {
    const returns = await removeAll(await this.returns(cycle.id));
    const deliveries = await this.campaign.forgetDeliveries(cycle);
    await this.cycles.remove(cycle.id);
    return { returns, deliveries };
  }

  /** What a lead works on: the shared draft, else what was submitted. */
  working(ret: S11Return | undefined): Answers {
    return ret?.draft ?? ret?.submitted ?? {};
  }

  private sectionIndex(form: FormDefinition, sectionId: string): number {
    const i = form.sections.findIndex((s) => s.id === sectionId);
    if (i < 0) throw new UserFacingError('This card is out of date: that section is not in the form any more. Open the return again.');
    return i;
  }

  /** Saves one section of the shared draft. Answers are checked for kind and length, not completeness. */
  async saveDraft(teamsUserId: string, data: unknown): Promise<{ ctx: LeadContext; ret: S11Return; sectionIndex: number }> {
    const ctx = this.leadContext(teamsUserId, str(data, 'cycleId'));
    const sectionId = str(data, 'sectionId');
    const sectionIndex = this.sectionIndex(ctx.form, sectionId);
    const checked = checkAnswers(ctx.form, data, { sectionId, requireComplete: false });
    if (!checked.ok) throw new AnswersInvalidError(checked.errors);
    const returns = await this.returns(ctx.cycle.id);
    const current = returns.get(ctx.key);
    const draft = mergeAnswers(this.working(current), checked.value, ctx.form, sectionId);
    const blank: S11Return = { id: ctx.key, cycleId: ctx.cycle.id, organisation: ctx.organisation };
    // Pressing a button on an empty form does not start a return: the organisation stays "not started".
    if (!current && !Object.keys(draft).length) return { ctx, ret: blank, sectionIndex };
    if (current && same(this.working(current), draft)) return { ctx, ret: current, sectionIndex };
    const ret: S11Return = { ...(current ?? blank), draft, draftByName: ctx.person.name, draftAt: this.s.clock.now().toISOString() };
    await returns.put(ret);
    return { ctx, ret, sectionIndex };
  }

  /** Submits the return. The same answers submitted twice are stored once. */
  async submit(teamsUserId: string, data: unknown): Promise<{ ctx: LeadContext; ret: S11Return; changed: boolean }> {
    const { ctx, ret: saved } = await this.saveDraft(teamsUserId, data);
    const answers = this.working(saved);
    assertComplete(ctx.form, answers);
    const returns = await this.returns(ctx.cycle.id);
    if (saved.submitted && same(saved.submitted, answers)) {
      if (saved.draft) await returns.put({ ...saved, draft: undefined, draftByName: undefined, draftAt: undefined });
      return { ctx, ret: { ...saved, draft: undefined }, changed: false };
    }
    const now = this.s.clock.now();
    const ret: S11Return = {
      ...saved,
      draft: undefined,
      draftByName: undefined,
      draftAt: undefined,
      submitted: answers,
      submittedByName: ctx.person.name,
      submittedAt: now.toISOString(),
      // A return first sent on time stays on time when a lead corrects it after the deadline.
      late: saved.late === false ? false : now.toISOString() > ctx.cycle.deadlineAt,
    };
    await returns.put(ret);
    this.s.log.info('s11.submitted', { cycleId: ctx.cycle.id, late: ret.late });
    return { ctx, ret, changed: true };
  }

  async status(cycleId: string): Promise<{ cycle: S11Cycle; rows: StatusRow[] }> {
    const cycle = this.cycle(cycleId);
    const returns = await this.returns(cycle.id);
    const leadsOf = this.leadsByOrganisation();
    const order: Record<ReturnState, number> = { 'not-started': 0, draft: 1, submitted: 2 };
    const rows = cycle.organisations.map((o): StatusRow => {
      const r = returns.get(o.key);
      const leads = leadsOf(o.key);
      const reachable = leads.some((p) => this.s.people.installationOf(p.id)?.status === 'installed');
      const state: ReturnState = r?.submitted ? 'submitted' : r?.draft ? 'draft' : 'not-started';
      return {
        key: o.key,
        organisation: o.name,
        state,
        when: state === 'submitted' ? r!.submittedAt : r?.draftAt,
        by: state === 'submitted' ? r!.submittedByName : r?.draftByName,
        late: r?.late,
        reachable,
        leads: leads.length,
      };
    });
    rows.sort((a, b) => order[a.state] - order[b.state] || a.organisation.localeCompare(b.organisation));
    return { cycle, rows };
  }

  /** Closes a cycle: leads can no longer change or submit, and nobody is reminded or chased. */
  closeCycle(cycleId: string): Promise<S11Cycle> {
    return this.campaign.close(cycleId);
  }

  /** Chases the leads of organisations that have not submitted (all, or the one given) now. */
  chase(cycleId: string, onlyKey?: string): Promise<number> {
    return this.campaign.chase(cycleId, onlyKey);
  }

  /** One row per organisation, one column per question, for Excel. */
  async exportCsv(cycleId: string): Promise<{ filename: string; content: string }> {
    const cycle = this.cycle(cycleId);
    const returns = await this.returns(cycle.id);
    const rows = cycle.organisations.map((o) => {
      const r = returns.get(o.key);
      const when = r?.submittedAt ? formatDayDateTime(new Date(r.submittedAt), this.s.config.timeZone) : '';
      return { cells: [o.name, r?.submitted ? 'Submitted' : r?.draft ? 'Draft' : 'Not started', r?.submittedByName ?? '', when, r?.submitted ? (r.late ? 'Yes' : 'No') : ''], answers: r?.submitted };
    });
    return { filename: `section-11-${cycle.year}-${cycle.trackId}.csv`, content: answersCsv(this.form(cycle), ['Organisation', 'Status', 'Submitted by', 'Submitted at (UK time)', 'Late'], rows) };
  }

  /**
   * Prompts every lead of a taking-part organisation once (including leads added later), and
   * reminds leads of organisations that have not submitted at the configured days before the
   * deadline: only the latest reminder due, never twice for the same offset.
   */
  tick(): Promise<number> {
    return this.campaign.tick();
  }
}
