import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Executor, rowsOf } from '../../db/client.ts';
import { accounts, sanctions, serviceRecords, volunteers } from '../../db/schema.ts';
import type { StarScheme } from '../../domain/records/stars.ts';

/** A volunteer's stars under a scheme, in SQL: one point per threshold reached. */
const starsOf = (total: ReturnType<typeof sql>, scheme: StarScheme) =>
  sql.join(
    scheme.map((t) => sql`(${total} >= ${t})::int`),
    sql` + `,
  );

/**
 * How many volunteers (registered, not deregistered or merged) hold each star under one scheme
 * and under another: one pass over the confirmed hours in the ledger, grouped by both levels, so
 * the preview also says who moves up and down.
 */
export async function starMoves(db: Executor, current: StarScheme, proposed: StarScheme) {
  const total = sql`coalesce(h.total, 0)`;
  return rowsOf<{ from: number; to: number; n: number }>(
    await db.execute(sql`with h as (select volunteer_id, sum(hours) as total from ledger_entries group by volunteer_id)
      select ${starsOf(total, current)} as "from", ${starsOf(total, proposed)} as "to", count(*)::int as n
      from volunteers v left join h on h.volunteer_id = v.id
      where v.status in ('active', 'suspended')
      group by 1, 2`),
  );
}

export async function volunteerScope(db: Executor, volunteerId: string) {
  const [row] = await db
    .select({ id: volunteers.id, areaCode: volunteers.areaCode })
    .from(volunteers)
    .where(eq(volunteers.id, volunteerId));
  return row;
}

/** Of these record ids, the ones that are this volunteer's. */
export async function ownRecordIds(db: Executor, volunteerId: string, ids: string[]) {
  if (ids.length === 0) return new Set<string>();
  const rows = await db
    .select({ id: serviceRecords.id })
    .from(serviceRecords)
    .where(and(eq(serviceRecords.volunteerId, volunteerId), inArray(serviceRecords.id, ids)));
  return new Set(rows.map((r) => r.id));
}

/** The volunteer's service records an office may cite, newest first. */
export async function citableRecords(db: Executor, volunteerId: string) {
  return db
    .select({
      id: serviceRecords.id,
      serviceDate: serviceRecords.serviceDate,
      activityTitle: serviceRecords.activityTitle,
      hours: sql<number>`(${serviceRecords.creditHours} + ${serviceRecords.addedHours})::float8`,
      status: serviceRecords.status,
    })
    .from(serviceRecords)
    .where(eq(serviceRecords.volunteerId, volunteerId))
    .orderBy(desc(serviceRecords.serviceDate))
    .limit(200);
}

export async function insertSanction(db: Executor, row: typeof sanctions.$inferInsert) {
  const [inserted] = await db.insert(sanctions).values(row).returning({ id: sanctions.id });
  return inserted;
}

const creator = alias(accounts, 'creator');
const revoker = alias(accounts, 'revoker');

/** A volunteer's sanctions, the standing ones first, then the newest. */
export async function sanctionsOf(db: Executor, volunteerId: string) {
  const rows = await db
    .select({
      id: sanctions.id,
      kind: sanctions.kind,
      reason: sanctions.reason,
      recordIds: sanctions.recordIds,
      barYears: sanctions.barYears,
      startsOn: sanctions.startsOn,
      createdAt: sanctions.createdAt,
      createdBy: creator.displayName,
      revokedAt: sanctions.revokedAt,
      revokedBy: revoker.displayName,
      revokeReason: sanctions.revokeReason,
    })
    .from(sanctions)
    .leftJoin(creator, eq(creator.id, sanctions.createdBy))
    .leftJoin(revoker, eq(revoker.id, sanctions.revokedBy))
    .where(eq(sanctions.volunteerId, volunteerId))
    .orderBy(sql`${sanctions.revokedAt} is not null`, desc(sanctions.startsOn), asc(sanctions.createdAt));
  return rows;
}

export async function lockSanction(db: Executor, id: string) {
  const [row] = await db
    .select({ id: sanctions.id, volunteerId: sanctions.volunteerId, revokedAt: sanctions.revokedAt, areaCode: volunteers.areaCode })
    .from(sanctions)
    .innerJoin(volunteers, eq(volunteers.id, sanctions.volunteerId))
    .where(eq(sanctions.id, id))
    .for('update', { of: sanctions });
  return row;
}

export async function markRevoked(db: Executor, id: string, by: string, reason: string) {
  await db
    .update(sanctions)
    .set({ revokedAt: sql`now()`, revokedBy: by, revokeReason: reason })
    .where(and(eq(sanctions.id, id), isNull(sanctions.revokedAt)));
}

export async function sanctionCount(db: Executor) {
  const [row] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from sanctions`));
  return row.n;
}

/** The demo's sanctioned volunteer: one of the community with an account of their own (not the demo volunteer) and a confirmed record. */
export async function demoSanctionPick(db: Executor, communityCode: string, demoAccountId: string | null) {
  const [pick] = rowsOf<{ volunteer_id: string; record_id: string; area_code: string }>(
    await db.execute(sql`select v.id as volunteer_id, r.id as record_id, v.area_code from volunteers v
      join service_records r on r.volunteer_id = v.id and r.status = 'confirmed'
      where v.area_code = ${communityCode} and v.status = 'active'
        and v.account_id is distinct from ${demoAccountId}
      order by v.volunteer_no, r.service_date limit 1`),
  );
  return pick;
}
