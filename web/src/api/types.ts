export type Role =
  | 'city_admin'
  | 'district_admin'
  | 'street_admin'
  | 'community_admin'
  | 'org_admin'
  | 'station_keeper'
  | 'volunteer'
  | 'resident'
  | 'operator'
  | 'partner'
  | 'auditor';

export interface Grant {
  role: Role;
  areaCode?: string | null;
  organizationId?: string | null;
  stationId?: string | null;
}

export interface Me {
  id: string;
  displayName: string;
  username: string | null;
  phoneMasked: string | null;
  locale: 'zh-CN' | 'en-US';
  grants: Grant[];
  permissions: string[];
  csrfToken: string;
}

export type AreaLevel = 'city' | 'district' | 'street' | 'community';

export interface Area {
  code: string;
  name: string;
  nameEn: string | null;
  level: AreaLevel;
  parentCode: string | null;
  population: number;
  lat: number | null;
  lng: number | null;
  childCount: number;
}

export interface AreaDetail extends Area {
  ancestors: Omit<Area, 'childCount'>[];
}

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
