/**
 * The one user the Microsoft 365 Agents Playground chats as when it has no config file of its
 * own: the `currentUser` of its built-in configuration (@microsoft/m365agentsplayground 0.2.x).
 * Its member look-up answers with these details, so the demo puts this email on the roster.
 * test/unit/playground-user.test.ts reads the installed playground and fails if they change.
 *
 * The object id and tenant id are one digit too long to be GUIDs, so BUSINESS_UNIT_IDS and
 * ALLOWED_TENANT_IDS can never name them: the playground user is business unit staff only in
 * local mode without BUSINESS_UNIT_IDS (where everyone is).
 */
export const PLAYGROUND_USER = {
  id: 'user-id-0',
  aadObjectId: '00000000-0000-0000-0000-0000000000020',
  name: 'Alex Wilber',
  email: 'alexw@example.com',
  tenantId: '00000000-0000-0000-0000-0000000000001',
} as const;
