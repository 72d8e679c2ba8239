import type { Person } from './people.js';

/**
 * What an Entra group's members would change in one configured group of the roster. Pure: the
 * business unit sees this before anything is written, as with a pasted roster.
 */

/** A user as Graph lists them under /groups/{id}/transitiveMembers/microsoft.graph.user. */
export interface EntraMember {
  id: string;
  displayName?: string | null;
  mail?: string | null;
  userPrincipalName?: string | null;
}

export interface GroupChanges {
  groupId: string;
  /** On the roster, not yet in the group: they join it (and their Entra id is kept). */
  addToGroup: Array<{ personId: string; name: string; aadObjectId: string }>;
  /** Not on the roster at all: added to it, in this group. */
  newPeople: Array<{ email: string; name: string; aadObjectId: string }>;
  /** In the group on the roster, in the partnership's tenant, but no longer in the Entra group. */
  removeFromGroup: Array<{ personId: string; name: string }>;
  /** In the group on the roster, but not in the Entra group because they are not in its tenant: left as they are. */
  keptOutside: Array<{ personId: string; name: string; why: string }>;
  /** Entra members who could not be matched or added, and why. */
  notMatched: Array<{ name: string; why: string }>;
  /** Already in the group; only their Entra id is new to the roster. */
  linked: Array<{ personId: string; aadObjectId: string }>;
  unchanged: number;
  /** How many users Entra listed. */
  members: number;
}

const EMAIL = /^[^\s@;,<>"]{1,64}@[^\s@;,<>"]{1,255}\.[a-z]{2,}$/i;

/** A guest's user principal name (jo_school.org#EXT#@tenant.onmicrosoft.com) is not their address. */
function addressOf(m: EntraMember): string | undefined {
  const candidates = [m.mail, m.userPrincipalName?.includes('#EXT#') ? undefined : m.userPrincipalName];
  for (const c of candidates) {
    const e = c?.trim().toLowerCase();
    if (e && EMAIL.test(e)) return e;
  }
  return undefined;
}

function domainOf(address: string | null | undefined): string | undefined {
  const at = address?.lastIndexOf('@') ?? -1;
  return at > 0 ? address!.slice(at + 1).toLowerCase() : undefined;
}

export interface MatchContext {
  /** The partnership's tenant (the one the Entra groups live in). */
  tenantId?: string;
  /** The tenant a roster person's Teams installation reported, if they have one. */
  tenantOf(personId: string): string | undefined;
}

/**
 * Matches Entra members to the roster by Entra object id, then by email (mail, else the user
 * principal name), case-insensitive, and says what the group would gain and lose.
 */
export function groupChanges(groupId: string, members: EntraMember[], roster: Person[], ctx: MatchContext): GroupChanges {
  const changes: GroupChanges = { groupId, addToGroup: [], newPeople: [], removeFromGroup: [], keptOutside: [], notMatched: [], linked: [], unchanged: 0, members: members.length };
  const byAad = new Map<string, Person>();
  const byEmail = new Map<string, Person>();
  for (const p of roster) {
    if (p.aadObjectId) byAad.set(p.aadObjectId.toLowerCase(), p);
    byEmail.set(p.id.toLowerCase(), p);
  }
  // The tenant's own domains, as its members' user principal names show them: a roster address
  // outside them belongs to someone the tenant's groups cannot hold.
  const tenantDomains = new Set(members.map((m) => domainOf(m.userPrincipalName)).filter((d): d is string => !!d));
  const matched = new Set<string>();
  const seenIds = new Set<string>();
  const newByEmail = new Set<string>();

  for (const m of members) {
    const aad = m.id?.toLowerCase();
    if (!aad || seenIds.has(aad)) continue;
    seenIds.add(aad);
    const shown = m.displayName?.trim() || m.userPrincipalName || m.id;
    const address = addressOf(m);
    let person = byAad.get(aad);
    if (!person && address) {
      const candidate = byEmail.get(address);
      if (candidate?.aadObjectId && candidate.aadObjectId.toLowerCase() !== aad) {
        changes.notMatched.push({ name: shown, why: `the roster ties ${address} to another Entra account. Check that roster entry; nothing was changed for it.` });
        continue;
      }
      person = candidate;
    }
    if (!person) {
      if (!address) {
        const limited = !m.displayName && !m.mail && !m.userPrincipalName;
        changes.notMatched.push({
          name: shown,
          why: limited
            ? 'Entra gave only their id: the bot may read the group\'s members but not users\' names and addresses. An Entra admin grants User.Read.All (see the README, Microsoft 365).'
            : 'Entra has no email address for them (no mail, and their user name is not an address). Add them with the roster paste.',
        });
        continue;
      }
      if (newByEmail.has(address)) {
        changes.notMatched.push({ name: shown, why: `another member of the Entra group has the same address, ${address}. Only the first is added.` });
        continue;
      }
      newByEmail.add(address);
      changes.newPeople.push({ email: address, name: (m.displayName?.trim() || address).slice(0, 200), aadObjectId: aad });
      continue;
    }
    if (matched.has(person.id)) continue;
    matched.add(person.id);
    if (!person.groupIds.includes(groupId)) changes.addToGroup.push({ personId: person.id, name: person.name, aadObjectId: aad });
    else if (!person.aadObjectId) changes.linked.push({ personId: person.id, aadObjectId: aad });
    else changes.unchanged++;
  }

  for (const p of roster) {
    if (!p.groupIds.includes(groupId) || matched.has(p.id)) continue;
    const tenant = ctx.tenantOf(p.id)?.toLowerCase();
    if (tenant && ctx.tenantId && tenant !== ctx.tenantId.toLowerCase()) {
      changes.keptOutside.push({ personId: p.id, name: p.name, why: 'uses Teams in another organisation\'s tenant' });
    } else if (tenant || tenantDomains.has(domainOf(p.id) ?? '')) {
      changes.removeFromGroup.push({ personId: p.id, name: p.name });
    } else {
      changes.keptOutside.push({ personId: p.id, name: p.name, why: 'their address is not one of the tenant\'s domains' });
    }
  }
  return changes;
}

/** Whether applying would change anything. */
export function changesAnything(c: GroupChanges): boolean {
  return c.addToGroup.length + c.newPeople.length + c.removeFromGroup.length + c.linked.length > 0;
}
