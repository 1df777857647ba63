import type { AreaLevel } from '../areas/area-code.ts';

export const ROLES = [
  'city_admin',
  'district_admin',
  'street_admin',
  'community_admin',
  'org_admin',
  'station_keeper',
  'volunteer',
  'resident',
  'operator',
  'partner',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

/** What a grant of each role is scoped to. */
export type GrantScopeKind = 'area' | 'organization' | 'station' | 'self' | 'none';

export const GRANT_SCOPE_OF_ROLE: Record<Role, GrantScopeKind> = {
  city_admin: 'area',
  district_admin: 'area',
  street_admin: 'area',
  community_admin: 'area',
  org_admin: 'organization',
  station_keeper: 'station',
  volunteer: 'self',
  resident: 'self',
  operator: 'area',
  partner: 'none',
  auditor: 'area',
};

/** Office admins hold exactly the area of their level: a street office holds a 9-digit code. */
export const OFFICE_LEVEL_OF_ROLE: Partial<Record<Role, AreaLevel>> = {
  city_admin: 'city',
  district_admin: 'district',
  street_admin: 'street',
  community_admin: 'community',
};

export interface Grant {
  role: Role;
  areaCode?: string | null;
  organizationId?: string | null;
  stationId?: string | null;
}

/** Who is acting: the signed-in account and every role it holds. */
export interface Actor {
  accountId: string;
  displayName: string;
  grants: Grant[];
}
