import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from './config-error.js';
import { validateFormDefinitions, type FormDefinition } from './forms/definition.js';
import { listenHost } from './listen-host.js';

export { ConfigError } from './config-error.js';

export type GroupKind = 'lscg' | 'audience';

export interface GroupConfig {
  id: string;
  name: string;
  kind: GroupKind;
}

export interface ReminderRule {
  id: string;
  daysBefore: number;
  /** Local wall-clock time in the partnership's time zone, HH:mm. */
  at: string;
}

export interface PartnershipConfig {
  partnership: { name: string; shortName: string; website?: string; timeZone: string };
  groups: GroupConfig[];
  meetings: {
    reminders: ReminderRule[];
    durationMinutes: number;
    maxAgendaItems: number;
    maxAgendaItemLength: number;
    maxVenueLength: number;
  };
  roster: { maxRows: number };
  forms: Record<string, FormDefinition>;
  section11: {
    /** Days before the deadline when leads of organisations that have not submitted are reminded. */
    reminderDaysBefore: number[];
    reminderAt: string;
    tracks: Array<{ id: string; name: string; formId: string }>;
  };
  jags: { feedbackFormId: string; sessionMinutes: number; feedbackDelayMinutes: number; reminderAfterDays: number; closeAfterDays: number };
}

export interface BotAuthConfig {
  appId: string;
  appPassword?: string;
  appTenantId?: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  /** Only for tests and sovereign clouds: where the channel's OpenID metadata lives. */
  openIdMetadataUrl?: string;
}

export interface GraphConfig {
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  certificatePath?: string;
  siteId: string;
}

export interface SendingConfig {
  maxPerSecond: number;
  maxPerConversationPerSecond: number;
  maxAttempts: number;
}

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  partnershipConfigPath: string;
  partnership: PartnershipConfig;
  /** The partnership's zone: meeting times are entered and shown in it. */
  timeZone: string;
  businessUnitIds: string[];
  /** Local mode with no BUSINESS_UNIT_IDS: everyone may administer, so a newcomer can try every card. */
  everyoneIsBusinessUnit: boolean;
  allowedTenantIds: string[];
  auth?: BotAuthConfig;
  graph?: GraphConfig;
  sending: SendingConfig;
  schedulerIntervalMs: number;
  /** Where people's browsers reach this bot, for download links in cards. */
  publicBaseUrl: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

type Env = Record<string, string | undefined>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function list(env: Env, key: string): string[] {
  const raw = env[key]?.trim();
  if (!raw) return [];
  const items = raw.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  for (const item of items) {
    if (!GUID.test(item)) {
      throw new ConfigError(key, `"${item}" is not a GUID. Give Entra ids like 00000000-0000-0000-0000-000000000000, separated by commas.`);
    }
  }
  return items;
}

function positiveNumber(env: Env, key: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[key]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > max) {
    throw new ConfigError(key, `"${raw}" is not a number between 0 and ${max}. Remove it to use the default (${fallback}).`);
  }
  return n;
}

function readJson(file: string, key: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(key, `cannot read ${file}. Point ${key} at a partnership config file such as config/norfolk.json.`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError(key, `${file} is not valid JSON (${(e as Error).message}). Fix the file or point ${key} elsewhere.`);
  }
}

