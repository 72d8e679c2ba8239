import { ConfigError } from './config-error.js';

export interface MeetingInvitationsConfig {
  /** The business unit's mailbox (its user principal name): the organiser of every Teams meeting the bot creates. */
  mailbox: string;
  /** That mailbox's Entra object id: Teams' online-meeting and attendance APIs take the id in the path. */
  organiserId: string;
}

type Env = Record<string, string | undefined>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UPN = /^[^\s@/\\'"]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

/** Off unless MEETINGS_MAILBOX is set; then it needs the organiser's id and the Graph sign-in settings. */
export function meetingInvitationsConfig(env: Env, graphConfigured: boolean): MeetingInvitationsConfig | undefined {
  const mailbox = env.MEETINGS_MAILBOX?.trim();
  const organiserId = env.MEETINGS_ORGANISER_ID?.trim();
  if (!mailbox) {
    if (organiserId) throw new ConfigError('MEETINGS_ORGANISER_ID', 'is set but MEETINGS_MAILBOX is not. Set MEETINGS_MAILBOX to the business unit mailbox the meetings are sent from, or remove MEETINGS_ORGANISER_ID.');
    return undefined;
  }
  if (!UPN.test(mailbox)) throw new ConfigError('MEETINGS_MAILBOX', `"${mailbox}" is not a mailbox address. Give the business unit mailbox's user principal name, e.g. lscg-meetings@norfolk.gov.uk.`);
  if (!organiserId) throw new ConfigError('MEETINGS_ORGANISER_ID', `is required when MEETINGS_MAILBOX is set: give the Entra object id of ${mailbox} (Entra admin centre → Users → the mailbox → Object ID).`);
  if (!GUID.test(organiserId)) throw new ConfigError('MEETINGS_ORGANISER_ID', `"${organiserId}" is not a GUID. Give the Entra object id of ${mailbox}, like 00000000-0000-0000-0000-000000000000.`);
  if (!graphConfigured) throw new ConfigError('MEETINGS_MAILBOX', 'needs the Microsoft Graph settings (GRAPH_TENANT_ID, GRAPH_CLIENT_ID, a secret or certificate): the bot creates the invitations through Graph. Set them, or remove MEETINGS_MAILBOX.');
  return { mailbox: mailbox.toLowerCase(), organiserId: organiserId.toLowerCase() };
}
