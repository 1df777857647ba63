import { and, asc, count, desc, eq, ilike, inArray, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { rowsOf } from '../../db/client.ts';
import { areas, organizations, projectCategories, projectEvents, projectRatings, projects } from '../../db/schema.ts';
import type { Action } from '../../domain/auth/policy.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { type ProjectStatus, PUBLIC_STATUSES } from '../../domain/projects/lifecycle.ts';
import { scopeFilter } from '../../platform/policy.ts';

export type ProjectRow = typeof projects.$inferSelect;

const organizationName = sql<string>`(select o.name from organizations o where o.id = ${projects.organizationId})`;
const areaName = sql<string | null>`(select a.name from areas a where a.code = ${projects.areaCode})`;

export const listColumns = {
  id: projects.id,
  title: projects.title,
  organizationId: projects.organizationId,
  organizationName,
  categoryCode: projects.categoryCode,
  areaCode: projects.areaCode,
  areaName,
  status: projects.status,
  riskLevel: projects.riskLevel,
  insuranceRequired: projects.insuranceRequired,
  createdAt: projects.createdAt,
  updatedAt: projects.updatedAt,
};

export async function findProject(db: Executor, id: string) {
  const [row] = await db.select({ project: projects, organizationName, areaName }).from(projects).where(eq(projects.id, id)).limit(1);
  return row;
}

/** For a row lock: steps of one project happen one after the other. */
export async function lockProject(db: Executor, id: string) {
  const [row] = await db.select().from(projects).where(eq(projects.id, id)).for('update');
  return row;
}

export interface ProjectFilter {
  q?: string;
  status?: ProjectStatus;
  page: number;
  pageSize: number;
}

/** Lists under an action: `project.read` for organizers and offices, `project.browse` (public ones) for everyone. */
export async function listProjects(db: Executor, actor: Actor, action: Action, f: ProjectFilter) {
  const escaped = f.q?.replace(/[%_\\]/g, '\\$&');
  const where = and(
    scopeFilter(actor, action, { areaCode: projects.areaCode, organizationId: projects.organizationId }),
    action === 'project.browse' ? inArray(projects.status, [...PUBLIC_STATUSES]) : undefined,
    f.status ? eq(projects.status, f.status) : undefined,
    escaped ? ilike(projects.title, `%${escaped}%`) : undefined,
  ) as SQL;
  const [items, [{ total }]] = await Promise.all([
    db
      .select(listColumns)
      .from(projects)
      .where(where)
      .orderBy(desc(projects.updatedAt), asc(projects.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ total: count() }).from(projects).where(where),
  ]);
  return { items, total };
}

export async function insertProject(db: Executor, row: typeof projects.$inferInsert) {
  const [inserted] = await db.insert(projects).values(row).returning();
  return inserted;
}

export async function updateProject(db: Executor, id: string, patch: Partial<typeof projects.$inferInsert>) {
  await db
    .update(projects)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(projects.id, id));
}

export async function insertEvent(db: Executor, row: typeof projectEvents.$inferInsert) {
  await db.insert(projectEvents).values(row);
}

export async function eventsOf(db: Executor, projectId: string) {
  return db
    .select({
      action: projectEvents.action,
      fromStatus: projectEvents.fromStatus,
      toStatus: projectEvents.toStatus,
      note: projectEvents.note,
      actorLabel: projectEvents.actorLabel,
      at: projectEvents.at,
    })
    .from(projectEvents)
    .where(eq(projectEvents.projectId, projectId))
    .orderBy(asc(projectEvents.at));
}

export async function listCategories(db: Executor) {
  return db
    .select()
    .from(projectCategories)
    .orderBy(desc(projectCategories.builtin), asc(projectCategories.createdAt), asc(projectCategories.code));
}

export async function categoryExists(db: Executor, code: string) {
  const [row] = await db.select({ code: projectCategories.code }).from(projectCategories).where(eq(projectCategories.code, code));
  return !!row;
}

export async function insertCategory(db: Executor, row: typeof projectCategories.$inferInsert) {
  const [inserted] = await db.insert(projectCategories).values(row).onConflictDoNothing().returning();
  return inserted;
}

export async function organizationOf(db: Executor, id: string) {
  const [row] = await db
    .select({ id: organizations.id, status: organizations.status, areaCode: organizations.areaCode, parentId: organizations.parentId })
    .from(organizations)
    .where(eq(organizations.id, id));
  return row;
}

export async function areaExists(db: Executor, code: string) {
  const [row] = await db.select({ code: areas.code }).from(areas).where(eq(areas.code, code));
  return !!row;
}

export async function saveRating(db: Executor, row: typeof projectRatings.$inferInsert) {
  await db
    .insert(projectRatings)
    .values(row)
    .onConflictDoUpdate({
      target: [projectRatings.projectId, projectRatings.accountId],
      set: { score: row.score, comment: row.comment ?? null, raterKind: row.raterKind, createdAt: sql`now()` },
    });
}

export async function ratingsOf(db: Executor, projectId: string) {
  return rowsOf<{ rater_kind: 'volunteer' | 'beneficiary'; n: number; average: number }>(
    await db.execute(sql`select rater_kind, count(*)::int n, round(avg(score), 2)::float8 average
      from project_ratings where project_id = ${projectId} group by rater_kind`),
  );
}

/** Did this account serve on the project (accepted on an activity that has started)? */
export async function servedOn(db: Executor, projectId: string, volunteerId: string) {
  const [row] = rowsOf<{ served: boolean }>(
    await db.execute(sql`select exists(select 1 from enrollments e join activities a on a.id = e.activity_id
      where a.project_id = ${projectId} and e.volunteer_id = ${volunteerId} and e.status = 'accepted' and a.starts_at <= now()) served`),
  );
  return row.served;
}

/**
 * What the project adds up to: activities held and people accepted (rosters), hours planned on
 * their shifts, and — from the records — people who served and the hours confirmed in the ledger.
 */
export async function figuresOf(db: Executor, projectId: string) {
  const [row] = rowsOf<{ activities: number; volunteers: number; planned_hours: number; served: number; confirmed_hours: number }>(
    await db.execute(sql`select
      (select count(*)::int from activities a where a.project_id = ${projectId} and a.status = 'scheduled') activities,
      (select count(distinct e.volunteer_id)::int from enrollments e join activities a on a.id = e.activity_id
        where a.project_id = ${projectId} and e.status = 'accepted') volunteers,
      (select coalesce(round(sum(extract(epoch from a.ends_at - a.starts_at) / 3600)::numeric, 1), 0)::float8
        from enrollments e join activities a on a.id = e.activity_id where a.project_id = ${projectId} and e.status = 'accepted') planned_hours,
      (select count(distinct r.volunteer_id)::int from service_records r where r.project_id = ${projectId} and r.status = 'confirmed') served,
      (select coalesce(sum(l.hours), 0)::float8 from ledger_entries l join service_records r on r.id = l.record_id where r.project_id = ${projectId}) confirmed_hours`),
  );
  return {
    activities: row.activities,
    volunteers: row.volunteers,
    plannedHours: row.planned_hours,
    servedVolunteers: row.served,
    confirmedHours: row.confirmed_hours,
  };
}

export async function ratingBy(db: Executor, projectId: string, accountId: string) {
  const [row] = await db
    .select({ score: projectRatings.score, comment: projectRatings.comment })
    .from(projectRatings)
    .where(and(eq(projectRatings.projectId, projectId), eq(projectRatings.accountId, accountId)));
  return row ?? null;
}