/** Reads every setting once, validates it, and fails with a message naming the key and the fix. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const portRaw = env.PORT?.trim();
  const port = portRaw ? Number(portRaw) : 3978;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('PORT', `"${portRaw}" is not a port number (0 to 65535; 0 picks a free one).`);
  const dataDir = path.resolve(cwd, env.DATA_DIR?.trim() || './data');
  const partnershipConfigPath = path.resolve(cwd, env.PARTNERSHIP_CONFIG?.trim() || 'config/norfolk.json');
  const partnership = validatePartnershipConfig(readJson(partnershipConfigPath, 'PARTNERSHIP_CONFIG'));

  const appId = env.MicrosoftAppId?.trim();
  let auth: BotAuthConfig | undefined;
  if (appId) {
    const appType = (env.MicrosoftAppType?.trim() || 'MultiTenant') as BotAuthConfig['appType'];
    if (!['MultiTenant', 'SingleTenant', 'UserAssignedMSI'].includes(appType)) {
      throw new ConfigError('MicrosoftAppType', `"${appType}" is not one of MultiTenant, SingleTenant, UserAssignedMSI.`);
    }
    const appTenantId = env.MicrosoftAppTenantId?.trim() || undefined;
    if (appType !== 'MultiTenant' && !appTenantId) {
      throw new ConfigError('MicrosoftAppTenantId', `is required when MicrosoftAppType is ${appType}. Give the tenant id of the bot's app registration.`);
    }
    if (appType !== 'UserAssignedMSI' && !env.MicrosoftAppPassword?.trim()) {
      throw new ConfigError('MicrosoftAppPassword', 'is required when MicrosoftAppId is set. Give the client secret of the bot\'s app registration.');
    }
    auth = {
      appId,
      appPassword: env.MicrosoftAppPassword?.trim() || undefined,
      appTenantId,
      appType,
      openIdMetadataUrl: env.BOT_OPENID_METADATA_URL?.trim() || undefined,
    };
  }

  let graph: GraphConfig | undefined;
  const graphKeys = ['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', 'SHAREPOINT_SITE_ID'] as const;
  if (graphKeys.some((k) => env[k]?.trim())) {
    for (const k of graphKeys) {
      if (!env[k]?.trim()) throw new ConfigError(k, 'is required when any Graph setting is given. Set all of GRAPH_TENANT_ID, GRAPH_CLIENT_ID, SHAREPOINT_SITE_ID, or none.');
    }
    if (!env.GRAPH_CLIENT_SECRET?.trim() && !env.GRAPH_CERTIFICATE_PATH?.trim()) {
      throw new ConfigError('GRAPH_CLIENT_SECRET', 'or GRAPH_CERTIFICATE_PATH is required to reach Microsoft Graph.');
    }
    const graphSecret = env.GRAPH_CLIENT_SECRET?.trim() || undefined;
    graph = {
      tenantId: env.GRAPH_TENANT_ID!.trim(),
      clientId: env.GRAPH_CLIENT_ID!.trim(),
      clientSecret: graphSecret,
      certificatePath: env.GRAPH_CERTIFICATE_PATH?.trim() || undefined,
      siteId: env.SHAREPOINT_SITE_ID!.trim(),
    };
  }

  const businessUnitIds = list(env, 'BUSINESS_UNIT_IDS');
  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as AppConfig['logLevel'];
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `"${logLevel}" is not one of debug, info, warn, error.`);
  }

  return {
    port,
    host: listenHost(env, !auth),
    dataDir,
    partnershipConfigPath,
    partnership,
    timeZone: partnership.partnership.timeZone,
    businessUnitIds,
    everyoneIsBusinessUnit: !auth && businessUnitIds.length === 0,
    allowedTenantIds: list(env, 'ALLOWED_TENANT_IDS'),
    auth,
    graph,
    sending: {
      maxPerSecond: positiveNumber(env, 'SEND_MAX_PER_SECOND', 50, 1000),
      maxPerConversationPerSecond: positiveNumber(env, 'SEND_MAX_PER_CONVERSATION_PER_SECOND', 7, 100),
      maxAttempts: positiveNumber(env, 'SEND_MAX_ATTEMPTS', 5, 50),
    },
    schedulerIntervalMs: positiveNumber(env, 'SCHEDULER_INTERVAL_SECONDS', 60, 86400) * 1000,
    publicBaseUrl: publicBaseUrl(env, port),
    logLevel,
  };
}

function publicBaseUrl(env: Env, port: number): string {
  const raw = env.PUBLIC_BASE_URL?.trim();
  if (!raw) return `http://localhost:${port}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('PUBLIC_BASE_URL', `"${raw}" is not a URL. Give the https:// address people reach the bot at, e.g. https://engage.example.org.`);
  }
  if (url.protocol !== 'https:' && url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') {
    throw new ConfigError('PUBLIC_BASE_URL', 'must be https:// (downloads carry safeguarding data).');
  }
  return raw.replace(/\/+$/, '');
}

const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Checks a partnership config file; every message names the key and says what to write instead. */
export function validatePartnershipConfig(raw: unknown): PartnershipConfig {
  const key = 'PARTNERSHIP_CONFIG';
  const fail = (where: string, fix: string): never => {
    throw new ConfigError(`${key} ${where}`, fix);
  };
  if (!raw || typeof raw !== 'object') fail('(file)', 'must be a JSON object with partnership, groups and meetings.');
  const c = raw as Record<string, any>;
  const p = c.partnership ?? fail('partnership', 'is missing. Add { "name", "shortName", "timeZone" }.');
  if (typeof p.name !== 'string' || !p.name.trim()) fail('partnership.name', 'must be the partnership\'s full name.');
  if (typeof p.shortName !== 'string' || !p.shortName.trim()) fail('partnership.shortName', 'must be a short name such as "NSCP".');
  const timeZone = p.timeZone ?? 'Europe/London';
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
  } catch {
    fail('partnership.timeZone', `"${timeZone}" is not an IANA time zone. Use "Europe/London".`);
  }
  if (!Array.isArray(c.groups) || c.groups.length === 0) fail('groups', 'must list the groups, e.g. [{ "id": "lscg-south", "name": "LSCG South", "kind": "lscg" }].');
  const ids = new Set<string>();
  const names = new Set<string>();
  const groups: GroupConfig[] = c.groups.map((g: any, i: number) => {
    if (!g || typeof g.id !== 'string' || !ID.test(g.id)) fail(`groups[${i}].id`, 'must be lower-case letters, digits and dashes, e.g. "lscg-south".');
    if (typeof g.name !== 'string' || !g.name.trim() || g.name.length > 80) fail(`groups[${i}].name`, 'must be the name people know the group by (at most 80 characters).');
    if (g.kind !== 'lscg' && g.kind !== 'audience') fail(`groups[${i}].kind`, 'must be "lscg" (meets and gets reminders) or "audience".');
    if (ids.has(g.id)) fail(`groups[${i}].id`, `"${g.id}" is used twice. Give each group its own id.`);
    if (names.has(g.name.trim().toLowerCase())) fail(`groups[${i}].name`, `"${g.name}" is used twice. Give each group its own name.`);
    ids.add(g.id);
    names.add(g.name.trim().toLowerCase());
    return { id: g.id, name: g.name.trim(), kind: g.kind };
  });
  if (!groups.some((g) => g.kind === 'lscg')) fail('groups', 'must include at least one group of kind "lscg".');
  const m = c.meetings ?? fail('meetings', 'is missing. Add { "reminders": [...], "durationMinutes": 120, ... }.');
  if (!Array.isArray(m.reminders)) fail('meetings.reminders', 'must be a list such as [{ "id": "7-days", "daysBefore": 7, "at": "09:00" }].');
  const ruleIds = new Set<string>();
  const reminders: ReminderRule[] = m.reminders.map((r: any, i: number) => {
    if (!r || typeof r.id !== 'string' || !ID.test(r.id)) fail(`meetings.reminders[${i}].id`, 'must be lower-case letters, digits and dashes, e.g. "7-days".');
    if (ruleIds.has(r.id)) fail(`meetings.reminders[${i}].id`, `"${r.id}" is used twice.`);
    ruleIds.add(r.id);
    if (!Number.isInteger(r.daysBefore) || r.daysBefore < 0 || r.daysBefore > 60) fail(`meetings.reminders[${i}].daysBefore`, 'must be a whole number of days from 0 to 60.');
    if (typeof r.at !== 'string' || !HHMM.test(r.at)) fail(`meetings.reminders[${i}].at`, 'must be a 24-hour time such as "09:00".');
    return { id: r.id, daysBefore: r.daysBefore, at: r.at };
  });
  const int = (v: unknown, where: string, min: number, max: number, fallback: number): number => {
    if (v === undefined) return fallback;
    if (!Number.isInteger(v) || (v as number) < min || (v as number) > max) fail(where, `must be a whole number from ${min} to ${max}.`);
    return v as number;
  };
  const forms = validateFormDefinitions(c.forms ?? {});
  const formExists = (id: unknown, where: string): string => {
    if (typeof id !== 'string' || !forms[id]) fail(where, `names form "${String(id)}", which is not under "forms". Use one of: ${Object.keys(forms).join(', ') || '(none defined)'}.`);
    return id as string;
  };
  const s11 = c.section11 ?? {};
  if (s11.reminderDaysBefore !== undefined && (!Array.isArray(s11.reminderDaysBefore) || s11.reminderDaysBefore.some((d: unknown) => !Number.isInteger(d) || (d as number) < 0 || (d as number) > 120))) {
    fail('section11.reminderDaysBefore', 'must be a list of whole numbers of days from 0 to 120, e.g. [14, 7, 1].');
  }
  if (s11.reminderAt !== undefined && (typeof s11.reminderAt !== 'string' || !HHMM.test(s11.reminderAt))) fail('section11.reminderAt', 'must be a 24-hour time such as "09:00".');
  const tracks = (Array.isArray(s11.tracks) ? s11.tracks : []).map((t: any, i: number) => {
    if (!t || typeof t.id !== 'string' || !ID.test(t.id)) fail(`section11.tracks[${i}].id`, 'must be lower-case letters, digits and dashes, e.g. "partners".');
    if (typeof t.name !== 'string' || !t.name.trim()) fail(`section11.tracks[${i}].name`, 'must name the track, e.g. "Schools and early years".');
    return { id: t.id, name: t.name.trim(), formId: formExists(t.formId, `section11.tracks[${i}].formId`) };
  });
  const j = c.jags ?? {};
  const jagsFormId = j.feedbackFormId === undefined && !forms['jags-feedback'] ? '' : formExists(j.feedbackFormId ?? 'jags-feedback', 'jags.feedbackFormId');
  return {
    partnership: { name: p.name.trim(), shortName: p.shortName.trim(), website: typeof p.website === 'string' ? p.website : undefined, timeZone },
    groups,
    meetings: {
      // Latest first is the order the scheduler needs: the rule closest to the meeting wins.
      reminders: [...reminders].sort((a, b) => a.daysBefore - b.daysBefore || b.at.localeCompare(a.at)),
      durationMinutes: int(m.durationMinutes, 'meetings.durationMinutes', 15, 8 * 60, 120),
      maxAgendaItems: int(m.maxAgendaItems, 'meetings.maxAgendaItems', 1, 50, 15),
      maxAgendaItemLength: int(m.maxAgendaItemLength, 'meetings.maxAgendaItemLength', 20, 1000, 200),
      maxVenueLength: int(m.maxVenueLength, 'meetings.maxVenueLength', 20, 1000, 200),
    },
    roster: { maxRows: int(c.roster?.maxRows, 'roster.maxRows', 1, 100000, 2000) },
    forms,
    section11: {
      reminderDaysBefore: [...new Set<number>(s11.reminderDaysBefore ?? [14, 7, 1])].sort((a, b) => b - a),
      reminderAt: s11.reminderAt ?? '09:00',
      tracks,
    },
    jags: {
      feedbackFormId: jagsFormId,
      sessionMinutes: int(j.sessionMinutes, 'jags.sessionMinutes', 15, 8 * 60, 90),
      feedbackDelayMinutes: int(j.feedbackDelayMinutes, 'jags.feedbackDelayMinutes', 0, 7 * 24 * 60, 60),
      reminderAfterDays: int(j.reminderAfterDays, 'jags.reminderAfterDays', 1, 60, 3),
      closeAfterDays: int(j.closeAfterDays, 'jags.closeAfterDays', 1, 90, 14),
    },
  };
}
