/**
 * What the edge checks in an activity before anything trusts it. Handlers and services read these
 * fields as the Bot Framework types say they are (strings); a number or an object in their place
 * used to fail deep inside a turn, or get stored. Messages name the field and never echo its value
 * (it may be anything a caller typed, and the message is logged).
 */

type Kind = 'string' | 'object' | 'accounts' | 'serviceUrl';
interface Rule {
  field: string;
  kind: Kind;
  required?: boolean;
}

// Parents come before their children, so a child is only looked at inside an object. A missing
// parent is reported through its required child ("no from.id"), which says what to add.
const RULES: Rule[] = [
  { field: 'type', kind: 'string', required: true },
  { field: 'serviceUrl', kind: 'serviceUrl', required: true },
  { field: 'id', kind: 'string' },
  { field: 'channelId', kind: 'string' },
  { field: 'conversation', kind: 'object' },
  { field: 'conversation.id', kind: 'string', required: true },
  { field: 'conversation.tenantId', kind: 'string' },
  { field: 'conversation.conversationType', kind: 'string' },
  { field: 'from', kind: 'object' },
  { field: 'from.id', kind: 'string', required: true },
  { field: 'from.aadObjectId', kind: 'string' },
  { field: 'from.name', kind: 'string' },
  { field: 'recipient', kind: 'object' },
  { field: 'recipient.id', kind: 'string', required: true },
  { field: 'channelData', kind: 'object' },
  { field: 'channelData.tenant', kind: 'object' },
  { field: 'channelData.tenant.id', kind: 'string' },
  { field: 'replyToId', kind: 'string' },
  { field: 'name', kind: 'string' },
  { field: 'action', kind: 'string' },
  { field: 'text', kind: 'string' },
  { field: 'membersAdded', kind: 'accounts' },
  { field: 'membersRemoved', kind: 'accounts' },
];

/** Teams ids are under 200 characters; this only stops a caller filling the store with one field. */
export const MAX_FIELD_LENGTH = 1000;
const UNBOUNDED = new Set(['text']); // the 1 MB body limit bounds it

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const absent = (v: unknown) => v === undefined || v === null;

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function at(body: Obj, field: string): unknown {
  return field.split('.').reduce<unknown>((o, k) => (isObject(o) ? o[k] : undefined), body);
}

function stringProblem(v: unknown, field: string, required: boolean): string | null {
  if (absent(v)) return required ? `The activity has no "${field}".` : null;
  if (typeof v !== 'string') return `"${field}" must be a string, not ${kindOf(v)}.`;
  if (required && !v.trim()) return `"${field}" is empty.`;
  if (!UNBOUNDED.has(field) && v.length > MAX_FIELD_LENGTH) return `"${field}" is longer than ${MAX_FIELD_LENGTH} characters.`;
  return null;
}

// membersAdded / membersRemoved: the install handler stores their ids, names and Entra ids.
function accountsProblem(v: unknown, field: string): string | null {
  if (absent(v)) return null;
  if (!Array.isArray(v)) return `"${field}" must be an array, not ${kindOf(v)}.`;
  for (const [i, m] of v.entries()) {
    if (!isObject(m)) return `"${field}[${i}]" must be an object, not ${kindOf(m)}.`;
    const problem =
      stringProblem(m.id, `${field}[${i}].id`, true) ?? stringProblem(m.aadObjectId, `${field}[${i}].aadObjectId`, false) ?? stringProblem(m.name, `${field}[${i}].name`, false);
    if (problem) return problem;
  }
  return null;
}

function ruleProblem(body: Obj, { field, kind, required = false }: Rule, opts: ActivityCheckOptions): string | null {
  const v = at(body, field);
  if (kind === 'serviceUrl') return serviceUrlProblem(v, opts.httpLoopbackServiceUrl);
  if (kind === 'string') return stringProblem(v, field, required);
  if (kind === 'accounts') return accountsProblem(v, field);
  if (absent(v)) return required ? `The activity has no "${field}".` : null;
  return isObject(v) ? null : `"${field}" must be an object, not ${kindOf(v)}.`;
}

/** 127.0.0.0/8, localhost and [::1]. WHATWG URL has already turned other IPv4 spellings into dotted form. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * Replies go to the activity's serviceUrl with the bot's own token, so it must be https. Plain
 * http is only for a connector on this machine (the playground, test fakes), and only where the
 * caller allows it: local mode, or tests that run a fake connector in authenticated mode.
 */
function serviceUrlProblem(v: unknown, httpLoopbackAllowed: boolean): string | null {
  const basic = stringProblem(v, 'serviceUrl', true);
  if (basic) return basic;
  let url: URL;
  try {
    url = new URL(v as string);
  } catch {
    return '"serviceUrl" is not a URL.';
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) {
    return httpLoopbackAllowed ? null : '"serviceUrl" must use https:// when MicrosoftAppId is set (plain http is only for a local connector in local mode).';
  }
  return '"serviceUrl" must use https:// (plain http only for a loopback host such as 127.0.0.1 in local mode).';
}

export interface ActivityCheckOptions {
  /** Accept http:// serviceUrls on loopback hosts. */
  httpLoopbackServiceUrl: boolean;
}

/** Why a body is not an activity we can process, naming the field to fix; null if it is fine. */
export function activityProblem(body: unknown, opts: ActivityCheckOptions): string | null {
  if (!isObject(body)) return 'The body must be a Bot Framework activity: a JSON object.';
  for (const rule of RULES) {
    const problem = ruleProblem(body, rule, opts);
    if (problem) return problem;
  }
  return null;
}
