/**
 * The fake Graph's calendar and Teams meeting endpoints, from Graph's documented shapes:
 * events in a mailbox (create, update, cancel), online meetings found by join link, their
 * attendance reports and records (paged). Faults: a mailbox that does not exist (404), the
 * calendar not granted or outside the Exchange access policy (403 ErrorAccessDenied), the Teams
 * application access policy missing (403), throttling (429), and "no report yet" until a time.
 */

import type { FakeAnswer, FakeGraph, FakeRequest, FakeRoute } from './server.js';

export type { FakeRoute } from './server.js';

export interface FakeEvent {
  id: string;
  mailbox: string;
  body: Record<string, any>;
  joinUrl: string;
  onlineMeetingId: string;
  transactionId?: string;
  cancelled?: { comment: string };
  /** Every PATCH body, in order. */
  patches: Array<Record<string, any>>;
}

export interface FakeAttendanceRecord {
  emailAddress?: string;
  identity?: { id?: string; displayName?: string };
  role?: string;
  totalAttendanceInSeconds: number;
}

export interface CalendarState {
  /** The fake's clock, for "report ready at". */
  now: () => number;
  /** Where nextLinks point: the fake Graph's https origin. */
  baseUrl: string;
  /** Mailboxes (user principal names) that exist; lower case. */
  mailboxes: Set<string>;
  /** Organiser object ids whose online meetings the app may read (the Teams application access policy); lower case. */
  policyFor: Set<string>;
  /** Mailbox → its Entra object id. */
  objectIds: Map<string, string>;
  /** The app lacks Calendars.ReadWrite, or the mailbox is outside the Exchange application access policy. */
  calendarDenied: boolean;
  /** The next n requests to this area answer 429. */
  throttleNext: number;
  pageSize: number;
  events: Map<string, FakeEvent>;
  reports: Map<string, { readyAt: number; start: string; end: string; records: FakeAttendanceRecord[] }>;
}

export function calendarState(opts: { mailbox: string; organiserId: string; now?: () => number; baseUrl?: string }): CalendarState {
  return {
    now: opts.now ?? (() => Date.now()),
    baseUrl: opts.baseUrl ?? 'https://127.0.0.1',
    mailboxes: new Set([opts.mailbox.toLowerCase()]),
    policyFor: new Set([opts.organiserId.toLowerCase()]),
    objectIds: new Map([[opts.mailbox.toLowerCase(), opts.organiserId.toLowerCase()]]),
    calendarDenied: false,
    throttleNext: 0,
    pageSize: 10,
    events: new Map(),
    reports: new Map(),
  };
}

/** Teams' attendance for the meeting behind `joinUrl`: no report until `readyAt`, then these records. */
export function setAttendance(state: CalendarState, joinUrl: string, report: { readyAt: number; start: string; end: string; records: FakeAttendanceRecord[] }): void {
  const ev = [...state.events.values()].find((e) => e.joinUrl === joinUrl);
  if (!ev) throw new Error(`no event with join link ${joinUrl}`);
  state.reports.set(ev.onlineMeetingId, report);
}

const err = (status: number, code: string, message: string): FakeAnswer => ({ status, body: { error: { code, message } } });

/** Graph's paths as the routes see them, with or without the /v1.0 root. */
const strip = (p: string) => decodeURIComponent(p.replace(/^\/v1\.0/, ''));

let seq = 0;

export function calendarRoutes(state: CalendarState): FakeRoute {
  return (req) => {
    const path = strip(req.path);
    const events = /^\/users\/([^/]+)\/events(?:\/([^/]+))?(\/cancel)?$/.exec(path);
    const meetings = /^\/users\/([^/]+)\/onlineMeetings(?:\/([^/]+)\/attendanceReports(?:\/([^/]+)\/attendanceRecords)?)?$/.exec(path);
    if (!events && !meetings) return undefined;
    if (state.throttleNext > 0) {
      state.throttleNext--;
      return { ...err(429, 'TooManyRequests', 'Too many requests'), headers: { 'Retry-After': '1' } };
    }
    if (events) return eventRoute(state, req, events[1].toLowerCase(), events[2], !!events[3]);
    return meetingRoute(state, req, meetings![1].toLowerCase(), meetings![2], meetings![3]);
  };
}

