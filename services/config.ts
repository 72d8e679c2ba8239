import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from './config-error.js';
import { configErrorFrom } from './config-issues.js';
import { CONFIG_MESSAGES } from './config-messages.js';
import { PartnershipConfigSchema, type PartnershipConfig } from './config-schema.js';
import { listenHost } from './listen-host.js';
import { meetingInvitationsConfig, type MeetingInvitationsConfig } from './meeting-invitations-config.js';

export { ConfigError } from './config-error.js';
export type { GroupConfig, GroupKind, PartnershipConfig, ReminderRule, RetentionConfig } from './config-schema.js';
export { RETENTION_DEFAULTS } from './config-schema.js';

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
  /** SHAREPOINT_SITE_ID: the SharePoint replica runs only with it; Entra groups and Teams meetings need only the sign-in. */
  siteId?: string;
  /** GRAPH_ENDPOINT without a trailing slash, e.g. https://graph.microsoft.com (national clouds have their own). */
  endpoint: string;
  /** GRAPH_AUTHORITY_HOST: where the app signs in, e.g. https://login.microsoftonline.com. */
  authorityHost: string;
}

/** Installing the Teams app through Graph for people in an audience who never opened it (off unless GRAPH_INSTALL_APP=on). */
export interface AppInstallConfig {
  /** The Teams app's id in the organisation's app catalog (not the manifest id). */
  catalogId: string;
  /** Install requests a second, at most, across the whole bot. */
  perSecond: number;
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
  appInstall?: AppInstallConfig;
  /** MEETINGS_MAILBOX and MEETINGS_ORGANISER_ID: Teams meetings with Outlook invitations, and their attendance. Off when absent. */
  meetingInvitations?: MeetingInvitationsConfig;
  sending: SendingConfig;
  schedulerIntervalMs: number;
  /** Where people's browsers reach this bot, for download links in cards. */
  publicBaseUrl: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** The SharePoint replica's pacing (used only when Graph settings are given). */
  replica: { resourceUnitsPerMinute: number };
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
    throw new ConfigError(key, `"${raw}" must be a number above 0 and at most ${max}. Remove it to use the default (${fallback}).`);
  }
  return n;
}

/** A count that only makes sense whole (installations a second): "2.5" is refused, not rounded. */
function wholeNumber(env: Env, key: string, fallback: number, max: number): number {
  const raw = env[key]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new ConfigError(key, `"${raw}" must be a whole number from 1 to ${max}. Remove it to use the default (${fallback}).`);
  }
  return n;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError('PARTNERSHIP_CONFIG', CONFIG_MESSAGES.cannotRead(file));
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError('PARTNERSHIP_CONFIG', CONFIG_MESSAGES.notJson(file, (e as Error).message));
  }
}

/** Reads every setting once, validates it, and fails with a message naming the key and the fix. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const portRaw = env.PORT?.trim();
  const port = portRaw ? Number(portRaw) : 3978;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('PORT', `"${portRaw}" is not a port number (0 to 65535; 0 picks a free one).`);
  const dataDir = path.resolve(cwd, env.DATA_DIR?.trim() || './data');
  const partnershipConfigPath = path.resolve(cwd, env.PARTNERSHIP_CONFIG?.trim() || 'config/norfolk.json');
  const partnership = validatePartnershipConfig(readJson(partnershipConfigPath), shownPath(cwd, partnershipConfigPath));

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

  const graph = graphSignIn(env);

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
    appInstall: appInstall(env, graph),
    meetingInvitations: meetingInvitationsConfig(env, !!graph),
    sending: {
      maxPerSecond: positiveNumber(env, 'SEND_MAX_PER_SECOND', 50, 1000),
      maxPerConversationPerSecond: positiveNumber(env, 'SEND_MAX_PER_CONVERSATION_PER_SECOND', 7, 100),
      maxAttempts: positiveNumber(env, 'SEND_MAX_ATTEMPTS', 6, 50),
    },
    schedulerIntervalMs: positiveNumber(env, 'SCHEDULER_INTERVAL_SECONDS', 60, 86400) * 1000,
    publicBaseUrl: publicBaseUrl(env, port),
    logLevel,
    replica: { resourceUnitsPerMinute: positiveNumber(env, 'SHAREPOINT_RESOURCE_UNITS_PER_MINUTE', 1200, 1_000_000) },
  };
}

/**
 * The Graph sign-in settings are one block (tenant, client, secret or certificate, endpoint,
 * authority host); SHAREPOINT_SITE_ID is optional on top, so a tenant that wants only Entra
 * groups or Teams meetings need not invent a site.
 */
