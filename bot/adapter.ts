import { ConfigurationServiceClientCredentialFactory, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { BotAuthConfig } from '../services/config.js';

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

/** The Bot Framework adapter. With no MicrosoftAppId it runs in local mode: no tokens either way. */
export function createAdapter(auth: BotAuthConfig | undefined, credentialsFactory?: ServiceClientCredentialsFactory): TeamsAdapter {
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
  return new TeamsAdapter(options, credentials);
}
