import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { activities, organizations, positions, projects } from '../../db/schema.ts';

/*
 * A served request (or an emergency call) becomes a shift of the handling organization's
 * demand-service project, so check-in, records, the ledger and certificates work unchanged. These
 * rows are written here (not through the projects and activities services) because no organizer
 * creates them: the request does.
 */

/** The organization, locked: its first demand-service project is made once. */
export async function lockOrganization(db: Executor, organizationId: string) {
  await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, organizationId)).for('update');
}

/** The organization's demand-service project of a category (community requests, emergency calls). */
export async function demandProjectOf(db: Executor, organizationId: string, categoryCode: string) {
  const [row] = await db
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.organizationId, organizationId), eq(projects.kind, 'demand_service'), eq(projects.categoryCode, categoryCode)))
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
