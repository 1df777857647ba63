import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { activities, enrollments, organizations, projects, serviceRecords } from '../../db/schema.ts';

/** What writing one event reads and writes (attendance.events.ts): the activity's facts, the roster, the person's record. */

/** Each activity's facts (ActivityFacts), in one statement whatever their count. */
export async function activityFactsOf(tx: Executor, activityIds: string[]) {
  if (activityIds.length === 0) return [];
  return tx
    .select({
      activity: {
        id: activities.id,
        title: activities.title,
        description: activities.description,
        address: activities.address,
        startsAt: activities.startsAt,
        endsAt: activities.endsAt,
        lat: activities.lat,
        lng: activities.lng,
        geofenceMeters: activities.geofenceMeters,
      },
      projectId: projects.id,
      categoryCode: projects.categoryCode,
      organizationId: projects.organizationId,
      contactName: organizations.contactName,
    })
    .from(activities)
    .innerJoin(projects, eq(projects.id, activities.projectId))
    .innerJoin(organizations, eq(organizations.id, projects.organizationId))
    .where(sql`${activities.id} = any(${sql.param(activityIds)}::uuid[])`);
}

/** The person's accepted application to the activity. */
export async function acceptedEnrollment(tx: Executor, activityId: string, volunteerId: string) {
  const [e] = await tx
    .select({ id: enrollments.id })
    .from(enrollments)
    .where(and(eq(enrollments.activityId, activityId), eq(enrollments.volunteerId, volunteerId), eq(enrollments.status, 'accepted')));
  return e;
}

/** The application's pending service record. */
export async function pendingRecordOf(tx: Executor, enrollmentId: string) {
  const [record] = await tx
    .select()
    .from(serviceRecords)
    .where(and(eq(serviceRecords.enrollmentId, enrollmentId), eq(serviceRecords.status, 'pending')));
  return record;
}

/** Opens a record (once per application: a second is ignored). */
export async function insertOpenedRecord(tx: Executor, record: typeof serviceRecords.$inferInsert) {
  await tx.insert(serviceRecords).values(record).onConflictDoNothing();
}

/** Closes a record: its check-out and the credit hours it earned. */
export async function closeRecordAt(tx: Executor, id: string, at: Date, creditHours: number) {
  await tx.update(serviceRecords).set({ checkOutAt: at, creditHours }).where(eq(serviceRecords.id, id));
}
