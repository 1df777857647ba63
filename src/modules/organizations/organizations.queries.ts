import { and, asc, count, desc, eq, ilike, like, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { accounts, organizationEvents, organizationMembers, organizations, roleGrants, volunteers } from '../../db/schema.ts';
import type { Action } from '../../domain/auth/policy.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import type { MemberStatus } from '../../domain/organizations/workflow.ts';
import { scopeFilter } from '../../platform/policy.ts';

export type OrganizationRow = typeof organizations.$inferSelect;

/** An organization admin reaches its organization and its direct sub-teams. */
const ownOrChild = (organizationId: string) => or(eq(organizations.id, organizationId), eq(organizations.parentId, organizationId)) as SQL;

const memberCount = sql<number>`(select count(*) from organization_members m
  where m.organization_id = ${organizations.id} and m.status = 'active')::int`;
const parentName = sql<string | null>`(select p.name from organizations p where p.id = ${organizations.parentId})`;

export const listColumns = {
  id: organizations.id,
  name: organizations.name,
  kind: organizations.kind,
  areaCode: organizations.areaCode,
  status: organizations.status,
  joinMode: organizations.joinMode,
  parentId: organizations.parentId,
  parentName,
  hasPartyBranch: organizations.hasPartyBranch,
  hasLeagueBranch: organizations.hasLeagueBranch,
  memberCount,
  createdAt: organizations.createdAt,
};

export async function findOrganization(db: Executor, id: string) {
  const [row] = await db
    .select({ organization: organizations, parentName, memberCount })
    .from(organizations)
    .where(eq(organizations.id, id))
    .limit(1);
  return row;
}

export interface OrganizationFilter {
  q?: string;
  status?: OrganizationRow['status'];
  kind?: OrganizationRow['kind'];
  within?: string;
  page: number;
  pageSize: number;
}

/**
 * Lists under an action: `organization.read` for managers, `organization.browse` (active only) for
 * everyone, `organization.apply` for the applications one filed (its `self` is the applicant).
 */
export async function listOrganizations(db: Executor, actor: Actor, action: Action, f: OrganizationFilter) {
  const escaped = f.q?.replace(/[%_\\]/g, '\\$&');
  const where = and(
    scopeFilter(actor, action, { areaCode: organizations.areaCode, organizationId: ownOrChild, accountId: organizations.appliedBy }),
    action === 'organization.browse' ? eq(organizations.status, 'active') : undefined,
    f.status ? eq(organizations.status, f.status) : undefined,
    f.kind ? eq(organizations.kind, f.kind) : undefined,
    f.within ? like(organizations.areaCode, `${f.within}%`) : undefined,
    escaped ? ilike(organizations.name, `%${escaped}%`) : undefined,
  );
  const [items, [{ total }]] = await Promise.all([
    db
      .select(listColumns)
      .from(organizations)
      .where(where)
      .orderBy(desc(organizations.createdAt), asc(organizations.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ total: count() }).from(organizations).where(where),
  ]);
  return { items, total };
}

export async function insertOrganization(db: Executor, row: typeof organizations.$inferInsert) {
  const [inserted] = await db.insert(organizations).values(row).returning();
  return inserted;
}

export async function updateOrganization(db: Executor, id: string, patch: Partial<typeof organizations.$inferInsert>) {
  await db
    .update(organizations)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(organizations.id, id));
}

export async function insertEvent(db: Executor, row: typeof organizationEvents.$inferInsert) {
  await db.insert(organizationEvents).values(row);
}

export async function eventsOf(db: Executor, organizationId: string) {
  return db
    .select()
    .from(organizationEvents)
    .where(eq(organizationEvents.organizationId, organizationId))
    .orderBy(desc(organizationEvents.at));
}

export async function findByUscc(db: Executor, uscc: string) {
  const [row] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.uscc, uscc)).limit(1);
  return row;
}

/** The applicant becomes the organization's admin on approval (no duplicate grant). */
export async function grantOrgAdmin(db: Executor, accountId: string, organizationId: string) {
  const [existing] = await db
    .select({ id: roleGrants.id })
    .from(roleGrants)
    .where(and(eq(roleGrants.accountId, accountId), eq(roleGrants.role, 'org_admin'), eq(roleGrants.organizationId, organizationId)));
  if (!existing) await db.insert(roleGrants).values({ accountId, role: 'org_admin', organizationId });
}

export async function members(db: Executor, organizationId: string, status?: MemberStatus) {
  return db
    .select({
      volunteerId: organizationMembers.volunteerId,
      volunteerNo: volunteers.volunteerNo,
      name: volunteers.name,
      birthDate: volunteers.birthDate,
      areaCode: volunteers.areaCode,
      accountId: volunteers.accountId,
      role: organizationMembers.role,
      status: organizationMembers.status,
      joinedAt: organizationMembers.joinedAt,
      createdAt: organizationMembers.createdAt,
    })
    .from(organizationMembers)
    .innerJoin(volunteers, eq(volunteers.id, organizationMembers.volunteerId))
    .where(and(eq(organizationMembers.organizationId, organizationId), status ? eq(organizationMembers.status, status) : undefined))
    .orderBy(asc(organizationMembers.status), desc(organizationMembers.createdAt));
}

export async function findMembership(db: Executor, organizationId: string, volunteerId: string) {
  const [row] = await db
    .select()
    .from(organizationMembers)
    .where(and(eq(organizationMembers.organizationId, organizationId), eq(organizationMembers.volunteerId, volunteerId)));
  return row;
}

export async function activeLeaders(db: Executor, organizationId: string): Promise<number> {
  const [{ n }] = await db
    .select({ n: count() })
    .from(organizationMembers)
    .where(
      and(
        eq(organizationMembers.organizationId, organizationId),
        eq(organizationMembers.status, 'active'),
        eq(organizationMembers.role, 'leader'),
      ),
    );
  return n;
}

export async function saveMembership(
  db: Executor,
  row: { organizationId: string; volunteerId: string; status: MemberStatus; role?: 'leader' | 'admin' | 'member' },
) {
  const active = row.status === 'active';
  const ended = ['left', 'removed', 'rejected'].includes(row.status);
  await db
    .insert(organizationMembers)
    .values({ ...row, role: row.role ?? 'member', joinedAt: active ? new Date() : null, endedAt: ended ? new Date() : null })
    .onConflictDoUpdate({
      target: [organizationMembers.organizationId, organizationMembers.volunteerId],
      set: {
        status: row.status,
        ...(row.role ? { role: row.role } : {}),
        joinedAt: active ? sql`now()` : sql`${organizationMembers.joinedAt}`,
        endedAt: ended ? sql`now()` : null,
        updatedAt: sql`now()`,
      },
    });
}

export async function accountLabel(db: Executor, accountId: string) {
  const [row] = await db.select({ displayName: accounts.displayName }).from(accounts).where(eq(accounts.id, accountId));
  return row?.displayName;
}
