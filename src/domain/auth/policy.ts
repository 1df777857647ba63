import { isWithinArea } from '../areas/area-code.ts';
import { type Actor, type Grant, ROLES, type Role } from './roles.ts';

/**
 * How far a role reaches for an action:
 * - any: every record
 * - area: records whose area code lies under the grant's area prefix
 * - organization / station: records of the grant's organization / station
 * - self: records that belong to the actor's own account
 */
export type Reach = 'any' | 'area' | 'organization' | 'station' | 'self';

const OFFICES = ['city_admin', 'district_admin', 'street_admin', 'community_admin'] as const;
const everyone = (reach: Reach) => Object.fromEntries(ROLES.map((role) => [role, reach])) as Record<Role, Reach>;
const offices = (reach: Reach, ...levels: (typeof OFFICES)[number][]) =>
  Object.fromEntries((levels.length ? levels : OFFICES).map((role) => [role, reach]));

/** The policy table: action → the roles that may take it and how far each reaches. */
export const POLICY = {
  'area.read': everyone('any'),
  'area.create': offices('area', 'city_admin', 'district_admin', 'street_admin'),
  'area.update': offices('area', 'city_admin', 'district_admin', 'street_admin'),
  'area.import': offices('area', 'city_admin', 'district_admin'),
  'audit.read': { auditor: 'any', city_admin: 'area' },
  'account.readSelf': everyone('self'),
  'account.changePassword': everyone('self'),
  'session.revokeAll': everyone('self'),
} satisfies Record<string, Partial<Record<Role, Reach>>>;

export type Action = keyof typeof POLICY;
export const ACTIONS = Object.keys(POLICY) as Action[];

/** The facts about a record that scoping looks at; absent facts never match. */
export interface ScopedResource {
  areaCode?: string | null;
  organizationId?: string | null;
  stationId?: string | null;
  accountId?: string | null;
}

export function reachOf(action: Action, role: Role): Reach | undefined {
  return (POLICY[action] as Partial<Record<Role, Reach>>)[role];
}

export function grantCovers(actor: Actor, grant: Grant, reach: Reach, resource: ScopedResource): boolean {
  switch (reach) {
    case 'any':
      return true;
    case 'area':
      return !!grant.areaCode && !!resource.areaCode && isWithinArea(resource.areaCode, grant.areaCode);
    case 'organization':
      return !!grant.organizationId && resource.organizationId === grant.organizationId;
    case 'station':
      return !!grant.stationId && resource.stationId === grant.stationId;
    case 'self':
      return !!resource.accountId && resource.accountId === actor.accountId;
  }
}

/** May the actor take this action on this record? */
export function can(actor: Actor, action: Action, resource: ScopedResource): boolean {
  return actor.grants.some((grant) => {
    const reach = reachOf(action, grant.role);
    return reach !== undefined && grantCovers(actor, grant, reach, resource);
  });
}

/** May the actor take this action on at least some record (used for menus)? */
export function canAtAll(actor: Actor, action: Action): boolean {
  return actor.grants.some((grant) => reachOf(action, grant.role) !== undefined);
}

/** The grants that let the actor take the action, each with its reach; the SQL filter is built from these. */
export function reachingGrants(actor: Actor, action: Action): { grant: Grant; reach: Reach }[] {
  return actor.grants.flatMap((grant) => {
    const reach = reachOf(action, grant.role);
    return reach === undefined ? [] : [{ grant, reach }];
  });
}
