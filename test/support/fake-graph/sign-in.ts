import { randomUUID } from 'node:crypto';
import type { FakeAnswer, FakeGraphApp, FakeGraphFaults } from './server.js';

/**
 * The two things MSAL (inside @azure/identity) asks the sign-in service for when instance
 * discovery is off: the tenant's OpenID configuration, then a token by client credentials.
 * Errors carry Entra's own AADSTS codes and wording, which sign-in-failure.ts recognises.
 */

export interface SignInState {
  app: FakeGraphApp;
  faults: FakeGraphFaults;
  tokens: Set<string>;
  url: string;
}

function entraError(status: number, error: string, code: number, description: string): FakeAnswer {
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
      error_codes: [code],
      timestamp: new Date().toISOString(),
    },
  };
}

export function answerSignIn(state: SignInState, method: string, url: URL, text: string): FakeAnswer {
  const [, tenant, ...rest] = url.pathname.split('/');
  const tail = rest.join('/');
  const unknownTenant = () => entraError(400, 'invalid_tenant', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);

  if (method === 'GET' && tail === 'v2.0/.well-known/openid-configuration') {
    if (tenant !== state.app.tenantId) return unknownTenant();
    const base = `${state.url}/${tenant}`;
    return {
      status: 200,
      body: {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        issuer: `${base}/v2.0`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        tenant_region_scope: 'EU',
      },
    };
  }

  if (method === 'POST' && tail === 'oauth2/v2.0/token') {
    if (tenant !== state.app.tenantId) return unknownTenant();
    const form = new URLSearchParams(text);
    if (form.get('grant_type') !== 'client_credentials') return entraError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    if (form.get('client_id') !== state.app.clientId) {
      return entraError(400, 'unauthorized_client', 700016, `Application with identifier '${form.get('client_id')}' was not found in the directory '${tenant}'.`);
    }
    if (!/\/\.default$/.test(form.get('scope') ?? '')) return entraError(400, 'invalid_scope', 1002012, 'The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.');
    const secret = form.get('client_secret');
    const assertion = form.get('client_assertion');
    if (secret !== null) {
      if (secret !== state.app.clientSecret) {
        return entraError(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${state.app.clientId}'.`);
      }
      if (state.faults.secretExpired) {
        return entraError(401, 'invalid_client', 7000222, `The provided client secret keys for app '${state.app.clientId}' are expired. Visit the Azure portal to create new keys for your app.`);
      }
    } else if (!assertion || !assertionFrom(assertion, state.app.clientId)) {
      return entraError(401, 'invalid_client', 700027, 'Client assertion contains an invalid signature.');
    }
    const token = `fake-graph-token-${randomUUID()}`;
    state.tokens.add(token);
    return { status: 200, body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token } };
  }

  return { status: 404, body: { error: 'not_found', error_description: `The fake sign-in service has no ${method} ${url.pathname}.` } };
}

/** A certificate sign-in's JWT names the app as issuer and subject; the signature is not checked here. */
function assertionFrom(jwt: string, clientId: string): boolean {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
    return payload.iss === clientId && payload.sub === clientId;
  } catch {
    return false;
  }
}
