import { and, asc, eq, gte, inArray, type SQL, sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import { activities, activitySeries, enrollments, positions, projects, stations, trainingCourses } from '../../db/schema.ts';

export type ActivityRow = typeof activities.$inferSelect;
export type PositionRow = typeof positions.$inferSelect;

export async function insertSeries(db: Executor, row: typeof activitySeries.$inferInsert) {
  const [inserted] = await db.insert(activitySeries).values(row).returning({ id: activitySeries.id });
  return inserted.id;
}

export async function insertActivities(db: Executor, rows: (typeof activities.$inferInsert)[]) {
  return db.insert(activities).values(rows).returning();
}

export async function insertPositions(db: Executor, rows: (typeof positions.$inferInsert)[]) {
  if (rows.length === 0) return [];
  return db.insert(positions).values(rows).returning();
}

/** An activity with the project facts that scope and rules need. */
export async function findActivity(db: Executor, id: string) {
  const [row] = await db
    .select({
      activity: activities,
      project: {
        id: projects.id,
        title: projects.title,
        status: projects.status,
        organizationId: projects.organizationId,
        areaCode: projects.areaCode,
        categoryCode: projects.categoryCode,
        kind: projects.kind,
        insuranceRequired: projects.insuranceRequired,
        risks: projects.risks,
        riskLevel: projects.riskLevel,
        workloadLimits: projects.workloadLimits,
        organizationName: sql<string>`(select o.name from organizations o where o.id = ${projects.organizationId})`,
      },
      stationName: sql<string | null>`(select s.name from stations s where s.id = ${activities.stationId})`,
    })
    .from(activities)
    .innerJoin(projects, eq(projects.id, activities.projectId))
    .where(eq(activities.id, id));
  return row;
}

export async function positionsOf(db: Executor, activityIds: string[]) {
  if (activityIds.length === 0) return [];
  return db
    .select({
      position: positions,
      // "positions"."id" spelled out: unqualified, "id" inside the subquery would be the enrollment's.
      applied: sql<number>`(select count(*) from enrollments e where e.position_id = "positions"."id" and e.status = 'applied')::int`,
      waitlisted: sql<number>`(select count(*) from enrollments e where e.position_id = "positions"."id" and e.status = 'waitlisted')::int`,
    })
    .from(positions)
    .where(inArray(positions.activityId, activityIds))
    .orderBy(asc(positions.createdAt), asc(positions.seq));
}

export async function activitiesOfProject(db: Executor, projectId: string) {
  return db.select().from(activities).where(eq(activities.projectId, projectId)).orderBy(asc(activities.startsAt));
}

/** This occurrence and the later ones of its series (edit "all future"). */
export async function seriesFrom(db: Executor, seriesId: string, startsAt: Date) {
  return db
    .select()
    .from(activities)
    .where(and(eq(activities.seriesId, seriesId), gte(activities.startsAt, startsAt), eq(activities.status, 'scheduled')))
    .orderBy(asc(activities.startsAt));
}

export async function updateActivity(db: Executor, id: string, patch: Partial<typeof activities.$inferInsert>) {
  await db
    .update(activities)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(activities.id, id));
}

/** Which of these training courses exist (a position may require only real ones). */
export async function coursesAmong(db: Executor, ids: string[]) {
  return db.select({ id: trainingCourses.id }).from(trainingCourses).where(inArray(trainingCourses.id, ids));
}

export async function stationOf(db: Executor, id: string) {
  const [row] = await db
    .select({ id: stations.id, address: stations.address, lat: stations.lat, lng: stations.lng, areaCode: stations.areaCode })
    .from(stations)
    .where(eq(stations.id, id));
  return row;
}

/** The volunteers holding or waiting for a place on these activities: they hear of changes. */
export async function liveEnrollees(db: Executor, activityIds: string[]) {
  if (activityIds.length === 0) return [];
  return db
    .select({ id: enrollments.id, volunteerId: enrollments.volunteerId, activityId: enrollments.activityId, status: enrollments.status })
    .from(enrollments)
    .where(and(inArray(enrollments.activityId, activityIds), inArray(enrollments.status, ['applied', 'accepted', 'waitlisted'])));
}