function graphSignIn(env: Env): GraphConfig | undefined {
  const signInKeys = ['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET', 'GRAPH_CERTIFICATE_PATH', 'GRAPH_ENDPOINT', 'GRAPH_AUTHORITY_HOST'] as const;
  const siteId = env.SHAREPOINT_SITE_ID?.trim() || undefined;
  const given = signInKeys.filter((k) => env[k]?.trim());
  if (given.length === 0 && !siteId) return undefined;
  const missing: string[] = [];
  if (!env.GRAPH_TENANT_ID?.trim()) missing.push('GRAPH_TENANT_ID');
  if (!env.GRAPH_CLIENT_ID?.trim()) missing.push('GRAPH_CLIENT_ID');
  if (!env.GRAPH_CLIENT_SECRET?.trim() && !env.GRAPH_CERTIFICATE_PATH?.trim()) missing.push('GRAPH_CLIENT_SECRET (or GRAPH_CERTIFICATE_PATH)');
  if (missing.length > 0) {
    const because = given.length === 0 ? 'SHAREPOINT_SITE_ID is set, but the bot cannot sign in to Microsoft Graph without' : `Microsoft Graph sign-in (${given.join(', ')} given) also needs`;
    throw new ConfigError(missing[0].split(' ')[0], `is missing: ${because} ${missing.join(', ')}. Set ${missing.length === 1 ? 'it' : 'them'} (README, "Microsoft 365"), or remove the Graph settings.`);
  }
  return {
    tenantId: env.GRAPH_TENANT_ID!.trim(),
    clientId: env.GRAPH_CLIENT_ID!.trim(),
    clientSecret: env.GRAPH_CLIENT_SECRET?.trim() || undefined,
    certificatePath: env.GRAPH_CERTIFICATE_PATH?.trim() || undefined,
    siteId,
    endpoint: httpsOrigin(env, 'GRAPH_ENDPOINT', 'https://graph.microsoft.com'),
    authorityHost: httpsOrigin(env, 'GRAPH_AUTHORITY_HOST', 'https://login.microsoftonline.com'),
  };
}

function appInstall(env: Env, graph: GraphConfig | undefined): AppInstallConfig | undefined {
  const raw = env.GRAPH_INSTALL_APP?.trim().toLowerCase();
  if (!raw || raw === 'off') return undefined;
  if (raw !== 'on') throw new ConfigError('GRAPH_INSTALL_APP', `"${env.GRAPH_INSTALL_APP!.trim()}" is not on or off. Write on to install the app for people who never opened it, or remove it.`);
  if (!graph) throw new ConfigError('GRAPH_INSTALL_APP', 'is on, but Microsoft Graph is not set up. Set GRAPH_TENANT_ID, GRAPH_CLIENT_ID and a secret or certificate too, or turn it off.');
  const catalogId = env.TEAMS_APP_CATALOG_ID?.trim() ?? '';
  if (!GUID.test(catalogId)) {
    throw new ConfigError('TEAMS_APP_CATALOG_ID', `${catalogId ? `"${catalogId}" is not a GUID` : 'is required when GRAPH_INSTALL_APP is on'}. Give the app's id in your organisation's app catalog (Teams admin centre: Teams apps, Manage apps, the app, App ID).`);
  }
  return { catalogId: catalogId.toLowerCase(), perSecond: wholeNumber(env, 'GRAPH_INSTALLS_PER_SECOND', 5, 50) };
}

/**
 * A Graph or sign-in address: https only, because the Graph client attaches the bearer token
 * only to https hosts (and a token must never travel in the clear), so a plain-http address
 * would fail later with a puzzling 401 instead of here.
 */
function httpsOrigin(env: Env, key: string, fallback: string): string {
  const raw = env[key]?.trim();
  if (!raw) return fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(key, `"${raw}" is not a URL. Give an https:// address such as ${fallback}, or remove it to use that default.`);
  }
  if (url.protocol !== 'https:') {
    throw new ConfigError(key, `"${raw}" must start with https://: Graph sign-in tokens are only sent over https. Use ${fallback}, or your national cloud's https address.`);
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new ConfigError(key, `"${raw}" must be just the scheme and host, like ${fallback}, with no path.`);
  }
  return url.origin;
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

/** The config file as the operator would type it: relative to where the bot was started, if it is under it. */
function shownPath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : file;
}

/**
 * Checks a partnership config file against its schema (config-schema.ts) and applies the
 * defaults. `source` names the file in messages: `config/norfolk.json section11.reminderAt: …`.
 */
export function validatePartnershipConfig(raw: unknown, source = 'PARTNERSHIP_CONFIG'): PartnershipConfig {
  const parsed = PartnershipConfigSchema.safeParse(raw);
  if (!parsed.success) throw configErrorFrom(parsed.error, source, raw);
  return parsed.data;
}
