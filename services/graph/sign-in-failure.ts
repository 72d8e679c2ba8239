import type { GraphConfig } from '../config.js';
import { GraphCertificateUntrusted, GraphSignInFailed, GraphUnreachable } from './graph-api.js';

/**
 * Microsoft Entra's error codes (AADSTS…) for an app signing in with its own secret or
 * certificate, each with the fix in the words of someone holding the Azure portal.
 */
const BY_CODE: { code: RegExp; fix: (cfg: GraphConfig) => string }[] = [
  {
    code: /AADSTS7000215\b/,
    fix: () => 'The client secret is wrong. In the Azure portal open the app registration, Certificates & secrets, and copy a secret\'s Value (not its Secret ID) into GRAPH_CLIENT_SECRET.',
  },
  {
    code: /AADSTS7000222\b/,
    fix: () => 'The client secret has expired. In the Azure portal open the app registration, Certificates & secrets, add a new client secret and put its Value in GRAPH_CLIENT_SECRET.',
  },
  {
    code: /AADSTS90002\b|AADSTS900023\b|invalid_tenant/,
    fix: (cfg) => `GRAPH_TENANT_ID "${cfg.tenantId}" is not a known tenant. Use the Directory (tenant) ID shown on the app registration's Overview page.`,
  },
  {
    code: /AADSTS700016\b/,
    fix: (cfg) => `GRAPH_CLIENT_ID "${cfg.clientId}" is not an app in tenant ${cfg.tenantId}. Use the Application (client) ID shown on the app registration's Overview page, and check GRAPH_TENANT_ID.`,
  },
  {
    code: /AADSTS700027\b|AADSTS700024\b/,
    fix: () => 'The certificate in GRAPH_CERTIFICATE_PATH is not one the app registration knows (or has expired). Upload its public part under Certificates & secrets, Certificates, or point GRAPH_CERTIFICATE_PATH at the one uploaded there.',
  },
];

/** Node's words and codes for a certificate it does not trust (self-signed, or by an authority it does not know). */
const UNTRUSTED = /self[- ]signed|unable to verify|unable to get (local )?issuer|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|CERT_UNTRUSTED/i;

/** A certificate Node refused, in an error or its cause (fetch puts the TLS error there), at the host of `url`. */
export function untrustedCertificate(e: unknown, url: string): GraphCertificateUntrusted | undefined {
  const cause = (e as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const text = [e instanceof Error ? e.message : '', code ?? '', typeof cause?.message === 'string' ? cause.message : ''].join(' ');
  const m = UNTRUSTED.exec(text);
  return m ? new GraphCertificateUntrusted(new URL(url).host, code ?? m[0]) : undefined;
}

const NETWORK = /ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|network_error|endpoints_resolution_error|socket hang up|self[- ]signed|UNABLE_TO_VERIFY|CERT_/i;

/**
 * What an error thrown while signing in means: GraphSignInFailed with the fix, GraphUnreachable
 * when the sign-in service never answered, or undefined when it is not a sign-in error at all.
 */
export function signInFailure(e: unknown, cfg: GraphConfig): GraphSignInFailed | GraphUnreachable | undefined {
  if (!(e instanceof Error)) return undefined;
  // The certificate file is read at the first sign-in: a missing or unreadable file surfaces here.
  const certificateUnusable = cfg.certificatePath && !cfg.clientSecret && !/AADSTS/.test(e.message) && (e.message.includes(cfg.certificatePath) || /PEM|private key|certificate/i.test(e.message));
  if (certificateUnusable) {
    return new GraphSignInFailed(
      `Signing in to Microsoft Graph failed: ${firstLine(e.message)}`,
      `GRAPH_CERTIFICATE_PATH "${cfg.certificatePath}" cannot be used. Point it at a PEM file holding both the private key and the certificate uploaded to the app registration.`,
    );
  }
  const identityError = ['AuthenticationError', 'CredentialUnavailableError', 'AuthenticationRequiredError', 'AggregateAuthenticationError'].includes(e.name);
  if (!identityError) return undefined;
  const text = `${e.message} ${JSON.stringify((e as { errorResponse?: unknown }).errorResponse ?? '')}`;
  for (const known of BY_CODE) {
    if (known.code.test(text)) return new GraphSignInFailed(`Signing in to Microsoft Graph failed: ${firstLine(e.message)}`, known.fix(cfg));
  }
  const certificate = untrustedCertificate(e, cfg.authorityHost);
  if (certificate) return certificate;
  if (NETWORK.test(text)) {
    return new GraphUnreachable(`Cannot reach the Microsoft sign-in service at ${cfg.authorityHost}: ${firstLine(e.message)}`);
  }
  return new GraphSignInFailed(
    `Signing in to Microsoft Graph failed: ${firstLine(e.message)}`,
    'Check GRAPH_TENANT_ID, GRAPH_CLIENT_ID and the secret or certificate against the app registration in the Azure portal.',
  );
}

function firstLine(s: string): string {
  return s.split(/\r?\n/)[0].slice(0, 300);
}

/**
 * MSAL says only "endpoints_resolution_error" when the sign-in service is out of reach, when its
 * certificate is not trusted, and when it does not know the tenant (outside the public cloud it
 * asks for the tenant's OpenID configuration first), with no cause attached. Asking for that
 * configuration once more tells them apart.
 */
export async function tenantOrUnreachable(cfg: GraphConfig, unreachable: GraphUnreachable): Promise<GraphSignInFailed | GraphUnreachable> {
  try {
    const res = await fetch(`${cfg.authorityHost}/${encodeURIComponent(cfg.tenantId)}/v2.0/.well-known/openid-configuration`, { signal: AbortSignal.timeout(10_000) });
    if (res.ok) return unreachable;
    const text = await res.text();
    const known = BY_CODE.find((k) => k.code.test(text));
    if (known) return new GraphSignInFailed(`Signing in to Microsoft Graph failed: ${firstLine(text)}`, known.fix(cfg));
    return new GraphSignInFailed(
      `Signing in to Microsoft Graph failed: ${cfg.authorityHost} answered ${res.status} for tenant ${cfg.tenantId}.`,
      `Check GRAPH_TENANT_ID (the Directory (tenant) ID on the app registration's Overview page) and GRAPH_AUTHORITY_HOST (${cfg.authorityHost}).`,
    );
  } catch (e) {
    return untrustedCertificate(e, cfg.authorityHost) ?? unreachable;
  }
}
