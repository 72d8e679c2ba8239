import { randomBytes } from 'node:crypto';
import { Campaigns, type CampaignFeatureDeps } from '../../campaigns/campaigns.js';
import type { Delivery } from '../../delivery/deliveries.js';
import type { FormDefinition } from '../../forms/definition.js';
import { AnswersInvalidError } from '../../forms/errors.js';
import type { DueWork } from '../../scheduler.js';
import type { Collection } from '../../store/store.js';
import { str, UserFacingError } from '../../validation.js';
import { formatDayDateTime } from '../../zoned-time.js';
import { followUp, KINDS } from './follow-ups.js';

export { KINDS } from './follow-ups.js';
import { sendTimeFrom } from './send-time.js';
import { audienceChannels, audienceMembers, inAudience, reachOf, type AudienceMember, type Reach } from './audience.js';
import { isChannelKey, type Teams } from '../../people/teams.js';
import { checkCompose, composeValues, draftValues, DraftKeptError, FIELD, nothingTyped, typedCompose, type ComposeRules } from './compose.js';
import { stageOf, type Acknowledgement, type Issue, type IssueContent, type Presser } from './issue.js';

/** What newsletters are opened with: the campaign engine's pieces, and the teams the app is in (channel audiences). */
export type NewsletterOpenDeps = CampaignFeatureDeps & { teams: Teams };

const DAY = 24 * 3_600_000;
/** However short the late-joiner window, someone who installs the app soon after still gets the issue. */
const MIN_OPEN_DAYS = 14;

const newIssueId = (now: string) => `nl-${now.slice(0, 10)}-${randomBytes(4).toString('hex')}`;


export const WITHDRAWN = 'This issue was withdrawn by the NSCP business unit, so it can no longer be answered.';
export const PREVIEW_PRESSED = 'This is a preview: these buttons work for the people it is sent to.';
const NOT_SENT_TO_YOU = 'This issue was not sent to you. If you think it should have been, ask the NSCP business unit.';
const NOT_KNOWN_IN_CHANNEL = 'Your answer could not be counted: you are not on the NSCP list of people, and you have not added the NSCP Engage app yourself. Add the app (Apps in Teams), or ask the NSCP business unit to add you, then press again. Nothing was recorded.';

/**
 * Newsletters and broadcasts: the neglect champions' quarterly newsletter, ANOOF bite-size
 * briefings, learning from reviews. The business unit composes an issue, sends it now or at a
 * time, and may edit or recall what went out; people say they read it and whether they cascaded
 * it. Sending, late joiners and the one reminder run on the campaign engine.
 */
