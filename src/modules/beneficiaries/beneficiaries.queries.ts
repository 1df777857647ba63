import { and, count, desc, eq, ilike, inArray, like, or, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { accounts, beneficiaries, requestAssignments, requestCategories, serviceRequests, stations, volunteers } from '../../db/schema.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { scopeFilter } from '../../platform/policy.ts';

export type BeneficiaryRow = typeof beneficiaries.$inferSelect;
export type NewBeneficiary = Omit<typeof beneficiaries.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

/** The columns the policy's reaches look at: area subtree, the registering station, the resident's own account. */
export const SCOPE_COLUMNS = { areaCode: beneficiaries.areaCode, stationId: beneficiaries.stationId, accountId: beneficiaries.accountId };

export async function findBeneficiary(db: Executor, id: string) {
  const [row] = await db.select().from(beneficiaries).where(eq(beneficiaries.id, id));
  return row;
}

export async function byAccount(db: Executor, accountId: string) {
  const [row] = await db.select().from(beneficiaries).where(eq(beneficiaries.accountId, accountId));
  return row;
}

export async function insertBeneficiary(db: Executor, row: NewBeneficiary) {
  const [created] = await db.insert(beneficiaries).values(row).returning({ id: beneficiaries.id });
  return created.id;
}

export async function updateBeneficiary(db: Executor, id: string, patch: Partial<NewBeneficiary>) {
  await db
    .update(beneficiaries)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(beneficiaries.id, id));
}

/** People whose own or family contact's number has this blind index (both indexed), within what the actor may read. */
export async function byPhoneIndex(db: Executor, actor: Actor, phoneIndex: string, limit = 20) {
  return db
    .select()
    .from(beneficiaries)
    .where(
      and(
        or(eq(beneficiaries.phoneIndex, phoneIndex), eq(beneficiaries.contactPhoneIndex, phoneIndex)),
        scopeFilter(actor, 'beneficiary.read', SCOPE_COLUMNS),
      ),
    )
    .orderBy(beneficiaries.name)
    .limit(limit);
}

export interface BeneficiaryFilter {
  phoneIndex?: string;
  q?: string;
  within?: string;
  page: number;
  pageSize: number;
}

export async function listBeneficiaries(db: Executor, actor: Actor, f: BeneficiaryFilter) {
  const conditions: (SQL | undefined)[] = [scopeFilter(actor, 'beneficiary.read', SCOPE_COLUMNS)];
  if (f.phoneIndex) conditions.push(or(eq(beneficiaries.phoneIndex, f.phoneIndex), eq(beneficiaries.contactPhoneIndex, f.phoneIndex)));
  if (f.q) conditions.push(ilike(beneficiaries.name, `%${f.q.replace(/[%_\\]/g, '\\$&')}%`));
  if (f.within) conditions.push(like(beneficiaries.areaCode, `${f.within}%`));
  const where = and(...conditions);
  const [items, [{ total }]] = await Promise.all([
    db
      .select()
      .from(beneficiaries)
      .where(where)
      .orderBy(beneficiaries.name, beneficiaries.id)
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ total: count() }).from(beneficiaries).where(where),
  ]);
  return { items, total };
}

/** Past requests of these people, newest first (at most `perPerson` each), with who served and the rating. */
export async function historyOf(db: Executor, beneficiaryIds: string[], perPerson = 20) {
  if (beneficiaryIds.length === 0) return [];
  const rows = await db
    .select({
      id: serviceRequests.id,
      beneficiaryId: serviceRequests.beneficiaryId,
      requestNo: serviceRequests.requestNo,
      categoryCode: serviceRequests.categoryCode,
      categoryNameZh: requestCategories.nameZh,
      categoryNameEn: requestCategories.nameEn,
      windowStart: serviceRequests.windowStart,
      status: serviceRequests.status,
      channel: serviceRequests.channel,
      rating: serviceRequests.rating,
    })
    .from(serviceRequests)
    .innerJoin(requestCategories, eq(requestCategories.code, serviceRequests.categoryCode))
    .where(inArray(serviceRequests.beneficiaryId, beneficiaryIds))
    .orderBy(desc(serviceRequests.windowStart))
    .limit(perPerson * beneficiaryIds.length);
  const servers = rows.length
    ? await db
        .select({ requestId: requestAssignments.requestId, name: volunteers.name })
        .from(requestAssignments)
        .innerJoin(volunteers, eq(volunteers.id, requestAssignments.volunteerId))
        .where(
          inArray(
            requestAssignments.requestId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(requestAssignments.at)
    : [];
  const byRequest = new Map<string, string[]>();
  for (const s of servers) byRequest.set(s.requestId, [...(byRequest.get(s.requestId) ?? []), s.name]);
  const seen = new Map<string, number>();
  return rows.flatMap((r) => {
    const n = (seen.get(r.beneficiaryId) ?? 0) + 1;
    seen.set(r.beneficiaryId, n);
    return n > perPerson ? [] : [{ ...r, servedBy: byRequest.get(r.id) ?? [] }];
  });
}

export async function stationExists(db: Executor, id: string) {
  const [row] = await db.select({ id: stations.id }).from(stations).where(eq(stations.id, id));
  return !!row;
}

/** The blind index of the phone an account signs in with (null: a username-only account). */
export async function accountPhoneIndex(db: Executor, accountId: string) {
  const [row] = await db.select({ phoneIndex: accounts.phoneIndex }).from(accounts).where(eq(accounts.id, accountId));
  return row?.phoneIndex ?? null;
}
