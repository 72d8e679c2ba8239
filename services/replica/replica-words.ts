import { count } from '../words.js';
import { zonedParts } from '../zoned-time.js';
import type { ReplicaStatus } from './replica.js';
import { GRAPH_REFUSED_TOKEN } from '../graph/graph-failure.js';

/** Graph's own message from an error body, when it gave one. */
function graphMessage(body: unknown): string | undefined {
  const m = (body as { error?: { message?: unknown } } | undefined)?.error?.message;
  return typeof m === 'string' && m.trim() ? m.trim() : undefined;
}

/** Why one list's rows could not be written, in words naming the fix. */
export function whyListFailed(displayName: string, status: number, body?: unknown): string {
  switch (status) {
    case 401:
      return GRAPH_REFUSED_TOKEN;
    case 403:
      return `the app has no access to the list "${displayName}". A Microsoft 365 admin must grant it write access to the SharePoint site (Sites.Selected, see the README).`;
    case 404:
      return `the list "${displayName}" is not in the SharePoint site (deleted by hand?). Run npm run graph:provision to create it again.`;
    default:
      return `SharePoint refused a row for the list "${displayName}" (${status}${graphMessage(body) ? `: ${graphMessage(body)}` : ''}). If a column was renamed or deleted by hand, run npm run graph:provision.`;
  }
}

/** The replica's state in one line for the business unit's menu. */
export function replicaLine(s: ReplicaStatus, now: Date, timeZone: string): string {
  switch (s.state) {
    case 'off':
      return 'SharePoint replica: off — set SHAREPOINT_SITE_ID to keep answers in SharePoint';
    case 'in step':
      return 'SharePoint replica: in step';
    case 'waiting':
      return `SharePoint replica: ${count(s.waiting, 'row')} waiting`;
    case 'failing': {
      const at = zonedParts(new Date(s.since), timeZone);
      const when = at.date === zonedParts(now, timeZone).date ? at.time : `${at.date} ${at.time}`;
      return `SharePoint replica: failing since ${when}: ${s.reason} (${count(s.waiting, 'row')} waiting, none lost)`;
    }
  }
}
