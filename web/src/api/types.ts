// The API's own types, inferred from the server's zod schemas, so both sides cannot drift apart.
export type { AreaLevel, Grant, Role } from '../../../src/contract/index.ts';
export type { AreaDetailDto as AreaDetail, AreaDto as Area } from '../../../src/modules/areas/areas.routes.ts';
export type { MeDto as Me } from '../../../src/modules/auth/auth.routes.ts';
export type {
  StationDetailDto as StationDetail,
  StationDto as Station,
  StationInspectionDto as StationInspection,
  StationKeeperDto as StationKeeper,
  StationKind,
  StationStandardDto as StationStandard,
} from '../../../src/modules/stations/stations.routes.ts';

export interface Page<T> {
  items: T[];
  total: number;
}

export interface AuditEntry {
  id: number;
  at: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  areaCode: string | null;
  requestId: string | null;
  summary: Record<string, unknown>;
}
export type {
  OrganizationDetailDto as OrganizationDetail,
  OrganizationListItemDto as OrganizationListItem,
  OrganizationMemberDto as OrganizationMember,
} from '../../../src/modules/organizations/organizations.routes.ts';
export type {
  VolunteerDetailDto as VolunteerDetail,
  VolunteerListItemDto as VolunteerListItem,
  VolunteerPageDto as VolunteerPage,
} from '../../../src/modules/volunteers/volunteers.schemas.ts';

export interface Skill {
  code: string;
  category: string;
  nameZh: string;
  nameEn: string;
  needsCertificate: boolean;
  builtin: boolean;
}
