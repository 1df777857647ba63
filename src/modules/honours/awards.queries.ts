import { and, asc, desc, eq, inArray, like, or, sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import { awardNominees, awardObjections, awardRounds, awardScores, organizations, volunteers } from '../../db/schema.ts';
import type { NomineeType } from '../../domain/honours/awards.ts';

/** Award rounds, nominations, scores and objections (awards.service.ts, awards-notice.service.ts). */

export type RoundRow = typeof awardRounds.$inferSelect;

export async function insertRound(db: Executor, row: typeof awardRounds.$inferInsert) {
  const [inserted] = await db.insert(awardRounds).values(row).returning();
  return inserted;
}

/**
 * Rounds an actor sees: those of the areas it manages (and below), and open rounds it may nominate
 * in — an office of the round's area when offices nominate, an organization of it when organizations do.
 */
export async function listRounds(db: Executor, reach: { managed: string[]; nominatorAreas: string[]; orgIds: string[] }) {
  const open = sql`${awardRounds.status} = 'open'`;
  const where = or(
    ...reach.managed.map((area) => like(awardRounds.areaCode, `${area}%`)),
    ...reach.nominatorAreas.map(
      (area) => sql`${open} and 'offices' = any(${awardRounds.nominators}) and ${area} like ${awardRounds.areaCode} || '%'`,
    ),
    ...reach.orgIds.map(
      (org) => sql`${open} and 'organizations' = any(${awardRounds.nominators})
        and (select o.area_code from organizations o where o.id = ${org}) like ${awardRounds.areaCode} || '%'`,
    ),
  );
  return db
    .select({
      round: awardRounds,
      nominees: sql<number>`(select count(*)::int from award_nominees n where n.round_id = award_rounds.id)`,
      openObjections: sql<number>`(select count(*)::int from award_objections o join award_nominees n on n.id = o.nominee_id
        where n.round_id = award_rounds.id and o.status = 'open')`,
    })
    .from(awardRounds)
    .where(where)
    .orderBy(desc(awardRounds.year), desc(awardRounds.createdAt));
}

export async function findRound(db: Executor, id: string, lock = false) {
  const query = db.select().from(awardRounds).where(eq(awardRounds.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function updateRound(db: Executor, id: string, values: Partial<typeof awardRounds.$inferInsert>) {
  await db.update(awardRounds).set(values).where(eq(awardRounds.id, id));
}

/** Who or what can be nominated: its area, its name and the organization shown beside it. */
export async function subjectOf(db: Executor, type: NomineeType, id: string) {
  const q =
    type === 'volunteer'
      ? sql`select v.id, v.area_code, v.name, (select m.organization_id from organization_members m
            where m.volunteer_id = v.id and m.status = 'active' order by m.joined_at nulls last limit 1) as organization_id,
            array(select m.organization_id from organization_members m where m.volunteer_id = v.id and m.status = 'active') as member_of
          from volunteers v where v.id = ${id} and v.status in ('active', 'suspended')`
      : type === 'organization'
        ? sql`select o.id, o.area_code, o.name, o.id as organization_id, array[o.id] as member_of
          from organizations o where o.id = ${id} and o.status = 'active'`
        : sql`select p.id, p.area_code, p.title as name, p.organization_id, array[p.organization_id] as member_of
          from projects p where p.id = ${id}`;
  const [row] = rowsOf<{ id: string; area_code: string; name: string; organization_id: string | null; member_of: string[] }>(
    await db.execute(q),
  );
  return row;
}

export async function organizationArea(db: Executor, id: string) {
  const [row] = await db.select({ areaCode: organizations.areaCode }).from(organizations).where(eq(organizations.id, id));
  return row?.areaCode;
}

/** null: the subject is nominated in this round already. */
export async function insertNominee(db: Executor, row: typeof awardNominees.$inferInsert) {
  const [inserted] = await db
    .insert(awardNominees)
    .values(row)
    .onConflictDoNothing({ target: [awardNominees.roundId, awardNominees.subjectId] })
    .returning();
  return inserted;
}

const subjectName = sql<string>`coalesce(
  (select v.name from volunteers v where v.id = ${awardNominees.subjectId}),
  (select o.name from organizations o where o.id = ${awardNominees.subjectId}),
  (select p.title from projects p where p.id = ${awardNominees.subjectId}))`;

export async function nomineesOf(db: Executor, roundId: string, statuses?: string[]) {
  return db
    .select({
      id: awardNominees.id,
      subjectType: awardNominees.subjectType,
      subjectId: awardNominees.subjectId,
      name: subjectName,
      volunteerNo: volunteers.volunteerNo,
      organizationId: awardNominees.organizationId,
      organizationName: organizations.name,
      nominatedByOrg: awardNominees.nominatedByOrg,
      nominatedBy: awardNominees.nominatedBy,
      reason: awardNominees.reason,
      status: awardNominees.status,
      createdAt: awardNominees.createdAt,
    })
    .from(awardNominees)
    .leftJoin(organizations, eq(organizations.id, awardNominees.organizationId))
    .leftJoin(volunteers, eq(volunteers.id, awardNominees.subjectId))
    .where(and(eq(awardNominees.roundId, roundId), statuses ? inArray(awardNominees.status, statuses as ['selected']) : undefined))
    .orderBy(asc(awardNominees.createdAt));
}

export async function findNominee(db: Executor, id: string, lock = false) {
  const query = db.select().from(awardNominees).where(eq(awardNominees.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function scoresOf(db: Executor, roundId: string) {
  return db
    .select({ nomineeId: awardScores.nomineeId, reviewerId: awardScores.reviewerId, scores: awardScores.scores })
    .from(awardScores)
    .innerJoin(awardNominees, eq(awardNominees.id, awardScores.nomineeId))
    .where(eq(awardNominees.roundId, roundId));
}

export async function upsertScore(db: Executor, nomineeId: string, reviewerId: string, scores: number[]) {
  await db
    .insert(awardScores)
    .values({ nomineeId, reviewerId, scores })
    .onConflictDoUpdate({ target: [awardScores.nomineeId, awardScores.reviewerId], set: { scores, at: sql`now()` } });
}

/** The selection replaces the one before: the chosen nominees are `selected`, the others back to `nominated`. */
export async function setSelection(db: Executor, roundId: string, ids: string[]) {
  await db
    .update(awardNominees)
    .set({
      status: sql`case when ${awardNominees.id} = any(string_to_array(${ids.join(',')}, ',')::uuid[]) then 'selected' else 'nominated' end`,
    })
    .where(and(eq(awardNominees.roundId, roundId), inArray(awardNominees.status, ['nominated', 'selected'])));
}

export async function setNomineeStatus(db: Executor, id: string, status: 'removed' | 'awarded') {
  await db.update(awardNominees).set({ status }).where(eq(awardNominees.id, id));
}

export async function insertObjection(db: Executor, row: typeof awardObjections.$inferInsert) {
  const [inserted] = await db
    .insert(awardObjections)
    .values(row)
    .onConflictDoNothing({ target: [awardObjections.nomineeId, awardObjections.contactIndex] })
    .returning({ id: awardObjections.id });
  return inserted;
}

export async function objectionsOf(db: Executor, roundId: string) {
  return db
    .select({
      id: awardObjections.id,
      nomineeId: awardObjections.nomineeId,
      nomineeName: subjectName,
      reason: awardObjections.reason,
      contactMasked: awardObjections.contactMasked,
      status: awardObjections.status,
      resolution: awardObjections.resolution,
      resolvedAt: awardObjections.resolvedAt,
      createdAt: awardObjections.createdAt,
    })
    .from(awardObjections)
    .innerJoin(awardNominees, eq(awardNominees.id, awardObjections.nomineeId))
    .where(eq(awardNominees.roundId, roundId))
    .orderBy(sql`${awardObjections.status} <> 'open'`, asc(awardObjections.createdAt));
}

export async function lockObjection(db: Executor, id: string) {
  const [row] = await db
    .select({ objection: awardObjections, roundId: awardNominees.roundId })
    .from(awardObjections)
    .innerJoin(awardNominees, eq(awardNominees.id, awardObjections.nomineeId))
    .where(eq(awardObjections.id, id))
    .for('update', { of: awardObjections });
  return row;
}

export async function resolveObjection(
  db: Executor,
  id: string,
  values: { status: 'upheld' | 'dismissed'; resolution: string; by: string },
) {
  await db
    .update(awardObjections)
    .set({ status: values.status, resolution: values.resolution, resolvedBy: values.by, resolvedAt: sql`now()` })
    .where(eq(awardObjections.id, id));
}

/** Upholding one objection settles the others against the same nominee. */
export async function closeOtherObjections(
  db: Executor,
  nomineeId: string,
  resolution: string,
  by: string,
  status: 'upheld' | 'dismissed' = 'upheld',
): Promise<number> {
  const closed = await db
    .update(awardObjections)
    .set({ status, resolution, resolvedBy: by, resolvedAt: sql`now()` })
    .where(and(eq(awardObjections.nomineeId, nomineeId), eq(awardObjections.status, 'open')))
    .returning({ id: awardObjections.id });
  return closed.length;
}

export async function openObjectionCount(db: Executor, roundId: string) {
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from award_objections o join award_nominees n on n.id = o.nominee_id
      where n.round_id = ${roundId} and o.status = 'open'`),
  );
  return row.n;
}

/** Public: who stands on a round's list (selected while on notice, awarded once finalized). */
export async function publicList(db: Executor, status: 'notice' | 'finalized', year?: number) {
  return db
    .select({
      round: {
        id: awardRounds.id,
        kind: awardRounds.kind,
        year: awardRounds.year,
        titleZh: awardRounds.titleZh,
        titleEn: awardRounds.titleEn,
        areaCode: awardRounds.areaCode,
        publishedOn: awardRounds.publishedOn,
        noticeEndsOn: awardRounds.noticeEndsOn,
        finalizedOn: awardRounds.finalizedOn,
      },
      nomineeId: awardNominees.id,
      subjectType: awardNominees.subjectType,
      name: subjectName,
      /** A volunteer's birth date: a child's name is masked on public lists (PIPL Art 28). */
      birthDate: sql<string | null>`(select v.birth_date::text from volunteers v where v.id = ${awardNominees.subjectId})`,
      organizationName: organizations.name,
    })
    .from(awardRounds)
    .innerJoin(awardNominees, eq(awardNominees.roundId, awardRounds.id))
    .leftJoin(organizations, eq(organizations.id, awardNominees.organizationId))
    .where(
      and(
        eq(awardRounds.status, status),
        eq(awardNominees.status, status === 'notice' ? 'selected' : 'awarded'),
        year ? eq(awardRounds.year, year) : undefined,
      ),
    )
    .orderBy(desc(awardRounds.year), asc(awardRounds.createdAt), asc(awardNominees.createdAt));
}

/** The volunteer of a signed-in account (for 我的荣誉). */
export async function volunteerOfAccount(db: Executor, accountId: string) {
  const [row] = await db.select({ id: volunteers.id }).from(volunteers).where(eq(volunteers.accountId, accountId));
  return row;
}
