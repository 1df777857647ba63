import { and, count, desc, eq, gte, like, lt, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { auditLog } from '../../db/schema.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { scopeFilter } from '../../platform/policy.ts';

export interface AuditFilter {
  actorId?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  areaCode?: string;
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
}

export async function listAudit(db: Executor, actor: Actor, filter: AuditFilter) {
  const conditions: (SQL | undefined)[] = [
    scopeFilter(actor, 'audit.read', { areaCode: auditLog.areaCode }),
    filter.actorId ? eq(auditLog.actorId, filter.actorId) : undefined,
    filter.action ? like(auditLog.action, `${filter.action.replace(/[%_\\]/g, '\\$&')}%`) : undefined,
    filter.entityType ? eq(auditLog.entityType, filter.entityType) : undefined,
    filter.entityId ? eq(auditLog.entityId, filter.entityId) : undefined,
    filter.areaCode ? like(auditLog.areaCode, `${filter.areaCode}%`) : undefined,
    filter.from ? gte(auditLog.at, filter.from) : undefined,
    filter.to ? lt(auditLog.at, filter.to) : undefined,
  ];
  const where = and(...conditions);
  const [rows, [{ total }]] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize),
    db.select({ total: count() }).from(auditLog).where(where),
  ]);
  return { items: rows, total };
}
