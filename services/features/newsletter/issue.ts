import type { CampaignRecord } from '../../campaigns/campaigns.js';
import type { Answers } from '../../forms/answers.js';

/** How many sections the compose card offers: a fixed number keeps the card simple enough for Teams. */
export const SECTION_SLOTS = 4;
/** Link buttons under an issue. */
export const LINK_SLOTS = 3;

export const LIMITS = {
  title: 120,
  summary: 400,
  heading: 120,
  text: 3500,
  linkTitle: 40,
  url: 2000,
} as const;

/** What recipients are asked: nothing, "Read it", "Read it" and whether they cascaded it, or a form. */
export type AskKind = 'none' | 'read' | 'read-cascade' | 'form';
export const ASK_KINDS: readonly AskKind[] = ['none', 'read', 'read-cascade', 'form'];

/**
 * Who an issue goes to: a configured group, everyone who has the app, or a Teams channel of a
 * team the app was added to. Groups and "everyone" are people, each sent one card in their chat;
 * a channel is one post in that channel, which everyone in the team sees and may answer.
 */
export type AudienceTarget = { kind: 'group'; groupId: string } | { kind: 'everyone' } | { kind: 'channel'; teamId: string; channelId: string };

/**
 * Who pressed a button on an issue: their Teams user id, and for a press on a channel post, their
 * Entra object id and the channel it was pressed in (from the activity, never the card), and the
 * email Teams gives for them (from the connector's member look-up), to find them on the roster.
 */
export type Presser = string | { teamsUserId: string; aadObjectId?: string; channelId?: string; email?: string };

export interface IssueSection {
  heading: string;
  /** Teams' markdown (bold, italics, lists, links). */
  text: string;
  linkUrl?: string;
}

export interface IssueLink {
  title: string;
  url: string;
}

/** What the business unit composes: everything on the compose card. */
export interface IssueContent {
  title: string;
  summary: string;
  sections: IssueSection[];
  imageUrl?: string;
  links: IssueLink[];
  audience: AudienceTarget[];
  ask: AskKind;
  /** For ask 'form': a form under "forms" that newsletters may carry (config newsletter.formIds). */
  formId?: string;
}

/**
 * A draft, a scheduled issue, or one that went out. The campaign engine's statuses: 'scheduled'
 * with no `sendAt` is a draft (it never opens by itself); 'open' went out; 'closed' was recalled
 * or is past the late-joiner window.
 */
export interface Issue extends CampaignRecord, IssueContent {
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** UTC; set while scheduled. */
  sendAt?: string;
  sentAt?: string;
  /** Bumped by every edit after sending, so each round of card updates has its own delivery ids. */
  version: number;
  editedAt?: string;
  recalledAt?: string;
  /** When the business unit asked for the one reminder to those who have not acknowledged. */
  remindAt?: string;
  /** Each press of "Resend to those it failed for", so every round has its own delivery ids. */
  resends: string[];
  /**
   * Everything typed on the compose card when a press was refused (an http image, text over a
   * limit): kept so nothing typed is lost, and shown again until a save succeeds and clears it.
   * The issue's content above is the last version that passed the checks.
   */
  typed?: Record<string, string>;
  /** Who changed what, when: sent, edited, recalled, reminded, resent, and who put a preview in their chat (ids of business unit staff). */
  history: Array<{ at: string; by: string; what: 'scheduled' | 'unscheduled' | 'previewed' | 'sent' | 'edited' | 'recalled' | 'reminded' | 'resent' }>;
}

export type IssueStage = 'draft' | 'scheduled' | 'sent' | 'recalled';

export function stageOf(i: Issue): IssueStage {
  if (i.recalledAt) return 'recalled';
  if (i.sentAt) return 'sent';
  return i.sendAt ? 'scheduled' : 'draft';
}

/** A person's answer to an issue, on their own card. */
export interface Acknowledgement {
  /** The person (email). */
  id: string;
  readAt?: string;
  cascade?: 'yes' | 'not-yet';
  cascadeAt?: string;
  /** A carried form's answers while the person moves between its sections, before they submit. */
  draft?: Answers;
  /** A carried form's answers once submitted. */
  answers?: Answers;
  answeredAt?: string;
}
