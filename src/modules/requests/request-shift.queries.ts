import { and, eq, isNotNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { activities, positions, projects, serviceRequests } from '../../db/schema.ts';

/*
 * A served request becomes a shift of the handling organization's demand-service project, so
 * check-in, records, the ledger and certificates work unchanged. These rows are written here (not
 * through the projects and activities services) because no organizer creates them: the request does.
 */

/** The organization's demand-service project: the one its earlier requests' activities belong to. */
export async function demandProjectOf(db: Executor, organizationId: string) {
  const [row] = await db
    .select({ id: activities.projectId })
    .from(serviceRequests)
    .innerJoin(activities, eq(activities.id, serviceRequests.activityId))
    .where(and(eq(serviceRequests.organizationId, organizationId), isNotNull(serviceRequests.activityId)))
    .limit(1);
  return row?.id;
}

export async function insertDemandProject(db: Executor, row: typeof projects.$inferInsert) {
  const [inserted] = await db.insert(projects).values(row).returning({ id: projects.id });
  return inserted.id;
}

export async function insertShift(
  db: Executor,
  activity: typeof activities.$inferInsert,
  position: Omit<typeof positions.$inferInsert, 'activityId'>,
) {
  const [a] = await db.insert(activities).values(activity).returning({ id: activities.id });
  const [p] = await db
    .insert(positions)
    .values({ ...position, activityId: a.id })
    .returning({ id: positions.id });
  return { activityId: a.id, positionId: p.id };
}
