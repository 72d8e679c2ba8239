import { ConfigurationServiceClientCredentialFactory, type Activity, type ConfigurationBotFrameworkAuthenticationOptions, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult, ServiceClientCredentialsFactory } from 'botframework-connector';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { BotAuthConfig } from '../services/config.js';
import { SingleAttemptConnectorFactory } from './single-attempt-connector.js';

/**
 * botbuilder drops every public-cloud default as soon as one endpoint is overridden, so a
 * custom OpenID metadata URL (tests, sovereign clouds) must come with the whole set.
 */
function endpoints(auth: BotAuthConfig): Partial<ConfigurationBotFrameworkAuthenticationOptions> {
  if (!auth.openIdMetadataUrl) return {};
  return {
    ToBotFromChannelOpenIdMetadataUrl: auth.openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: auth.openIdMetadataUrl,
    ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    OAuthUrl: 'https://api.botframework.com',
    CallerId: 'urn:botframework:azure',
  };
}

/**
 * The adapter with its two halves reachable separately. CloudAdapter.process checks the token and
 * runs the turn in one call, and answers any failure itself: 500 with the library's own error text
 * for a bad signature or an unreachable key endpoint, after console.error. Splitting them lets the
 * edge (bot/inbound-auth.ts) decide what a refused or uncheckable token is answered with.
 */
export class EdgeAdapter extends TeamsAdapter {
  constructor(
    options: ConfigurationBotFrameworkAuthenticationOptions,
    credentials: ServiceClientCredentialsFactory,
    /** False in local mode (no MicrosoftAppId): no tokens are checked or sent. */
    readonly requiresTokens: boolean,
  ) {
    super(options, credentials);
    // Proactive turns (continueConversationAsync, createConversationAsync) are the only callers
    // of createConnectorFactory; inbound turns get theirs from authenticateRequest. So proactive
    // sends, which the delivery queue paces and retries, make one request per attempt, and
    // replies inside a user's own turn keep botbuilder's retries.
    const auth = this.botFrameworkAuthentication;
    const proactive = auth.createConnectorFactory.bind(auth);
    auth.createConnectorFactory = (identity) => new SingleAttemptConnectorFactory(proactive(identity));
  }

  /** Checks the Authorization header against the activity; throws what botbuilder throws. */
  authenticate(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
  }

  /** Runs the turn for an activity whose token was accepted; resolves to the invoke response, if any. */
  runTurn(auth: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}

/** The Bot Framework adapter. With no MicrosoftAppId it runs in local mode: no tokens either way. */
export function createAdapter(auth: BotAuthConfig | undefined, credentialsFactory?: ServiceClientCredentialsFactory): EdgeAdapter {
  const secret = auth?.appPassword;
  const options: ConfigurationBotFrameworkAuthenticationOptions = auth
    ? {
        MicrosoftAppId: auth.appId,
        MicrosoftAppPassword: secret,
        MicrosoftAppType: auth.appType,
        MicrosoftAppTenantId: auth.appTenantId,
        ...endpoints(auth),
      }
    : {};
  const credentials =
    credentialsFactory ??
    new ConfigurationServiceClientCredentialFactory({
      MicrosoftAppId: auth?.appId,
      MicrosoftAppPassword: secret,
      MicrosoftAppType: auth?.appType,
      MicrosoftAppTenantId: auth?.appTenantId,
    });
  return new EdgeAdapter(options, credentials, !!auth);
}
