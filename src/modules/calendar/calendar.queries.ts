import { and, eq, gte, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { activities, enrollments, positions, projects, volunteers } from '../../db/schema.ts';

export async function calendarTokenOf(db: Executor, volunteerId: string) {
  const [row] = await db.select({ token: volunteers.calendarToken }).from(volunteers).where(eq(volunteers.id, volunteerId));
  return row;
}

export async function setCalendarToken(db: Executor, volunteerId: string, token: string) {
  await db.update(volunteers).set({ calendarToken: token }).where(eq(volunteers.id, volunteerId));
}

/** The volunteer whose feed this secret opens. */
export async function feedOwner(db: Executor, token: string) {
  const [owner] = await db.select({ id: volunteers.id, name: volunteers.name }).from(volunteers).where(eq(volunteers.calendarToken, token));
  return owner;
}

/** The volunteer's accepted places on scheduled activities that end from `since`, with position and project. */
export async function acceptedShifts(db: Executor, volunteerId: string, since: Date) {
  return db
    .select({
      id: enrollments.id,
      title: activities.title,
      project: projects.title,
      position: positions.name,
      start: activities.startsAt,
      end: activities.endsAt,
      address: activities.address,
      lat: activities.lat,
      lng: activities.lng,
      description: activities.description,
    })
    .from(enrollments)
    .innerJoin(activities, eq(activities.id, enrollments.activityId))
    .innerJoin(positions, eq(positions.id, enrollments.positionId))
    .innerJoin(projects, eq(projects.id, activities.projectId))
    .where(
      and(
        eq(enrollments.volunteerId, volunteerId),
        inArray(enrollments.status, ['accepted']),
        eq(activities.status, 'scheduled'),
        gte(activities.endsAt, since),
      ),
    );
}
