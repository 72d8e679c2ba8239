import { formSectionCard, formSummaryCard, type FormCardContext } from '../../../adaptive-cards/form-section.js';
import { s11CyclesCard, s11MineCard, s11OpenCycleCard, s11StatusCard } from '../../../adaptive-cards/features/section11/section11.js';
import { typedAnswers, type Answers } from '../../../services/forms/answers.js';
import { AnswersInvalidError, FormIncompleteError, sectionTarget } from '../../../services/forms/errors.js';
import type { LeadContext, S11Return } from '../../../services/features/section11/section11.js';
import { str, UserFacingError } from '../../../services/validation.js';
import { zonedParts } from '../../../services/zoned-time.js';
import { cycleList, cycleTitle, deadlineText, myReturns, returnStateText, statusView } from '../../../services/features/section11/views.js';
import { ANY_INSTALLED_USER, BUSINESS_UNIT, organisationLead, type CardActions, type ErrorCard } from '../../card-actions.js';
import type { Section11Deps } from './deps.js';
import { S11_VERBS } from '../../../adaptive-cards/features/section11/verbs.js';
import { count } from '../../../services/words.js';

const FORM_VERBS = { save: S11_VERBS.s11Save, navigate: S11_VERBS.s11Navigate, submit: S11_VERBS.s11Submit };

