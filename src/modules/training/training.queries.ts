import { and, asc, desc, eq, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { insurancePolicies, organizations, trainingCompletions, trainingCourses, volunteers } from '../../db/schema.ts';

export async function listCourses(db: Executor) {
  return db
    .select({
      id: trainingCourses.id,
      name: trainingCourses.name,
      content: trainingCourses.content,
      durationHours: trainingCourses.durationHours,
      organizationId: trainingCourses.organizationId,
      organizerName: trainingCourses.organizerName,
      completions: sql<number>`(select count(*) from training_completions c where c.course_id = ${trainingCourses.id})::int`,
    })
    .from(trainingCourses)
    .orderBy(desc(trainingCourses.createdAt));
}

export async function findCourse(db: Executor, id: string) {
  const [row] = await db.select().from(trainingCourses).where(eq(trainingCourses.id, id));
  return row;
}

export async function insertCourse(db: Executor, row: typeof trainingCourses.$inferInsert) {
  const [inserted] = await db.insert(trainingCourses).values(row).returning();
  return inserted;
}

export async function organizationName(db: Executor, id: string) {
  const [row] = await db
    .select({ name: organizations.name, areaCode: organizations.areaCode })
    .from(organizations)
    .where(eq(organizations.id, id));
  return row;
}

export async function volunteerByNo(db: Executor, volunteerNo: string) {
  const [row] = await db
    .select({ id: volunteers.id, name: volunteers.name, areaCode: volunteers.areaCode, accountId: volunteers.accountId })
    .from(volunteers)
    .where(eq(volunteers.volunteerNo, volunteerNo));
  return row;
}

/** Recording a completion twice keeps the first date (it is a fact, not a counter). */
export async function recordCompletion(db: Executor, row: typeof trainingCompletions.$inferInsert) {
  const [inserted] = await db.insert(trainingCompletions).values(row).onConflictDoNothing().returning();
  return inserted;
}

export async function completionsOf(db: Executor, courseId: string) {
  return db
    .select({
      volunteerId: volunteers.id,
      volunteerNo: volunteers.volunteerNo,
      name: volunteers.name,
      completedOn: trainingCompletions.completedOn,
      certificateNo: trainingCompletions.certificateNo,
    })
    .from(trainingCompletions)
    .innerJoin(volunteers, eq(volunteers.id, trainingCompletions.volunteerId))
    .where(eq(trainingCompletions.courseId, courseId))
    .orderBy(desc(trainingCompletions.completedOn), asc(volunteers.volunteerNo));
}

export async function insertPolicy(db: Executor, row: typeof insurancePolicies.$inferInsert) {
  const [inserted] = await db.insert(insurancePolicies).values(row).returning();
  return inserted;
}

/** A volunteer's own policies and the group policies of the organizations they belong to, or an organization's. */
export async function policiesFor(db: Executor, holder: { volunteerId?: string; organizationId?: string }) {
  return db
    .select()
    .from(insurancePolicies)
    .where(
      or(
        holder.volunteerId ? eq(insurancePolicies.volunteerId, holder.volunteerId) : undefined,
        holder.volunteerId
          ? and(
              eq(insurancePolicies.kind, 'group'),
              sql`${insurancePolicies.organizationId} in (select m.organization_id from organization_members m
                where m.volunteer_id = ${holder.volunteerId} and m.status = 'active')`,
            )
          : undefined,
        holder.organizationId ? eq(insurancePolicies.organizationId, holder.organizationId) : undefined,
      ),
    )
    .orderBy(desc(insurancePolicies.endsOn));
}

/** A volunteer's own completed courses. */
export async function completionsOfVolunteer(db: Executor, volunteerId: string) {
  return db
    .select({
      courseId: trainingCourses.id,
      name: trainingCourses.name,
      organizerName: trainingCourses.organizerName,
      durationHours: trainingCourses.durationHours,
      completedOn: trainingCompletions.completedOn,
      certificateNo: trainingCompletions.certificateNo,
    })
    .from(trainingCompletions)
    .innerJoin(trainingCourses, eq(trainingCourses.id, trainingCompletions.courseId))
    .where(eq(trainingCompletions.volunteerId, volunteerId))
    .orderBy(desc(trainingCompletions.completedOn));
}
