import { ConfidentialClientApplication } from '@azure/msal-node';
import { MsalServiceClientCredentialsFactory } from 'botframework-connector';
import { startBotAuthStub, type BotAuthStub } from './bot-auth-stub.js';
import { startHarness, type Harness } from './bot-harness.js';
import { startFakeConnector, type FakeConnector } from './fake-connector.js';

export const TEST_APP_ID = '22222222-2222-4222-8222-222222222222';

/**
 * The bot with a MicrosoftAppId, as in production: inbound tokens checked against a local OpenID
 * stub, outbound tokens from the fake connector's token endpoint. `allowHttpLoopbackServiceUrl`
 * lets it answer the plain-http fake connector, which authenticated mode otherwise refuses.
 */
export async function startAuthenticatedHarness(opts: { allowHttpLoopbackServiceUrl: boolean }): Promise<{ h: Harness; fake: FakeConnector; stub: BotAuthStub; close: () => Promise<void> }> {
  const stub = await startBotAuthStub();
  const fake = await startFakeConnector({ requireAuth: true });
  const cca = new ConfidentialClientApplication(fake.msalConfiguration(TEST_APP_ID, 'test-secret'));
  const h = await startHarness({
    fake,
    env: { MicrosoftAppId: TEST_APP_ID, MicrosoftAppPassword: 'test-secret', BOT_OPENID_METADATA_URL: stub.openIdMetadataUrl },
    credentialsFactory: new MsalServiceClientCredentialsFactory(TEST_APP_ID, cca as never),
    ...(opts.allowHttpLoopbackServiceUrl ? { edge: { allowHttpLoopbackServiceUrl: true } } : {}),
  });
  return {
    h,
    fake,
    stub,
    close: async () => {
      await h.close();
      await fake.close();
      await stub.close();
    },
  };
}