function eventRoute(state: CalendarState, req: FakeRequest, mailbox: string, id: string | undefined, cancel: boolean): FakeAnswer | undefined {
  if (!state.mailboxes.has(mailbox)) return err(404, 'ErrorInvalidUser', `The requested user '${mailbox}' is invalid.`);
  if (state.calendarDenied) return err(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
  if (!id && req.method === 'POST') {
    const b = req.body ?? {};
    if (!b.subject || !b.start?.dateTime || !b.start?.timeZone || !b.end?.dateTime || !Array.isArray(b.attendees)) return err(400, 'ErrorInvalidRequest', 'subject, start, end and attendees are required');
    if (b.attendees.some((a: any) => !a?.emailAddress?.address || !['required', 'optional', 'resource'].includes(a.type))) return err(400, 'ErrorInvalidRecipients', 'every attendee needs emailAddress.address and a type');
    const again = b.transactionId && [...state.events.values()].find((e) => e.transactionId === b.transactionId);
    if (again) return { status: 201, body: eventBody(again) };
    const n = ++seq;
    const ev: FakeEvent = {
      id: `AAMkAGI2TG93AAA${n}=`,
      mailbox,
      body: b,
      transactionId: b.transactionId,
      onlineMeetingId: `MSpkYzE3Njc0Yy04MWQ5LTRhZGItYmZi${n}`,
      joinUrl: b.isOnlineMeeting ? `https://teams.microsoft.com/l/meetup-join/19%3ameeting_fake${n}%40thread.v2/0?context=%7b%22Tid%22%3a%22fake%22%7d` : '',
      patches: [],
    };
    state.events.set(ev.id, ev);
    return { status: 201, body: eventBody(ev) };
  }
  const ev = id ? state.events.get(id) : undefined;
  if (!ev || ev.mailbox !== mailbox) return err(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
  if (cancel && req.method === 'POST') {
    ev.cancelled = { comment: String(req.body?.comment ?? '') };
    return { status: 202 };
  }
  if (!cancel && req.method === 'PATCH') {
    ev.patches.push(req.body ?? {});
    ev.body = { ...ev.body, ...req.body };
    return { status: 200, body: eventBody(ev) };
  }
  return err(405, 'ErrorInvalidRequest', 'method not allowed');
}

function eventBody(ev: FakeEvent) {
  return {
    '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${ev.mailbox}')/events/$entity`,
    id: ev.id,
    subject: ev.body.subject,
    start: ev.body.start,
    end: ev.body.end,
    attendees: (ev.body.attendees ?? []).map((a: any) => ({ ...a, status: { response: 'none', time: '0001-01-01T00:00:00Z' } })),
    isOnlineMeeting: !!ev.body.isOnlineMeeting,
    onlineMeetingProvider: ev.body.isOnlineMeeting ? 'teamsForBusiness' : 'unknown',
    onlineMeeting: ev.joinUrl ? { joinUrl: ev.joinUrl } : null,
    isCancelled: !!ev.cancelled,
  };
}

function meetingRoute(state: CalendarState, req: FakeRequest, organiser: string, meetingId: string | undefined, reportId: string | undefined): FakeAnswer | undefined {
  if (req.method !== 'GET') return err(405, 'BadRequest', 'method not allowed');
  const mailbox = [...state.objectIds].find(([, id]) => id === organiser)?.[0];
  if (!mailbox) return err(404, 'NotFound', 'The user was not found.');
  if (!state.policyFor.has(organiser)) return err(403, 'Forbidden', 'No application access policy found for this app.');
  if (!meetingId) {
    const m = /^JoinWebUrl eq '(.*)'$/.exec(req.query.get('$filter') ?? '');
    if (!m) return err(400, 'BadRequest', 'Filter by JoinWebUrl is required');
    const url = m[1].replace(/''/g, "'");
    const ev = [...state.events.values()].find((e) => e.mailbox === mailbox && e.joinUrl === url);
    return { status: 200, body: { value: ev ? [{ id: ev.onlineMeetingId, joinWebUrl: ev.joinUrl, subject: ev.body.subject }] : [] } };
  }
  const known = [...state.events.values()].some((e) => e.mailbox === mailbox && e.onlineMeetingId === meetingId);
  if (!known) return err(404, 'NotFound', 'The meeting was not found.');
  const report = state.reports.get(meetingId);
  const ready = report && state.now() >= report.readyAt;
  if (!reportId) {
    return { status: 200, body: { value: ready ? [{ id: `rpt-${meetingId}`, totalParticipantCount: report.records.length, meetingStartDateTime: report.start, meetingEndDateTime: report.end }] : [] } };
  }
  if (!ready || reportId !== `rpt-${meetingId}`) return err(404, 'NotFound', 'The report was not found.');
  const skip = Number(req.query.get('$skiptoken') ?? '0');
  const page = report.records.slice(skip, skip + state.pageSize);
  const next = skip + state.pageSize < report.records.length ? `${state.baseUrl}/v1.0/users/${organiser}/onlineMeetings/${meetingId}/attendanceReports/${reportId}/attendanceRecords?$skiptoken=${skip + state.pageSize}` : undefined;
  return { status: 200, body: { value: page.map((r) => ({ id: r.identity?.id ?? r.emailAddress, role: 'Attendee', attendanceIntervals: [], ...r })), ...(next ? { '@odata.nextLink': next } : {}) } };
}

/** Registers the calendar routes on a fake Graph (startFakeGraph's `routes.add`). */
export function addCalendarRoutes(fake: Pick<FakeGraph, 'url' | 'routes'>, state: CalendarState): CalendarState {
  state.baseUrl = fake.url;
  fake.routes.add('calendar', calendarRoutes(state));
  return state;
}
