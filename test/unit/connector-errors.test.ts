import assert from 'node:assert/strict';
import { classifyConnectorError } from '../../bot/teams-transport.js';
import { blockedByUser, messageWritesBlocked } from '../support/fake-connector.js';

/** A RestError as @azure/core-rest-pipeline throws it: the status and the raw body. */
const restError = (statusCode: number, body: unknown) => ({ statusCode, response: { bodyAsText: JSON.stringify(body), headers: { get: () => undefined } } });

describe('what the Bot Connector answered, as the delivery queue acts on it', () => {
  it('a 403 carries its code through, from the standard envelope and from the MessageWritesBlocked one', () => {
    const roster = classifyConnectorError(restError(403, { error: { code: 'BotNotInConversationRoster', message: "The bot isn't part of the conversation roster." } }));
    assert.deepEqual([roster.kind, roster.code], ['blocked', 'BotNotInConversationRoster']);
    const blocked = classifyConnectorError(restError(403, blockedByUser().body));
    assert.deepEqual([blocked.kind, blocked.code], ['blocked', 'ConversationBlockedByUser']);
    const writes = classifyConnectorError(restError(403, messageWritesBlocked().body));
    assert.deepEqual([writes.kind, writes.code], ['blocked', 'MessageWritesBlocked']);
  });
});
