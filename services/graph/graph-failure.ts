import { GraphCertificateUntrusted, GraphSignInFailed, GraphUnreachable, type GraphResponse } from './graph-api.js';
import { withoutFullStop } from '../words.js';

export interface ExplainOptions {
  /** Whether whoever reads this is told the bot tries again by itself (not for a command that exits). */
  keepsTrying?: boolean;
}

/**
 * A failed Graph answer or error in plain words that name the fix, for the business unit's card
 * and the start-up log. Features add their own wording where they know more (which list, which
 * group); this is what holds for every request.
 */
export function explainGraphFailure(res: GraphResponse | Error, opts: ExplainOptions = {}): string {
  const keepsTrying = opts.keepsTrying ?? true;
  if (res instanceof GraphSignInFailed) return `The bot cannot sign in to Microsoft 365. ${res.fix}`;
  if (res instanceof GraphCertificateUntrusted) return res.fix;
  if (res instanceof GraphUnreachable) return `Microsoft Graph cannot be reached (${withoutFullStop(res.message)}). Check the server's internet access, and GRAPH_ENDPOINT and GRAPH_AUTHORITY_HOST if they are set${keepsTrying ? '; the bot keeps trying' : ''}.`;
  if (res instanceof Error) return `Microsoft Graph failed: ${res.message}`;
  const detail = withoutFullStop(graphMessage(res.body));
  const wait = res.retryAfterMs === undefined ? '' : ` Microsoft asked to wait ${Math.ceil(res.retryAfterMs / 1000)} seconds.`;
  switch (res.status) {
    case 401:
      return `${GRAPH_REFUSED_TOKEN}${keepsTrying ? ' The bot tries again by itself.' : ''}`;
    case 403:
      return 'The app has no access to the site: grant it the Microsoft Graph application permission Sites.Selected with admin consent, then give it write access to this one site (README, "SharePoint replica").';
    case 404:
      return `The site or list was not found${detail ? ` (${detail})` : ''}. Check SHAREPOINT_SITE_ID (README, "SharePoint replica", shows how to find it); a list deleted by hand is made again by npm run graph:provision.`;
    case 409:
      return `SharePoint refused a conflicting change${detail ? ` (${detail})` : ''}.`;
    case 429:
      return `Microsoft Graph is throttling the bot.${wait} It slows down and carries on by itself.`;
    case 503:
    case 502:
    case 504:
      return `Microsoft Graph is unavailable for now (${res.status}).${wait}${keepsTrying ? ' The bot keeps trying.' : ' Try again later.'}`;
    default:
      return `Microsoft Graph answered ${res.status}${detail ? `: ${detail}` : ''}.`;
  }
}

/** Graph refused a token the bot had just got afresh: the one wording for a 401, wherever it shows. */
export const GRAPH_REFUSED_TOKEN =
  'Microsoft Graph refused the bot\'s sign-in token, even one just got afresh. Check that GRAPH_TENANT_ID, GRAPH_CLIENT_ID and its secret or certificate are those of the app registration, and that GRAPH_AUTHORITY_HOST and GRAPH_ENDPOINT belong to the same cloud (or the same stand-in).';

function graphMessage(body: unknown): string {
  const error = (body as { error?: { message?: unknown } } | undefined)?.error;
  return typeof error?.message === 'string' ? error.message : '';
}
