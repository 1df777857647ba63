import { and, asc, eq, gte, inArray, lte, or, sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import {
  activities,
  enrollments,
  insurancePolicies,
  positions,
  skills,
  trainingCompletions,
  trainingCourses,
  volunteers,
} from '../../db/schema.ts';
import type { EnrollmentStatus } from '../../domain/enrollment/enrollment.ts';

export type EnrollmentRow = typeof enrollments.$inferSelect;

/** One person's applications are taken one at a time (so the working-time rules see them all). */
export async function lockVolunteer(db: Executor, id: string) {
  await db.select({ id: volunteers.id }).from(volunteers).where(eq(volunteers.id, id)).for('update');
}

/** A position's places are counted under its row lock: never overbooked. */
export async function lockPosition(db: Executor, id: string) {
  const [row] = await db.select().from(positions).where(eq(positions.id, id)).for('update');
  return row;
}

export async function setPositionCounts(db: Executor, id: string, patch: { acceptedCount?: number; waitlistSeq?: number }) {
  await db.update(positions).set(patch).where(eq(positions.id, id));
}

/** What the rules need to know about a person on a day, for an organization's activity. */
export async function personFacts(db: Executor, volunteerId: string, day: string, organizationId: string) {
  const [v] = await db
    .select({
      birthDate: volunteers.birthDate,
      skills: volunteers.skills,
      languages: volunteers.languages,
      guardianConsentAt: volunteers.guardianConsentAt,
    })
    .from(volunteers)
    .where(eq(volunteers.id, volunteerId));
  const courses = await db
    .select({ id: trainingCompletions.courseId })
    .from(trainingCompletions)
    .where(eq(trainingCompletions.volunteerId, volunteerId));
  const [policy] = await db
    .select({ id: insurancePolicies.id })
    .from(insurancePolicies)
    .where(
      and(
        or(eq(insurancePolicies.volunteerId, volunteerId), eq(insurancePolicies.organizationId, organizationId)),
        lte(insurancePolicies.startsOn, day),
        gte(insurancePolicies.endsOn, day),
      ),
    )
    .limit(1);
  return { v, completedCourses: new Set(courses.map((c) => c.id)), insured: !!policy };
}

/** The accepted shifts of a person around an instant (a week either side covers every limit). */
export async function heldShifts(db: Executor, volunteerId: string, around: Date) {
  const week = 8 * 86_400_000;
  return db
    .select({ id: activities.id, title: activities.title, start: activities.startsAt, end: activities.endsAt })
    .from(enrollments)
    .innerJoin(activities, eq(activities.id, enrollments.activityId))
    .where(
      and(
        eq(enrollments.volunteerId, volunteerId),
        eq(enrollments.status, 'accepted'),
        eq(activities.status, 'scheduled'),
        gte(activities.startsAt, new Date(around.getTime() - week)),
        lte(activities.startsAt, new Date(around.getTime() + week)),
      ),
    );
}

export async function liveEnrollment(db: Executor, positionId: string, volunteerId: string) {
  const [row] = await db
    .select()
    .from(enrollments)
    .where(
      and(
        eq(enrollments.positionId, positionId),
        eq(enrollments.volunteerId, volunteerId),
        inArray(enrollments.status, ['applied', 'accepted', 'waitlisted']),
      ),
    );
  return row;
}

export async function insertEnrollment(db: Executor, row: typeof enrollments.$inferInsert) {
  const [inserted] = await db.insert(enrollments).values(row).returning();
  return inserted;
}

export async function findEnrollment(db: Executor, id: string) {
  const [row] = await db.select().from(enrollments).where(eq(enrollments.id, id));
  return row;
}

export async function setStatus(db: Executor, id: string, status: EnrollmentStatus, reason: string | null = null) {
  await db
    .update(enrollments)
    .set({ status, reason, decidedAt: sql`now()`, updatedAt: sql`now()`, ...(status === 'waitlisted' ? {} : { waitlistNo: null }) })
    .where(eq(enrollments.id, id));
}

/** The waitlist of a position, in the order it was joined. */
export async function waitlist(db: Executor, positionId: string) {
  return db
    .select()
    .from(enrollments)
    .where(and(eq(enrollments.positionId, positionId), eq(enrollments.status, 'waitlisted')))
    .orderBy(asc(enrollments.waitlistNo));
}

export async function courseNames(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select({ id: trainingCourses.id, name: trainingCourses.name }).from(trainingCourses).where(inArray(trainingCourses.id, ids));
}

/** The hours confirmed in the ledger for a person (their stars are counted from these). */
export async function confirmedHoursOf(db: Executor, volunteerId: string): Promise<number> {
  const [row] = rowsOf<{ h: number }>(
    await db.execute(sql`select coalesce(sum(hours), 0)::float8 h from ledger_entries where volunteer_id = ${volunteerId}`),
  );
  return row.h;
}

/** Skills of the catalog by code, with their names in both languages. */
export async function skillsByCode(db: Executor, codes: string[]) {
  return db.select().from(skills).where(inArray(skills.code, codes));
}

/** Everyone on an activity's positions, for the organizer's roster. */
export async function roster(db: Executor, activityId: string) {
  return db
    .select({
      id: enrollments.id,
      positionId: enrollments.positionId,
      positionName: positions.name,
      status: enrollments.status,
      waitlistNo: enrollments.waitlistNo,
      reason: enrollments.reason,
      appliedAt: enrollments.appliedAt,
      volunteerId: volunteers.id,
      volunteerNo: volunteers.volunteerNo,
      name: volunteers.name,
      birthDate: volunteers.birthDate,
      phoneMasked: volunteers.phoneMasked,
      areaCode: volunteers.areaCode,
      // No-shows are counted across all of the person's applications, so organizers see a pattern.
      noShows: sql<number>`(select count(*) from enrollments n where n.volunteer_id = "volunteers"."id" and n.status = 'no_show')::int`,
    })
    .from(enrollments)
    .innerJoin(positions, eq(positions.id, enrollments.positionId))
    .innerJoin(volunteers, eq(volunteers.id, enrollments.volunteerId))
    .where(eq(enrollments.activityId, activityId))
    .orderBy(asc(positions.name), asc(enrollments.status), asc(enrollments.waitlistNo), asc(enrollments.appliedAt));
}

/** A volunteer's own applications, soonest first. */
export async function myEnrollments(db: Executor, volunteerId: string, from: Date) {
  return db
    .select({
      id: enrollments.id,
      status: enrollments.status,
      waitlistNo: enrollments.waitlistNo,
      reason: enrollments.reason,
      positionId: enrollments.positionId,
      positionName: positions.name,
      activityId: activities.id,
      title: activities.title,
      startsAt: activities.startsAt,
      endsAt: activities.endsAt,
      address: activities.address,
      cancelDeadline: activities.cancelDeadline,
      activityStatus: activities.status,
    })
    .from(enrollments)
    .innerJoin(positions, eq(positions.id, enrollments.positionId))
    .innerJoin(activities, eq(activities.id, enrollments.activityId))
    .where(and(eq(enrollments.volunteerId, volunteerId), gte(activities.endsAt, from)))
    .orderBy(asc(activities.startsAt));
}
