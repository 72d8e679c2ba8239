import { GraphCertificateUntrusted, GraphSignInFailed, GraphUnreachable, type GraphResponse } from '../../graph/graph-api.js';
import { GRAPH_REFUSED_TOKEN } from '../../graph/graph-failure.js';
import { withoutFullStop } from '../../words.js';

/** Graph's error code and message from an answer's body, when it has them. */
export function graphError(res: GraphResponse): { code: string; message: string } {
  const err = (res.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return { code: typeof err?.code === 'string' ? err.code : '', message: typeof err?.message === 'string' ? err.message.slice(0, 200) : '' };
}

/** A failure that is not about the mailbox or a policy: sign-in, network, throttling, Graph's own faults. */
export function commonGraphFailure(failure: GraphResponse | Error): string | undefined {
  if (failure instanceof GraphSignInFailed) return failure.fix;
  if (failure instanceof GraphCertificateUntrusted) return failure.fix;
  if (failure instanceof GraphUnreachable) return 'Microsoft Graph could not be reached from the bot (network or DNS). Nothing was lost; try again when the connection is back.';
  if (failure instanceof Error) return `Microsoft Graph failed (${withoutFullStop(failure.message.slice(0, 120))}). Nothing was lost; try again.`;
  if (failure.status === 401) return GRAPH_REFUSED_TOKEN;
  if (failure.status === 429) return `Microsoft 365 is busy and asked the bot to wait${failure.retryAfterMs ? ` ${Math.ceil(failure.retryAfterMs / 1000)} seconds` : ''}. Try again in a few minutes.`;
  if (failure.status >= 500) return `Microsoft 365 had a fault (${failure.status}). Try again in a few minutes.`;
  return undefined;
}