/** A cancelled activity: every live application on it ends, and its places are free again. */
export async function endEnrollments(db: Executor, activityIds: string[], reason: string) {
  await db
    .update(enrollments)
    .set({ status: 'cancelled', reason, decidedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(inArray(enrollments.activityId, activityIds), inArray(enrollments.status, ['applied', 'accepted', 'waitlisted'])));
  await db.update(positions).set({ acceptedCount: 0 }).where(inArray(positions.activityId, activityIds));
}

export const where = (...conditions: (SQL | undefined)[]) => and(...conditions) as SQL;

export interface BrowseFilter {
  from: Date;
  to?: Date;
  categoryCode?: string;
  skill?: string;
  q?: string;
  /** Where distances are measured from (home or the phone's position). */
  origin?: { lat: number; lng: number };
  radiusKm?: number;
  limit: number;
  offset: number;
}

/**
 * Upcoming activities of projects open to volunteers, nearest first when an origin is given
 * (great-circle distance from the activity's coordinates), else soonest first.
 */
export async function browse(db: Executor, f: BrowseFilter) {
  const distance = f.origin
    ? sql<number | null>`(6371 * 2 * asin(sqrt(power(sin(radians(${activities.lat} - ${f.origin.lat}) / 2), 2)
        + cos(radians(${f.origin.lat})) * cos(radians(${activities.lat})) * power(sin(radians(${activities.lng} - ${f.origin.lng}) / 2), 2))))`
    : sql<number | null>`null::float8`;
  const escaped = f.q?.replace(/[%_\\]/g, '\\$&');
  const conditions = where(
    eq(activities.status, 'scheduled'),
    inArray(projects.status, ['recruiting', 'running']),
    // A service request's shift is filled by its assignment alone, and its place is the person's home.
    eq(projects.kind, 'regular'),
    gte(activities.startsAt, f.from),
    f.to ? sql`${activities.startsAt} < ${f.to}` : undefined,
    f.categoryCode ? eq(projects.categoryCode, f.categoryCode) : undefined,
    f.skill ? sql`exists (select 1 from positions x where x.activity_id = ${activities.id} and ${f.skill} = any(x.skills))` : undefined,
    escaped ? sql`(${activities.title} ilike ${`%${escaped}%`} or ${projects.title} ilike ${`%${escaped}%`})` : undefined,
    f.origin && f.radiusKm ? sql`${distance} <= ${f.radiusKm}` : undefined,
  );
  return db
    .select({
      id: activities.id,
      title: activities.title,
      projectId: projects.id,
      projectTitle: projects.title,
      categoryCode: projects.categoryCode,
      organizationName: sql<string>`(select o.name from organizations o where o.id = ${projects.organizationId})`,
      startsAt: activities.startsAt,
      endsAt: activities.endsAt,
      address: activities.address,
      lat: activities.lat,
      lng: activities.lng,
      applyDeadline: activities.applyDeadline,
      distanceKm: distance,
      free: sql<number>`(select coalesce(sum(x.headcount - x.accepted_count), 0) from positions x where x.activity_id = ${activities.id})::int`,
    })
    .from(activities)
    .innerJoin(projects, eq(projects.id, activities.projectId))
    .where(conditions)
    .orderBy(...(f.origin ? [sql`${distance} asc nulls last`, asc(activities.startsAt)] : [asc(activities.startsAt)]))
    .limit(f.limit)
    .offset(f.offset);
}

/** The coordinates of a volunteer's home community, for "near my home". */
export async function homeOf(db: Executor, areaCode: string) {
  const [row] = rowsOf<{ lat: number; lng: number }>(
    await db.execute(sql`select a.lat, a.lng from areas a where a.code = ${areaCode} and a.lat is not null`),
  );
  return row;
}
