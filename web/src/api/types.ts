// The API's own types, inferred from the server's zod schemas, so both sides cannot drift apart.
export type { AreaLevel } from '../../../src/domain/areas/area-code.ts';
export type { Grant, Role } from '../../../src/domain/auth/roles.ts';
export type { AreaDetailDto as AreaDetail, AreaDto as Area } from '../../../src/modules/areas/areas.routes.ts';
export type { MeDto as Me } from '../../../src/modules/auth/auth.routes.ts';

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
