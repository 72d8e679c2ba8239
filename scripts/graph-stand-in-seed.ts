import type { AppUser } from '../test/support/fake-graph/apps.js';
import type { FakeUser } from '../test/support/fake-graph/groups.js';
import { DEMO_PEOPLE } from './demo-seed.js';

/**
 * The stand-in's one directory of users: the Entra group and app installation both read it, so
 * a group member the bot matched by Entra object id is the same user when the bot installs the
 * app for them (two lists with different ids made every install answer 404).
 */
export interface StandInDirectory {
  /** Everyone in the stand-in's tenant: the demo roster, one person new to it and a guest. */
  users: FakeUser[];
  /** The Entra group's members: two on the demo roster, one new to it, and a guest Entra has no address for. */
  groupMembers: FakeUser[];
  /** Who the app can be installed for: every user of the tenant, by object id and by sign-in name. */
  appUsers: AppUser[];
}

const userId = (n: number) => `55555555-5555-4555-8555-${String(n).padStart(12, '0')}`;

export function standInDirectory(): StandInDirectory {
  const roster: FakeUser[] = DEMO_PEOPLE.map(([email, name], i) => ({ id: userId(i + 1), displayName: name, mail: email, userPrincipalName: email }));
  const newcomer: FakeUser = { id: userId(900), displayName: 'Aisha Begum', mail: 'aisha.begum@earlyyears.example', userPrincipalName: 'aisha.begum@earlyyears.example' };
  const guest: FakeUser = { id: userId(901), displayName: 'Kim Fostering (guest)', mail: null, userPrincipalName: 'kim_fostering.example#EXT#@nscp.onmicrosoft.com' };
  const users = [...roster, newcomer, guest];
  const champions = new Set(DEMO_PEOPLE.filter(([, , , groups]) => groups.split(';').includes('Neglect champions')).slice(0, 2).map(([email]) => email));
  return {
    users,
    groupMembers: [...roster.filter((u) => champions.has(u.mail!)), newcomer, guest],
    appUsers: users.map((u) => ({ id: u.id, userPrincipalName: u.userPrincipalName! })),
  };
}
