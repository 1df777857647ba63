import type { Executor } from '../db/executor.ts';
import { auditLog } from '../db/schema.ts';
import type { Actor } from '../domain/auth/roles.ts';

/** The audit log is written by every capability, inside the transaction of the write it records. */
export interface AuditContext {
  actor: Actor | null;
  requestId: string;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  areaCode?: string | null;
  /** What changed, without personal data: ids, codes, counts, field names. */
  summary?: Record<string, unknown>;
  /** Who acted when there is no signed-in actor yet (sign-in) or it is the system. */
  actorId?: string;
  actorLabel?: string;
}

/** Call inside the transaction of the write it describes, so both land or neither does. */
export async function recordAudit(db: Executor, ctx: AuditContext, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorId: entry.actorId ?? ctx.actor?.accountId ?? null,
    actorLabel: entry.actorLabel ?? ctx.actor?.displayName ?? 'system',
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    areaCode: entry.areaCode ?? null,
    requestId: ctx.requestId,
    summary: entry.summary ?? {},
  });
}