export class Newsletter implements DueWork {
  readonly name = 'newsletter';
  readonly campaign: Campaigns<Issue>;
  /**
   * Presses and scheduler runs one at a time: a Send pressed twice, or pressed while the scheduler
   * opens the same issue, must not queue one message twice.
   */
  private lock: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly s: NewsletterOpenDeps,
    private readonly issues: Collection<Issue>,
  ) {
    const { lateJoinerDays } = s.config.partnership.newsletter;
    this.campaign = new Campaigns<Issue>(
      {
        name: 'newsletter',
        records: issues,
        kinds: { prompt: KINDS.issue, reminder: KINDS.reminder },
        // People, one card each; and each chosen channel, one post (its key is the channel's, never a person's).
        audience: (i) => [...audienceMembers(s.people, i.audience).map((m) => ({ personId: m.personId, answerKey: m.personId })), ...audienceChannels(i.audience).map((c) => ({ personId: c.key, answerKey: c.key }))],
        answered: (i) => this.answeredRule(i),
        // The one reminder is queued by remind() itself, to exactly those the report's button counts (toRemind).
        reminderRules: () => [],
        opening: {
          at: (i) => (i.sendAt && !i.sentAt ? Date.parse(i.sendAt) : Infinity),
          // Sent on schedule: recorded as sent by whoever scheduled it (Send now records its presser first).
          open: (i, now) => ({ ...i, status: 'open', sentAt: new Date(now).toISOString(), history: i.history.at(-1)?.what === 'sent' ? i.history : [...i.history, { at: new Date(now).toISOString(), by: [...i.history].reverse().find((h) => h.what === 'scheduled')?.by ?? '', what: 'sent' }] }),
        },
        admitLate: (i, personId, now) => now - Date.parse(i.sentAt!) <= lateJoinerDays * DAY && this.latestFor(personId)?.id === i.id,
        closesAt: (i) => (i.sentAt ? Date.parse(i.sentAt) + Math.max(lateJoinerDays, MIN_OPEN_DAYS) * DAY : undefined),
        close: (i) => ({ ...i, status: 'closed' }),
        words: {
          notFound: 'That issue does not exist any more. Open Newsletters from the menu to find it.',
          closed: 'That issue was withdrawn, or went out too long ago to change who gets it.',
          notInCampaign: NOT_SENT_TO_YOU,
        },
      },
      s.queue,
      s.clock,
      s.log,
    );
  }

  static async open(s: NewsletterOpenDeps): Promise<Newsletter> {
    return new Newsletter(s, await s.store.collection<Issue>('newsletter-issues'));
  }

  /** Runs `fn` when every earlier press or run on issues has finished (the feature's own modules use it too). */
  serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  /** People's answers to one issue, keyed by person. */
  answers(issueId: string): Promise<Collection<Acknowledgement>> {
    return this.s.store.collection<Acknowledgement>(`newsletter-acks/${issueId}`);
  }

  now(): string {
    return this.s.clock.now().toISOString();
  }

  private rules(): ComposeRules {
    const teams = this.s.teams;
    return {
      groups: this.s.config.partnership.groups,
      formIds: this.s.config.partnership.newsletter.formIds,
      channel: (channelId) => {
        const found = teams.find(channelId);
        return found && { teamId: found.team.id, words: teams.words(found.team.id, channelId), problem: teams.unreachable(found.team.id, channelId) };
      },
    };
  }

  /** Opens what is due, prompts late joiners, sends the reminder: the scheduler runs this. */
  tick(): Promise<number> {
    return this.serially(async () => (await this.campaign.tick()) + (await this.deleteLateArrivals()));
  }

  /**
   * A copy already on its way when the issue was recalled can still arrive after the recall
   * queued its deletes; the next runs delete it too (the same ids, so nothing is deleted twice).
   */
  private async deleteLateArrivals(): Promise<number> {
    const since = this.s.clock.now().getTime() - DAY;
    let queued = 0;
    for (const issue of this.issues.values().filter((i) => i.recalledAt && Date.parse(i.recalledAt) > since)) {
      queued += await this.s.queue.enqueue((await this.delivered(issue)).map((d) => followUp(issue, d, 'delete', 'recall')));
    }
    return queued;
  }

  issue(id: unknown): Issue {
    return this.campaign.get(id);
  }

  /** For erasure and retention, inside serially(): an issue rewritten or removed as a whole. */
  put(issue: Issue): Promise<void> {
    return this.issues.put(issue);
  }

  remove(id: string): Promise<void> {
    return this.issues.remove(id);
  }

  /** Newest first. */
  all(): Issue[] {
    return this.issues.values().sort((a, b) => (b.sentAt ?? b.sendAt ?? b.createdAt).localeCompare(a.sentAt ?? a.sendAt ?? a.createdAt));
  }

  members(i: Issue): AudienceMember[] {
    return audienceMembers(this.s.people, i.audience);
  }

  /** How many it will reach: everyone once, and how many cannot be reached in Teams; and the channels it is posted to. */
  reach(i: Issue): Reach {
    return reachOf(this.s.people, this.members(i), audienceChannels(i.audience), this.s.teams);
  }

  /** "Team › Channel" for a channel in an issue's audience. */
  channelWords(teamId: string, channelId: string): string {
    return this.s.teams.words(teamId, channelId);
  }

  /**
   * Saves the compose card as a draft (a new one when there is no issueId). A draft keeps
   * whatever was typed, as long as each part is valid on its own: no audience yet is fine. When a
   * part is not (an http image, text over a limit), everything typed is still kept on the draft
   * and the refusal (DraftKeptError) names the draft and what to fix: nothing typed is lost.
   */
  saveDraft(data: unknown, by: string, pressed: 'save' | 'send' | 'schedule' = 'save'): Promise<Issue> {
    return this.serially(async () => {
      const checked = checkCompose(data, this.rules(), false);
      const id = str(data, 'issueId');
      const now = this.now();
      const found = id ? this.unsent(id) : undefined;
      if (!checked.ok) {
        const typed = typedCompose(data);
        if (!found && nothingTyped(typed)) throw new AnswersInvalidError(checked.errors);
        const base: Issue = found ?? { id: newIssueId(now), status: 'scheduled', title: str(data, FIELD.title), summary: '', sections: [], links: [], audience: [], ask: 'read', createdBy: by, createdAt: now, updatedAt: now, version: 0, resends: [], history: [] };
        await this.issues.put({ ...base, typed, updatedAt: now });
        // Pressed to send or schedule: every problem at once, not the draft's first and the sending ones next time.
        throw new DraftKeptError(pressed === 'save' ? checked.errors : { ...(pressed === 'schedule' ? this.sendingProblems(data, 'schedule') : {}), ...this.sendingProblems(data, 'send'), ...checked.errors }, base.id);
      }
      if (!found) {
        const issue: Issue = { id: newIssueId(now), status: 'scheduled', ...checked.value, createdBy: by, createdAt: now, updatedAt: now, version: 0, resends: [], history: [] };
        await this.issues.put(issue);
        return issue;
      }
      // Saving never moves or cancels a schedule: those have their own steps.
      const saved: Issue = { ...found, ...checked.value, typed: undefined, updatedAt: now };
      await this.issues.put(saved);
      return saved;
    });
  }

  /** What needs fixing in a draft's kept typing (shown beside each field when it is opened); undefined when nothing does. */
  draftProblems(issue: Issue): Record<string, string> | undefined {
    if (!issue.typed) return undefined;
    const checked = checkCompose(issue.typed, this.rules(), false);
    return checked.ok ? undefined : checked.errors;
  }

  /** An issue that has not gone out: only those can be changed on the compose card. */
  private unsent(id: unknown): Issue {
    const issue = this.issue(id);
    const stage = stageOf(issue);
    if (stage === 'recalled') throw new UserFacingError('This issue was recalled. Start a new one from Newsletters.', 'closed');
    if (stage === 'sent') throw new UserFacingError('This issue has already gone out. Use "Edit the sent issue" on its report to change what people see.', 'closed');
    return issue;
  }

  /** Notes that a business unit member put a preview of the issue in their own chat (once each). */
  previewed(id: unknown, by: string): Promise<Issue> {
    return this.serially(async () => {
      const issue = this.issue(id);
      if (issue.history.some((h) => h.what === 'previewed' && h.by === by)) return issue;
      const saved: Issue = { ...issue, history: [...issue.history, { at: this.now(), by, what: 'previewed' }] };
      await this.issues.put(saved);
      return saved;
    });
  }

  /**
   * A press on a preview copy: the presser previewed this issue, and either it has not gone out
   * (so no real copy exists) or the card says it is the preview. The card's flag alone proves
   * nothing, and the answer only explains: it never records or unlocks anything.
   */
  isPreviewPress(id: unknown, by: string, flagged: unknown): boolean {
    const issue = this.issues.values().find((i) => i.id === id);
    if (!issue?.history.some((h) => h.what === 'previewed' && h.by === by)) return false;
    return flagged === true || !issue.sentAt;
  }

  /** Checks a draft is complete enough to send: an audience, at least one section, nothing over the limits. */
  readyToSend(id: unknown): Issue {
    const issue = this.unsent(id);
    const checked = checkCompose(draftValues(issue), this.rules(), true);
    if (!checked.ok) throw new AnswersInvalidError(checked.errors);
    // Typing kept from a refused press that would now pass (a channel back in reach): it is not the content yet.
    if (issue.typed) throw new UserFacingError('Press Save the draft first: what is on the card has not been saved into the issue yet.', 'invalid');
    return issue;
  }

  /** Checks the schedule the business unit typed, without saving it (for the confirmation step); every problem at once. */
  checkSchedule(id: unknown, data: unknown): { issue: Issue; at: Date } {
    const issue = this.unsent(id);
    const problems = this.sendingProblems(draftValues(issue), 'send');
    const whenProblems = this.sendingProblems(data, 'schedule');
    if (Object.keys(problems).length || Object.keys(whenProblems).length) throw new AnswersInvalidError({ ...whenProblems, ...problems });
    return { issue: this.readyToSend(id), at: sendTimeFrom(data, this.s.config.timeZone, this.s.clock.now()) };
  }

  /** What stops typed content going out (and, to schedule, the date and time); empty when nothing does. */
  private sendingProblems(data: unknown, pressed: 'send' | 'schedule'): Record<string, string> {
    if (pressed === 'schedule') {
      try {
        sendTimeFrom(data, this.s.config.timeZone, this.s.clock.now());
        return {};
      } catch (e) {
        if (e instanceof AnswersInvalidError) return e.errors;
        throw e;
      }
    }
    const checked = checkCompose(data, this.rules(), true);
    return checked.ok ? {} : checked.errors;
  }

  /** Schedules (or moves) the send. Until it starts it can be moved again or cancelled. */
  schedule(id: unknown, data: unknown, by: string): Promise<Issue> {
    return this.serially(async () => {
      const { issue, at } = this.checkSchedule(id, data);
      const now = this.now();
      const saved: Issue = { ...issue, sendAt: at.toISOString(), updatedAt: now, history: [...issue.history, { at: now, by, what: 'scheduled' }] };
      await this.issues.put(saved);
      this.s.log.info('newsletter.scheduled', { issueId: saved.id });
      return saved;
    });
  }

  /** Cancels a scheduled send: the issue becomes a draft again. */
  unschedule(id: unknown, by: string): Promise<Issue> {
    return this.serially(async () => {
      const issue = this.unsent(id);
      if (!issue.sendAt) return issue;
      const now = this.now();
      const saved: Issue = { ...issue, sendAt: undefined, updatedAt: now, history: [...issue.history, { at: now, by, what: 'unscheduled' }] };
      await this.issues.put(saved);
      return saved;
    });
  }

  /** Sends now. A second press (or one after the schedule started it) sends nothing again and says so. */
  sendNow(id: unknown, by: string): Promise<{ issue: Issue; already: boolean }> {
    return this.serially(async () => {
      const found = this.issue(id);
      if (stageOf(found) === 'sent') return { issue: found, already: true };
      const issue = this.readyToSend(id);
      const now = this.now();
      const due: Issue = { ...issue, sendAt: now, updatedAt: now, history: [...issue.history, { at: now, by, what: 'sent' }] };
      await this.issues.put(due);
      await this.campaign.tickOne(due);
      this.s.log.info('newsletter.sent', { issueId: issue.id });
      return { issue: this.issue(issue.id), already: false };
    });
  }

  /** A sent issue that can still be changed: not recalled. */
  private live(id: unknown): Issue {
    const issue = this.issue(id);
    if (issue.recalledAt) throw new UserFacingError('This issue was recalled: it can no longer be changed.', 'closed');
    if (!issue.sentAt) throw new UserFacingError('This issue has not gone out yet. Change the draft instead.', 'invalid');
    return issue;
  }

  /** Every card that reached someone (first send, resend, reminder), to update or delete. */
  private async delivered(issue: Issue): Promise<Delivery[]> {
    const records = await this.s.queue.records(this.campaign.deliveryCampaign(issue));
    return records.filter((d) => (d.kind === KINDS.issue || d.kind === KINDS.reminder) && d.status === 'sent' && d.activityId);
  }

  private async onTheirWay(issue: Issue): Promise<Delivery[]> {
    const records = await this.s.queue.records(this.campaign.deliveryCampaign(issue));
    return records.filter((d) => (d.kind === KINDS.issue || d.kind === KINDS.reminder) && d.status === 'sending');
  }

  /** How many cards are in people's chats (first copies, resends and reminders): what an edit updates and a recall deletes. */
  async cardsDelivered(issue: Issue): Promise<number> {
    return (await this.delivered(issue)).length;
  }

  /** Of those, how many are posts in a channel (one each), for the recall's words. */
  async channelPostsDelivered(issue: Issue): Promise<number> {
    return (await this.delivered(issue)).filter((d) => isChannelKey(d.personId)).length;
  }

  /**
   * Edits an issue that went out: every card already delivered is updated in place. Who it went
   * to and what it asks stay as they were: people have already answered.
   */
  edit(id: unknown, data: unknown, by: string): Promise<{ issue: Issue; updating: number }> {
    return this.serially(async () => {
      const issue = this.live(id);
      const keep = { audience: composeValues(issue)[FIELD.audience], ask: issue.ask, formId: issue.formId ?? '' };
      // Who it went to stays as sent, even a channel the app has since been removed from.
      const rules = this.rules();
      const checked = checkCompose({ ...(data as object), ...keep }, { ...rules, channel: (c) => { const found = rules.channel?.(c); return found && { ...found, problem: undefined }; } }, true);
      if (!checked.ok) throw new AnswersInvalidError(checked.errors);
      const now = this.now();
      const c = checked.value;
      const saved: Issue = { ...issue, title: c.title, summary: c.summary, sections: c.sections, imageUrl: c.imageUrl, links: c.links, version: issue.version + 1, editedAt: now, updatedAt: now, history: [...issue.history, { at: now, by, what: 'edited' }] };
      await this.issues.put(saved);
      const campaign = this.campaign.deliveryCampaign(saved);
      // An earlier edit still waiting to go is replaced by this one.
      await this.s.queue.supersede(campaign, (d) => d.kind === KINDS.update);
      // A copy on its way now may have been rendered before this edit: it is updated too, once it
      // has arrived (the queue holds the update until then). Copies still queued render as edited.
      const updates = [...(await this.delivered(saved)), ...(await this.onTheirWay(saved))].map((d) => followUp(saved, d, 'update', `v${saved.version}`));
      const updating = await this.s.queue.enqueue(updates);
      this.s.log.info('newsletter.edited', { issueId: saved.id, updating });
      return { issue: saved, updating };
    });
  }

  /** Recalls an issue: every delivered card is deleted, and nothing still queued goes. */
  recall(id: unknown, by: string): Promise<{ issue: Issue; deleting: number }> {
    return this.serially(async () => {
      const issue = this.issue(id);
      if (issue.recalledAt) return { issue, deleting: 0 };
      if (!issue.sentAt) throw new UserFacingError('This issue has not gone out, so there is nothing to recall. Cancel the schedule or leave it as a draft.', 'invalid');
      const now = this.now();
      const saved: Issue = { ...issue, status: 'closed', recalledAt: now, updatedAt: now, history: [...issue.history, { at: now, by, what: 'recalled' }] };
      await this.issues.put(saved);
      const campaign = this.campaign.deliveryCampaign(saved);
      await this.s.queue.supersede(campaign, (d) => d.kind !== KINDS.remove);
      const deleting = await this.s.queue.enqueue((await this.delivered(saved)).map((d) => followUp(saved, d, 'delete', 'recall')));
      this.s.log.info('newsletter.recalled', { issueId: saved.id, deleting });
      return { issue: saved, deleting };
    });
  }

  /**
   * What became of a recall's deletes, from the delete deliveries' own records: deleted, could not
   * be deleted (Teams refused, the person blocked or removed the app), and still being deleted.
   */
  async deletions(issue: Issue): Promise<{ total: number; deleted: number; failed: number; pending: number; posts: { total: number; deleted: number } }> {
    const records = (await this.s.queue.records(this.campaign.deliveryCampaign(issue))).filter((d) => d.kind === KINDS.remove && d.status !== 'superseded');
    // Teams' 404 on a delete (the transport's "nothing to delete"): the card is already gone from that chat.
    const gone = (d: Delivery) => d.status === 'sent' || (d.status === 'failed' && /nothing to delete/.test(d.lastError ?? ''));
    const pending = records.filter((d) => d.status === 'queued' || d.status === 'sending').length;
    const deleted = records.filter(gone).length;
    const posts = records.filter((d) => isChannelKey(d.personId));
    return { total: records.length, deleted, failed: records.length - deleted - pending, pending, posts: { total: posts.length, deleted: posts.filter(gone).length } };
  }

  /** Those who answered are not reminded; with nothing asked, nobody is. */
  private async answeredRule(i: Issue): Promise<(key: string) => boolean> {
    const acks = await this.answers(i.id);
    return (key) => {
      const a = acks.get(key);
      return i.ask === 'form' ? !!a?.answers : !!a?.readAt;
    };
  }

  /**
   * Whom the one reminder goes to, and whom "Remind the N" counts: each person with a delivered
   * copy (the first or a resend) who has not acknowledged it. A channel post is not reminded: the
   * reminder asks people, and a second post would nag the whole team.
   */
  async toRemind(issue: Issue): Promise<string[]> {
    if (issue.ask === 'none') return [];
    const answered = await this.answeredRule(issue);
    const delivered = new Set((await this.deliveryRecords(issue)).filter((d) => d.kind === KINDS.issue && d.status === 'sent' && !isChannelKey(d.personId)).map((d) => d.personId));
    return [...delivered].filter((p) => !answered(p));
  }

  /** The one reminder to those who have not acknowledged. A second press reminds nobody again. */
  remind(id: unknown, by: string): Promise<{ issue: Issue; queued: number }> {
    return this.serially(async () => {
      const issue = this.live(id);
      if (issue.ask === 'none') throw new UserFacingError('This issue asks nothing, so there is nobody to remind.', 'invalid');
      if (issue.remindAt) throw new UserFacingError(`Those who had not ${issue.ask === 'form' ? 'answered the form' : 'pressed Read it'} were already reminded on ${formatDayDateTime(new Date(issue.remindAt), this.s.config.timeZone)}. People are reminded once.`, 'invalid');
      if (issue.status !== 'open') throw new UserFacingError('This issue went out too long ago to send a reminder. Send a new issue instead.', 'closed');
      const now = this.now();
      const saved: Issue = { ...issue, remindAt: now, updatedAt: now, history: [...issue.history, { at: now, by, what: 'reminded' }] };
      await this.issues.put(saved);
      const campaign = this.campaign.deliveryCampaign(saved);
      const queued = await this.s.queue.enqueue((await this.toRemind(saved)).map((personId) => ({ id: `${KINDS.reminder}:${saved.id}:once:${personId}`, campaign, personId, kind: KINDS.reminder, op: 'send' as const, subjectId: saved.id })));
      return { issue: saved, queued };
    });
  }

  /** Sends again to everyone it failed for (not the blocked or those without the app: Teams would refuse again). */
  resendFailed(id: unknown, by: string): Promise<{ issue: Issue; queued: number }> {
    return this.serially(async () => {
      const issue = this.live(id);
      const failed = (await this.latestPerPerson(issue)).filter((d) => d.status === 'failed');
      if (!failed.length) return { issue, queued: 0 };
      const now = this.now();
      const round = `resend-${issue.resends.length + 1}`;
      const saved: Issue = { ...issue, resends: [...issue.resends, now], updatedAt: now, history: [...issue.history, { at: now, by, what: 'resent' }] };
      await this.issues.put(saved);
      const campaign = this.campaign.deliveryCampaign(saved);
      const queued = await this.s.queue.enqueue(failed.map((d) => ({ id: `${KINDS.issue}:${saved.id}:${round}:${d.personId}`, campaign, personId: d.personId, kind: KINDS.issue, op: 'send' as const, subjectId: saved.id })));
      return { issue: saved, queued };
    });
  }

  /** Each person's latest first-send (or resend) of the issue: what the report counts. */
  async latestPerPerson(issue: Issue): Promise<Delivery[]> {
    const byPerson = new Map<string, Delivery>();
    for (const d of await this.s.queue.records(this.campaign.deliveryCampaign(issue))) {
      if (d.kind !== KINDS.issue) continue;
      const had = byPerson.get(d.personId);
      if (!had || d.queuedAt > had.queuedAt || (d.queuedAt === had.queuedAt && d.id > had.id)) byPerson.set(d.personId, d);
    }
    return [...byPerson.values()];
  }

  /** Every delivery record of an issue: sends, reminders, updates and deletes. */
  deliveryRecords(issue: Issue): Promise<Delivery[]> {
    return this.s.queue.records(this.campaign.deliveryCampaign(issue));
  }

  /** The roster entry for a person id, for naming someone who answered on a channel post. */
  person(personId: string): { name: string; organisation: string } | undefined {
    return this.s.people.person(personId);
  }

  async acknowledgements(issueId: string): Promise<Acknowledgement[]> {
    return (await this.answers(issueId)).values();
  }

  async acknowledgementOf(issueId: string, personId: string): Promise<Acknowledgement | undefined> {
    return (await this.answers(issueId)).get(personId);
  }

  /**
   * The person behind a Teams user: their roster email, or the email their install reported; for
   * someone pressing a channel post who never installed the app, the roster entry with their Entra
   * id, or with the email Teams gave for them.
   */
  personIdFor(who: Presser): string | undefined {
    const p = typeof who === 'string' ? { teamsUserId: who } : who;
    return this.s.people.emailFor(p.teamsUserId) ?? (p.aadObjectId ? this.s.people.personWithAadObjectId(p.aadObjectId)?.id : undefined) ?? (p.email ? this.s.people.person(p.email)?.id : undefined);
  }

  /**
   * Refuses anyone the issue was not sent to and who is not in its audience now. A press on a
   * channel post counts for the person who pressed, if the issue was posted to that channel and we
   * know who they are (on the roster, or has the app): a channel post is one message, but answers are per person.
   */
  async assertRecipient(who: Presser, issueId: unknown): Promise<{ issue: Issue; personId: string }> {
    const issue = this.issue(issueId);
    const channelId = typeof who === 'string' ? undefined : who.channelId;
    const postedHere = !!channelId && issue.audience.some((a) => a.kind === 'channel' && a.channelId === channelId);
    const personId = this.personIdFor(who);
    if (postedHere && issue.sentAt && !personId) throw new UserFacingError(NOT_KNOWN_IN_CHANNEL, 'forbidden');
    if (!personId || !issue.sentAt) throw new UserFacingError(NOT_SENT_TO_YOU, 'forbidden');
    if (postedHere || inAudience(this.s.people, issue.audience, personId)) return { issue, personId };
    const sent = (await this.s.queue.records(this.campaign.deliveryCampaign(issue))).some((d) => d.personId === personId && d.kind === KINDS.issue);
    if (!sent) throw new UserFacingError(NOT_SENT_TO_YOU, 'forbidden');
    return { issue, personId };
  }

  /** "Read it", "Cascaded: Yes" or "Not yet". Answering cascaded also marks it read. Pressing again changes nothing. */
  acknowledge(who: Presser, issueId: unknown, what: unknown): Promise<{ issue: Issue; ack: Acknowledgement }> {
    return this.serially(async () => {
      const { issue, personId } = await this.assertRecipient(who, issueId);
      if (issue.recalledAt) throw new UserFacingError(WITHDRAWN, 'closed');
      const wanted = what === 'read' || what === 'yes' || what === 'not-yet' ? what : undefined;
      if (!wanted || issue.ask === 'none' || issue.ask === 'form' || (wanted !== 'read' && issue.ask !== 'read-cascade')) throw new UserFacingError('This card is out of date. Open the issue again from Newsletters in the menu.', 'invalid');
      const acks = await this.answers(issue.id);
      const had = acks.get(personId) ?? { id: personId };
      const now = this.now();
      const ack: Acknowledgement = { ...had, readAt: had.readAt ?? now, ...(wanted !== 'read' && had.cascade !== wanted ? { cascade: wanted, cascadeAt: now } : {}) };
      if (JSON.stringify(ack) !== JSON.stringify(had)) await acks.put(ack);
      return { issue, ack };
    });
  }

  /** The latest issue that went out (not recalled) to an audience the person is in now. */
  latestFor(personId: string): Issue | undefined {
    return this.forPerson(personId)[0];
  }

  /** Issues that went out to audiences the person is in now, newest first. */
  forPerson(personId: string): Issue[] {
    return this.issues
      .values()
      .filter((i) => i.sentAt && !i.recalledAt && inAudience(this.s.people, i.audience, personId))
      .sort((a, b) => b.sentAt!.localeCompare(a.sentAt!));
  }

  form(issue: Pick<IssueContent, 'formId'>): FormDefinition | undefined {
    return issue.formId ? this.s.config.partnership.forms[issue.formId] : undefined;
  }
}
