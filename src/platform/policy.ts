import { type AnyColumn, eq, like, or, type SQL, sql } from 'drizzle-orm';
import { type Action, can, canAtAll, type Reach, reachingGrants, type ScopedResource } from '../domain/auth/policy.ts';
import type { Actor, Grant } from '../domain/auth/roles.ts';
import { AppError, notFound } from './errors.ts';
import type { MessageKey } from './i18n/messages.ts';
import { noteCheck } from './policy-context.ts';

/*
 * Every check a request makes goes through this file, and each notes its action: the route must
 * declare it (config.action, see src/http/route-actions.ts). Capabilities use these, not the
 * domain's can()/canAtAll(), which stay pure.
 */

/**
 * Throws unless the actor may take the action on the record. A record out of scope answers
 * exactly like a missing one (404), so scoping never reveals what exists.
 */
export function authorize(actor: Actor | null, action: Action, resource: ScopedResource, entity: MessageKey): void {
  noteCheck(action);
  if (!actor) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
  if (!can(actor, action, resource)) throw notFound(entity);
}

/** authorize() as a question: for a decision with another outcome than 404 (a flag, a masked field, a 403). */
export function may(actor: Actor | null, action: Action, resource: ScopedResource): boolean {
  noteCheck(action);
  return !!actor && can(actor, action, resource);
}

/** May the actor take the action on at least some record (a route open to the roles that reach it)? */
export function mayAtAll(actor: Actor | null, action: Action): boolean {
  noteCheck(action);
  return !!actor && canAtAll(actor, action);
}

/** The grants that reach the action, each with its reach (to list, say, the organizations whose records the actor keeps). */
export function grantsReaching(actor: Actor, action: Action): { grant: Grant; reach: Reach }[] {
  noteCheck(action);
  return reachingGrants(actor, action);
}

/** The columns of a table that scoping can look at; a table without one never matches that reach. */
export interface ScopeColumns {
  /** A column matched by prefix, or a condition for "in this area's subtree" that a table indexes its own way. */
  areaCode?: AnyColumn | ((areaCode: string) => SQL);
  /** A column, or a condition for records that belong to several organizations (an EXISTS on memberships). */
  organizationId?: AnyColumn | ((organizationId: string) => SQL);
  stationId?: AnyColumn;
  accountId?: AnyColumn;
}

const FALSE = sql`false`;

/**
 * The list-side twin of authorize(): a WHERE condition, derived from the same policy table,
 * that keeps exactly the rows the actor may take the action on.
 */
export function scopeFilter(actor: Actor | null, action: Action, columns: ScopeColumns): SQL {
  noteCheck(action);
  if (!actor) return FALSE;
  const conditions: SQL[] = [];
  for (const { grant, reach } of reachingGrants(actor, action)) {
    switch (reach) {
      case 'any':
        return sql`true`;
      case 'area':
        // Area codes are digits only (checked on write), so the prefix needs no LIKE escaping.
        if (columns.areaCode && grant.areaCode && /^\d+$/.test(grant.areaCode)) {
          conditions.push(
            typeof columns.areaCode === 'function' ? columns.areaCode(grant.areaCode) : like(columns.areaCode, `${grant.areaCode}%`),
          );
        }
        break;
      case 'organization':
        if (columns.organizationId && grant.organizationId) {
          conditions.push(
            typeof columns.organizationId === 'function'
              ? columns.organizationId(grant.organizationId)
              : eq(columns.organizationId, grant.organizationId),
          );
        }
        break;
      case 'station':
        if (columns.stationId && grant.stationId) conditions.push(eq(columns.stationId, grant.stationId));
        break;
      case 'self':
        if (columns.accountId) conditions.push(eq(columns.accountId, actor.accountId));
        break;
    }
  }
  return conditions.length === 0 ? FALSE : (or(...conditions) as SQL);
}
