import { ConfigurationServiceClientCredentialFactory, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { AppConfig } from '../services/config.js';

/** The Bot Framework adapter. With no MicrosoftAppId it runs in local mode: no tokens either way. */
export function createAdapter(config: AppConfig): TeamsAdapter {
  const auth = config.auth;
  const options: ConfigurationBotFrameworkAuthenticationOptions = auth
    ? {
        MicrosoftAppId: auth.appId,
        MicrosoftAppPassword: auth.appPassword,
        MicrosoftAppType: auth.appType,
        MicrosoftAppTenantId: auth.appTenantId,
        ...(auth.openIdMetadataUrl ? { ToBotFromChannelOpenIdMetadataUrl: auth.openIdMetadataUrl } : {}),
      }
    : {};
  const credentials = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: auth?.appId,
    MicrosoftAppPassword: auth?.appPassword,
    MicrosoftAppType: auth?.appType,
    MicrosoftAppTenantId: auth?.appTenantId,
  });
  return new TeamsAdapter(options, credentials);
}
