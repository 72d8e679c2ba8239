import type { Activity } from 'botbuilder';
import type { AuthenticateRequestResult } from 'botframework-connector';
import type { Response } from 'restify';
import type { Logger } from '../services/logger.js';
import type { EdgeAdapter } from './adapter.js';
import { captureConsoleErrors } from './console-capture.js';

/** Why a token was not accepted, as a stable code an operator can search the log for. */
export type RefusalReason =
  | 'no_token'
  | 'expired'
  | 'not_yet_valid'
  | 'bad_signature'
  | 'unknown_key'
  | 'key_not_endorsed'
  | 'wrong_audience'
  | 'service_url_mismatch'
  | 'invalid_token'
  | 'refused';

export type Refusal =
  | { status: 401; reason: RefusalReason; detail: string }
  /** The token could not be checked at all: the signing keys could not be fetched. */
  | { status: 503; reason: 'keys_unreachable' | 'keys_timeout'; detail: string };

export type InboundAuth = { accepted: true; result: AuthenticateRequestResult } | ({ accepted: false } & Refusal);

/** Teams retries a 503; ten seconds gives a blip in the key endpoint time to pass. */
export const RETRY_AFTER_SECONDS = 10;
/** The key endpoint is the only slow part of a check; Teams itself gives up after about 15 s. */
export const DEFAULT_AUTH_TIMEOUT_MS = 10_000;

// botbuilder (4.23) words these refusals only in its messages; anything unmatched is 'refused'.
const MESSAGE_REASONS: Array<[RegExp, RefusalReason]> = [
  [/token has expired/i, 'expired'],
  [/Invalid AppId passed on token/i, 'wrong_audience'],
  [/ServiceUrl claim do not match/i, 'service_url_mismatch'],
  [/Signing Key could not be retrieved/i, 'unknown_key'],
  [/endorsement/i, 'key_not_endorsed'],
  // Not a Bearer JWT, or issued by someone other than the Bot Framework.
  [/No valid identity/i, 'invalid_token'],
];

// Network failures, whether thrown by node-fetch (err.code) or by undici's fetch (err.cause.code).
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

function isNetworkFailure(e: { code?: unknown; cause?: unknown }): boolean {
  const code = e.code ?? (e.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && (NETWORK_CODES.has(code) || code.startsWith('UND_ERR_'));
}

/** Sorts what botbuilder threw while checking a token into "refuse it" (401) or "cannot check now" (503). */
export function classifyAuthFailure(e: unknown, hadToken: boolean): Refusal {
  const err = (e && typeof e === 'object' ? e : {}) as { name?: unknown; message?: unknown; statusCode?: unknown; code?: unknown; cause?: unknown };
  const name = typeof err.name === 'string' ? err.name : '';
  const detail = (typeof err.message === 'string' ? err.message : String(e)).slice(0, 200);
  // node-fetch (botbuilder's OpenIdMetadata) fails with FetchError for refused or reset connections,
  // DNS failures and key documents that are not JSON; a bad HTTP status becomes statusCode 500.
  if (name === 'FetchError' || isNetworkFailure(err)) return { status: 503, reason: 'keys_unreachable', detail };
  if (typeof err.statusCode === 'number' && err.statusCode >= 500) return { status: 503, reason: 'keys_unreachable', detail };
  if (!hadToken) return { status: 401, reason: 'no_token', detail };
  // jsonwebtoken's own errors reach us unwrapped, apart from TokenExpiredError.
  if (name === 'TokenExpiredError') return { status: 401, reason: 'expired', detail };
  if (name === 'NotBeforeError') return { status: 401, reason: 'not_yet_valid', detail };
  if (name === 'JsonWebTokenError') return { status: 401, reason: detail === 'invalid signature' ? 'bad_signature' : 'invalid_token', detail };
  const matched = MESSAGE_REASONS.find(([re]) => re.test(detail));
  return { status: 401, reason: matched ? matched[1] : 'refused', detail };
}

/**
 * Checks the request's token with botbuilder's own validator. Never throws: every failure comes
 * back as a refusal, and a key endpoint that does not answer within `timeoutMs` counts as down.
 */
export async function authenticateInbound(adapter: EdgeAdapter, activity: Activity, authHeader: string, timeoutMs = DEFAULT_AUTH_TIMEOUT_MS): Promise<InboundAuth> {
  // What botbuilder prints repeats the error it throws (or dumps public keys): the one log line
  // written by `refuse` carries the error instead.
  const dropped = () => undefined;
  const check = captureConsoleErrors(() => adapter.authenticate(activity, authHeader), dropped).then(
    (result): InboundAuth => ({ accepted: true, result }),
    (e): InboundAuth => ({ accepted: false, ...classifyAuthFailure(e, !!authHeader.trim()) }),
  );
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<InboundAuth>((resolve) => {
    timer = setTimeout(() => resolve({ accepted: false, status: 503, reason: 'keys_timeout', detail: `token check took longer than ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([check, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** Answers a refused request: a neutral body (no library text), one log line, nothing else. */
export function refuse(res: Response, log: Logger, refusal: Refusal): void {
  if (refusal.status === 503) {
    log.error('http.auth_unavailable', { reason: refusal.reason, detail: refusal.detail });
    res.header('Retry-After', String(RETRY_AFTER_SECONDS));
    res.send(503, { error: 'The bot cannot check sign-in tokens just now. Try again shortly.' });
    return;
  }
  log.warn('http.auth_refused', { reason: refusal.reason, detail: refusal.detail });
  res.header('WWW-Authenticate', 'Bearer');
  res.send(401, { error: 'This request is not authorised.' });
}