export function registerSection11Handlers(actions: CardActions, s: Section11Deps): void {
  const lead = organisationLead((data, ctx) => void s.section11.assertLead(ctx.actor.teamsUserId, str(data, 'cycleId')));
  const context = (ctx: LeadContext, ret: S11Return | undefined, banner?: FormCardContext['banner']): FormCardContext => ({
    title: `${cycleTitle(ctx.cycle)}: ${ctx.organisation}`,
    subtitle: `Due by the end of ${deadlineText(s, ctx.cycle)}`,
    lastChanged: ret ? returnStateText(s, ret) : undefined,
    banner,
  });
  const sectionCard = (ctx: LeadContext, ret: S11Return | undefined, sectionIndex: number, answers: Answers, extra: { errors?: Record<string, string>; banner?: FormCardContext['banner'] } = {}) =>
    formSectionCard({ form: ctx.form, sectionIndex, answers, errors: extra.errors, context: context(ctx, ret, extra.banner), verbs: FORM_VERBS, data: { cycleId: ctx.cycle.id }, canSubmit: true });
  const summaryCard = (ctx: LeadContext, ret: S11Return, banner?: FormCardContext['banner']) =>
    formSummaryCard({ form: ctx.form, answers: ret.submitted ?? {}, context: context(ctx, ret, banner), edit: ctx.cycle.status === 'open' ? { verb: S11_VERBS.s11Edit, data: { cycleId: ctx.cycle.id }, title: 'Edit the return' } : undefined });

  /** A refused save keeps everything typed on screen, with the reason beside each answer. */
  const formAgain: ErrorCard = (e, data, c) => {
    const ctx = s.section11.leadContext(c.actor.teamsUserId, str(data, 'cycleId'));
    const typed = typedAnswers(data);
    const sectionIndex = e instanceof FormIncompleteError ? e.sectionIndex : Math.max(0, ctx.form.sections.findIndex((x) => x.id === str(data, 'sectionId')));
    const errors = e instanceof FormIncompleteError || e instanceof AnswersInvalidError ? e.errors : undefined;
    const message = e instanceof UserFacingError ? e.message : 'Your answers could not be saved just now. Nothing was lost from this card: press the button again.';
    return sectionCard(ctx, undefined, sectionIndex, e instanceof FormIncompleteError ? e.answers : typed, { errors, banner: { text: message, tone: 'attention' } });
  };

  // The business unit.
  actions.add(S11_VERBS.s11Cycles, BUSINESS_UNIT, async () => s11CyclesCard(await cycleList(s)));

  const openForm = (values: Record<string, string> = {}, errors?: Record<string, string>) =>
    s11OpenCycleCard({
      tracks: s.config.partnership.section11.tracks,
      organisations: s.section11.organisationsWithLeads().map((o) => ({ key: o.key, name: o.name, leads: o.leads.length })),
      values,
      errors,
      today: zonedParts(s.clock.now(), s.config.timeZone).date,
    });
  actions.add(S11_VERBS.s11OpenForm, BUSINESS_UNIT, async () => openForm({ year: zonedParts(s.clock.now(), s.config.timeZone).date.slice(0, 4) }));
  actions.add(S11_VERBS.s11OpenCycle, BUSINESS_UNIT,
    async (data, ctx) => {
      const cycle = await s.section11.openCycle(data, ctx.actor.aadObjectId ?? ctx.actor.teamsUserId);
      return s11StatusCard({ ...(await statusView(s, cycle.id, 0)), notice: { text: 'Opened. Each organisation\'s leads are being sent the return now.', tone: 'good' } });
    },
    (e, data) => openForm(Object.fromEntries(['year', 'trackId', 'deadline', 'organisations'].map((k) => [k, str(data, k)])), e instanceof AnswersInvalidError ? e.errors : { trackId: e instanceof UserFacingError ? e.message : 'The cycle could not be opened just now. Nothing was sent: press the button again.' }),
  );
  actions.add(S11_VERBS.s11Status, BUSINESS_UNIT, async (data) => s11StatusCard(await statusView(s, str(data, 'cycleId'), Number(data.page) || 0)));
  actions.add(S11_VERBS.s11Chase, BUSINESS_UNIT, async (data) => {
    const org = str(data, 'org') || undefined;
    const queued = await s.section11.chase(str(data, 'cycleId'), org);
    const text = queued ? `Chasing: ${count(queued, 'message')} on the way.` : 'Nothing new to send: those leads were chased a moment ago, or have no way to be reached.';
    return s11StatusCard({ ...(await statusView(s, str(data, 'cycleId'), Number(data.page) || 0)), notice: { text, tone: queued ? 'good' : 'warning' } });
  });
  actions.add(S11_VERBS.s11Export, BUSINESS_UNIT, async (data) => {
    const file = await s.section11.exportCsv(str(data, 'cycleId'));
    const token = s.exports.create(file.filename, file.content);
    return s11StatusCard({ ...(await statusView(s, str(data, 'cycleId'), Number(data.page) || 0)), downloadUrl: `${s.config.publicBaseUrl}/exports/${token}` });
  });

  actions.add(S11_VERBS.s11Close, BUSINESS_UNIT, async (data) => {
    const cycle = await s.section11.closeCycle(str(data, 'cycleId'));
    return s11StatusCard({ ...(await statusView(s, cycle.id, 0)), notice: { text: 'Closed. Returns can no longer be changed; the export still works.', tone: 'good' } });
  });

  // Section 11 leads.
  actions.add(S11_VERBS.s11Mine, ANY_INSTALLED_USER, async (_data, ctx) => s11MineCard(await myReturns(s, ctx.actor.teamsUserId)));
  actions.add(S11_VERBS.s11Return, lead, async (data, ctx) => {
    const lead = s.section11.leadContext(ctx.actor.teamsUserId, str(data, 'cycleId'));
    const ret = await s.section11.returnOf(lead.cycle.id, lead.key);
    if (ret?.submitted && !ret.draft) return summaryCard(lead, ret);
    return sectionCard(lead, ret, 0, s.section11.working(ret));
  });
  actions.add(S11_VERBS.s11Edit, lead, async (data, ctx) => {
    const lead = s.section11.leadContext(ctx.actor.teamsUserId, str(data, 'cycleId'));
    const ret = await s.section11.returnOf(lead.cycle.id, lead.key);
    return sectionCard(lead, ret, 0, s.section11.working(ret), { banner: { text: 'Change what you need, then submit again. Until then the submitted version stands.', tone: 'accent' } });
  });
  actions.add(S11_VERBS.s11Save, lead,
    async (data, ctx) => {
      const { ctx: lead, ret, sectionIndex } = await s.section11.saveDraft(ctx.actor.teamsUserId, data);
      return sectionCard(lead, ret, sectionIndex, s.section11.working(ret), { banner: { text: 'Draft saved. Your co-leads see it too.', tone: 'good' } });
    },
    formAgain,
  );
  actions.add(S11_VERBS.s11Navigate, lead,
    async (data, ctx) => {
      const { ctx: lead, ret } = await s.section11.saveDraft(ctx.actor.teamsUserId, data);
      return sectionCard(lead, ret, sectionTarget(lead.form, data.to), s.section11.working(ret));
    },
    formAgain,
  );
  actions.add(S11_VERBS.s11Submit, lead,
    async (data, ctx) => {
      const { ctx: lead, ret, changed } = await s.section11.submit(ctx.actor.teamsUserId, data);
      const text = changed ? (ret.late ? 'Submitted after the deadline: it has been accepted and marked late. Thank you.' : 'Submitted. Thank you.') : 'Already submitted with these answers: nothing changed.';
      return summaryCard(lead, ret, { text, tone: ret.late ? 'warning' : 'good' });
    },
    formAgain,
  );
}
