import { and, count, desc, eq, gte, isNull, like, lt, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { accounts, beneficiaries, hotlineCalls, serviceRequests } from '../../db/schema.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import type { HotlineOutcome } from '../../domain/requests/catalog.ts';
import { scopeFilter } from '../../platform/policy.ts';

export type CallRow = typeof hotlineCalls.$inferSelect;

export async function insertCall(db: Executor, row: typeof hotlineCalls.$inferInsert) {
  const [created] = await db.insert(hotlineCalls).values(row).returning({ id: hotlineCalls.id });
  return created.id;
}

export async function findCallRow(db: Executor, id: string) {
  const [row] = await db.select().from(hotlineCalls).where(eq(hotlineCalls.id, id));
  return row;
}

export async function updateCall(db: Executor, id: string, patch: Partial<typeof hotlineCalls.$inferInsert>) {
  await db.update(hotlineCalls).set(patch).where(eq(hotlineCalls.id, id));
}

function selectCalls(db: Executor) {
  return db
    .select({
      id: hotlineCalls.id,
      startedAt: hotlineCalls.startedAt,
      endedAt: hotlineCalls.endedAt,
      operatorAccountId: hotlineCalls.operatorAccountId,
      operatorName: accounts.displayName,
      areaCode: hotlineCalls.areaCode,
      callerPhoneMasked: hotlineCalls.callerPhoneMasked,
      outcome: hotlineCalls.outcome,
      notes: hotlineCalls.notes,
      beneficiaryId: hotlineCalls.beneficiaryId,
      beneficiaryName: beneficiaries.name,
      requestId: hotlineCalls.requestId,
      requestNo: serviceRequests.requestNo,
    })
    .from(hotlineCalls)
    .innerJoin(accounts, eq(accounts.id, hotlineCalls.operatorAccountId))
    .leftJoin(beneficiaries, eq(beneficiaries.id, hotlineCalls.beneficiaryId))
    .leftJoin(serviceRequests, eq(serviceRequests.id, hotlineCalls.requestId))
    .$dynamic();
}

export async function findCall(db: Executor, id: string) {
  const [row] = await selectCalls(db).where(eq(hotlineCalls.id, id));
  return row;
}

export type CallListRow = NonNullable<Awaited<ReturnType<typeof findCall>>>;

export interface CallFilter {
  within?: string;
  outcome?: HotlineOutcome | 'open';
  operatorAccountId?: string;
  phoneIndex?: string;
  beneficiaryId?: string;
  /** Instants (start of the China day of `from`, start of the day after `to`). */
  from?: Date;
  until?: Date;
  page: number;
  pageSize: number;
}

export async function listCalls(db: Executor, actor: Actor, f: CallFilter) {
  const conditions: (SQL | undefined)[] = [scopeFilter(actor, 'hotline.readCalls', { areaCode: hotlineCalls.areaCode })];
  if (f.within) conditions.push(like(hotlineCalls.areaCode, `${f.within}%`));
  if (f.outcome === 'open') conditions.push(isNull(hotlineCalls.endedAt));
  else if (f.outcome) conditions.push(eq(hotlineCalls.outcome, f.outcome));
  if (f.operatorAccountId) conditions.push(eq(hotlineCalls.operatorAccountId, f.operatorAccountId));
  if (f.phoneIndex) conditions.push(eq(hotlineCalls.callerPhoneIndex, f.phoneIndex));
  if (f.beneficiaryId) conditions.push(eq(hotlineCalls.beneficiaryId, f.beneficiaryId));
  if (f.from) conditions.push(gte(hotlineCalls.startedAt, f.from));
  if (f.until) conditions.push(lt(hotlineCalls.startedAt, f.until));
  const where = and(...conditions);
  const [items, [{ total }]] = await Promise.all([
    selectCalls(db)
      .where(where)
      .orderBy(desc(hotlineCalls.startedAt), desc(hotlineCalls.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ total: count() }).from(hotlineCalls).where(where),
  ]);
  return { items, total };
}

/** What request.read's reaches look at for one request (area, organization, station, the person's own account). */
export async function requestScopeOf(db: Executor, id: string) {
  const [row] = await db
    .select({
      areaCode: serviceRequests.areaCode,
      organizationId: serviceRequests.organizationId,
      stationId: serviceRequests.stationId,
      accountId: beneficiaries.accountId,
    })
    .from(serviceRequests)
    .innerJoin(beneficiaries, eq(beneficiaries.id, serviceRequests.beneficiaryId))
    .where(eq(serviceRequests.id, id));
  return row;
}
