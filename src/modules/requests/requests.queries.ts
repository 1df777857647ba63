import { and, desc, eq, gte, inArray, isNotNull, lt, lte, notInArray, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import {
  accounts,
  areas,
  beneficiaries,
  citySettings,
  hotlineCalls,
  organizationMembers,
  organizations,
  requestAssignments,
  requestCategories,
  requestEvents,
  serviceRequests,
  stations,
  volunteerReach,
  volunteers,
} from '../../db/schema.ts';
import type { Action } from '../../domain/auth/policy.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import type { RequestSla, RequestStatus } from '../../domain/requests/catalog.ts';
import { OPEN_STATUSES } from '../../domain/requests/lifecycle.ts';
import { scopeFilter } from '../../platform/policy.ts';

export type RequestRow = typeof serviceRequests.$inferSelect;
export type BeneficiaryRow = typeof beneficiaries.$inferSelect;
export type CategoryRow = typeof requestCategories.$inferSelect;

export async function findBeneficiary(db: Executor, id: string) {
  const [row] = await db.select().from(beneficiaries).where(eq(beneficiaries.id, id));
  return row;
}

/** Reads the person and locks them: their requests are raised one at a time (duplicates, the guard). */
export async function findBeneficiaryLocked(db: Executor, id: string) {
  const [row] = await db.select().from(beneficiaries).where(eq(beneficiaries.id, id)).for('update');
  return row;
}

export async function findCategory(db: Executor, code: string) {
  const [row] = await db.select().from(requestCategories).where(eq(requestCategories.code, code));
  return row;
}

export async function areaExists(db: Executor, code: string) {
  const [row] = await db.select({ code: areas.code }).from(areas).where(eq(areas.code, code));
  return !!row;
}

export async function findHotlineCall(db: Executor, id: string) {
  const [row] = await db.select().from(hotlineCalls).where(eq(hotlineCalls.id, id));
  return row;
}

export async function linkHotlineCall(db: Executor, callId: string, requestId: string) {
  await db.update(hotlineCalls).set({ requestId }).where(eq(hotlineCalls.id, callId));
}

/** The window starts of a person's services in a category between two instants, across every organization. */
export async function servicesOf(db: Executor, beneficiaryId: string, categoryCode: string, from: Date, to: Date, except?: string) {
  const rows = await db
    .select({ id: serviceRequests.id, windowStart: serviceRequests.windowStart })
    .from(serviceRequests)
    .where(
      and(
        eq(serviceRequests.beneficiaryId, beneficiaryId),
        eq(serviceRequests.categoryCode, categoryCode),
        notInArray(serviceRequests.status, ['cancelled', 'merged']),
        gte(serviceRequests.windowStart, from),
        lt(serviceRequests.windowStart, to),
      ),
    );
  return rows.filter((r) => r.id !== except).map((r) => r.windowStart);
}

/**
 * What raising a request reads besides the person, in one round trip: the category (undefined when
 * unknown), the name of the place's area (undefined when there is no such area) and the city's SLA
 * setting as platform/settings.ts keeps it (undefined when never saved).
 */
export async function creationContext(db: Executor, categoryCode: string, areaCode: string) {
  const [row] = await db
    .select({
      category: requestCategories,
      areaName: sql<string | null>`(select ${areas.name} from ${areas} where ${areas.code} = ${areaCode})`,
      sla: sql<RequestSla | null>`(select ${citySettings.value} from ${citySettings} where ${citySettings.key} = 'requestSla')`,
    })
    .from(sql`(select 1) as one`)
    .leftJoin(requestCategories, eq(requestCategories.code, categoryCode));
  return { category: row?.category ?? undefined, areaName: row?.areaName ?? undefined, sla: row?.sla ?? undefined };
}

/**
 * The person's requests in a category that a new one is weighed against, in one read under their
 * lock: the earliest open one whose window starts on the same China day (the duplicate) and the
 * window starts the guard counts between two instants (as servicesOf).
 */
export async function requestsAround(db: Executor, beneficiaryId: string, categoryCode: string, day: string, from: Date, to: Date) {
  const sameDayOpen = and(
    inArray(serviceRequests.status, [...OPEN_STATUSES]),
    sql`to_char(${serviceRequests.windowStart} at time zone 'Asia/Shanghai', 'YYYY-MM-DD') = ${day}`,
  ) as SQL;
  const counted = and(
    notInArray(serviceRequests.status, ['cancelled', 'merged']),
    gte(serviceRequests.windowStart, from),
    lt(serviceRequests.windowStart, to),
  ) as SQL;
  const rows = await db
    .select({
      id: serviceRequests.id,
      requestNo: serviceRequests.requestNo,
      windowStart: serviceRequests.windowStart,
      duplicate: sql<boolean>`coalesce(${sameDayOpen}, false)`,
      counted: sql<boolean>`coalesce(${counted}, false)`,
    })
    .from(serviceRequests)
    .where(and(eq(serviceRequests.beneficiaryId, beneficiaryId), eq(serviceRequests.categoryCode, categoryCode), or(sameDayOpen, counted)))
    .orderBy(serviceRequests.createdAt);
  const duplicate = rows.find((r) => r.duplicate);
  return {
    duplicate: duplicate && { id: duplicate.id, requestNo: duplicate.requestNo },
    services: rows.filter((r) => r.counted).map((r) => r.windowStart),
  };
}

/** Inserts a request numbered in the same statement: `XQ` + the China date given + the sequence's next value, six digits. */
export async function insertNumberedRequest(db: Executor, day: string, row: Omit<typeof serviceRequests.$inferInsert, 'requestNo'>) {
  const requestNo = sql<string>`'XQ' || ${day.replaceAll('-', '')} || lpad((nextval('request_no_seq') % 1000000)::text, 6, '0')`;
  const [inserted] = await db
    .insert(serviceRequests)
    .values({ ...row, requestNo })
    .returning();
  return inserted;
}

export async function updateRequest(db: Executor, id: string, patch: Partial<typeof serviceRequests.$inferInsert>) {
  await db
    .update(serviceRequests)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(serviceRequests.id, id));
}

export async function findRequest(db: Executor, id: string) {
  const [row] = await db.select().from(serviceRequests).where(eq(serviceRequests.id, id));
  return row;
}

export async function lockRequest(db: Executor, id: string) {
  const [row] = await db.select().from(serviceRequests).where(eq(serviceRequests.id, id)).for('update');
  return row;
}

export async function insertEvents(db: Executor, rows: (typeof requestEvents.$inferInsert)[]) {
  if (rows.length) await db.insert(requestEvents).values(rows);
}

export async function eventsOf(db: Executor, requestId: string) {
  return db
    .select({
      kind: requestEvents.kind,
      fromStatus: requestEvents.fromStatus,
      toStatus: requestEvents.toStatus,
      params: requestEvents.params,
      at: requestEvents.at,
      actorName: accounts.displayName,
    })
    .from(requestEvents)
    .leftJoin(accounts, eq(accounts.id, requestEvents.actorAccountId))
    .where(eq(requestEvents.requestId, requestId))
    .orderBy(requestEvents.at, requestEvents.id);
}

export type EventView = Awaited<ReturnType<typeof eventsOf>>[number];

export async function assignmentsOf(db: Executor, requestId: string) {
  return db
    .select({
      volunteerId: requestAssignments.volunteerId,
      name: volunteers.name,
      volunteerNo: volunteers.volunteerNo,
      accountId: volunteers.accountId,
      via: requestAssignments.via,
      enrollmentId: requestAssignments.enrollmentId,
      at: requestAssignments.at,
    })
    .from(requestAssignments)
    .innerJoin(volunteers, eq(volunteers.id, requestAssignments.volunteerId))
    .where(eq(requestAssignments.requestId, requestId))
    .orderBy(requestAssignments.at);
}

export async function insertAssignment(db: Executor, row: typeof requestAssignments.$inferInsert) {
  await db.insert(requestAssignments).values(row);
}

/** Requests a volunteer took themselves since an instant (the weekly take cap). */
export async function takenSince(db: Executor, volunteerId: string, since: Date) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(requestAssignments)
    .where(and(eq(requestAssignments.volunteerId, volunteerId), eq(requestAssignments.via, 'taken'), gte(requestAssignments.at, since)));
  return Number(row.n);
}

/** Serializes one volunteer's takes: the weekly count and the new assignment are decided one at a time. */
export async function lockVolunteer(db: Executor, volunteerId: string) {
  await db.select({ id: volunteers.id }).from(volunteers).where(eq(volunteers.id, volunteerId)).for('update');
}

/**
 * Whom an office or organization may assign: each volunteer's number and area, whether they are an
 * active member of the handling organization, and whether they opted in to requests (a reach saved
 * with the opt-in on, as the matcher reads it).
 */
export async function assignableFacts(db: Executor, volunteerIds: string[], organizationId: string) {
  if (!volunteerIds.length) return [];
  return db
    .select({
      id: volunteers.id,
      volunteerNo: volunteers.volunteerNo,
      areaCode: volunteers.areaCode,
      member: sql<boolean>`exists (select 1 from ${organizationMembers} m where m.volunteer_id = ${volunteers.id}
        and m.organization_id = ${organizationId} and m.status = 'active')`,
      optedIn: sql<boolean>`coalesce(${volunteerReach.requestsOptIn}, false)`,
    })
    .from(volunteers)
    .leftJoin(volunteerReach, eq(volunteerReach.volunteerId, volunteers.id))
    .where(inArray(volunteers.id, volunteerIds));
}

/** What a volunteer said of taking requests: whether they want them at all, and how many a week. */
export async function takeReach(db: Executor, volunteerId: string) {
  const [row] = await db
    .select({ cap: volunteerReach.weeklyTakeCap, optIn: volunteerReach.requestsOptIn })
    .from(volunteerReach)
    .where(eq(volunteerReach.volunteerId, volunteerId));
  return row;
}

/** The skill codes a volunteer holds. */
export async function skillCodesOf(db: Executor, volunteerId: string) {
  const [row] = await db.select({ skills: volunteers.skills }).from(volunteers).where(eq(volunteers.id, volunteerId));
  return new Set((row?.skills ?? []).map((s) => s.code));
}

export async function findOrganization(db: Executor, id: string) {
  const [row] = await db
    .select({ id: organizations.id, name: organizations.name, areaCode: organizations.areaCode, status: organizations.status })
    .from(organizations)
    .where(eq(organizations.id, id));
  return row;
}

export async function lockOrganization(db: Executor, id: string) {
  await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, id)).for('update');
}

export async function stationHost(db: Executor, stationId: string) {
  const [row] = await db.select({ hostOrganizationId: stations.hostOrganizationId }).from(stations).where(eq(stations.id, stationId));
  return row?.hostOrganizationId ?? null;
}

export async function stationExists(db: Executor, id: string) {
  const [row] = await db.select({ id: stations.id }).from(stations).where(eq(stations.id, id));
  return !!row;
}

export async function existingVolunteers(db: Executor, ids: string[]) {
  if (!ids.length) return [];
  return db.select({ id: volunteers.id, status: volunteers.status }).from(volunteers).where(inArray(volunteers.id, ids));
}

/** What lists and detail pages show of a request, with its beneficiary, category and organization. */
export const requestColumns = {
  request: serviceRequests,
  beneficiary: { id: beneficiaries.id, name: beneficiaries.name, kind: beneficiaries.kind, accountId: beneficiaries.accountId },
  categoryNameZh: requestCategories.nameZh,
  categoryNameEn: requestCategories.nameEn,
  organizationName: organizations.name,
  mergedIntoNo: sql<string | null>`(select m.request_no from service_requests m where m.id = ${serviceRequests.mergedInto})`,
};

const joined = (db: Executor) =>
  db
    .select(requestColumns)
    .from(serviceRequests)
    .innerJoin(beneficiaries, eq(beneficiaries.id, serviceRequests.beneficiaryId))
    .innerJoin(requestCategories, eq(requestCategories.code, serviceRequests.categoryCode))
    .leftJoin(organizations, eq(organizations.id, serviceRequests.organizationId));

export type RequestView = Awaited<ReturnType<typeof findRequestView>>;
export type RequestViewRow = NonNullable<RequestView>;

export async function findRequestView(db: Executor, id: string) {
  const [row] = await joined(db).where(eq(serviceRequests.id, id));
  return row;
}

export interface RequestFilter {
  status?: RequestStatus;
  overdue?: boolean;
  escalated?: boolean;
  lowRated?: boolean;
  categoryCode?: string;
  within?: string;
  beneficiaryId?: string;
  /** Only the requests of the actor's own beneficiary record (the resident's phone page). */
  mine?: boolean;
  page: number;
  pageSize: number;
}

/** The requests the actor may read, newest first. */
export async function listRequests(db: Executor, actor: Actor, action: Action, f: RequestFilter, now: Date) {
  const scope = scopeFilter(actor, action, {
    // An escalated request climbs to an office above: its area already covers the request's.
    areaCode: serviceRequests.areaCode,
    organizationId: serviceRequests.organizationId,
    stationId: serviceRequests.stationId,
    accountId: beneficiaries.accountId,
  });
  const where: SQL[] = [scope];
  if (f.status) where.push(eq(serviceRequests.status, f.status));
  if (f.categoryCode) where.push(eq(serviceRequests.categoryCode, f.categoryCode));
  if (f.within) where.push(sql`${serviceRequests.areaCode} like ${`${f.within}%`}`);
  if (f.beneficiaryId) where.push(eq(serviceRequests.beneficiaryId, f.beneficiaryId));
  if (f.mine) where.push(eq(beneficiaries.accountId, actor.accountId));
  if (f.escalated) where.push(sql`${serviceRequests.escalationLevel} > 0`);
  if (f.lowRated) where.push(and(isNotNull(serviceRequests.rating), lte(serviceRequests.rating, 2)) as SQL);
  if (f.overdue) where.push(overdueCondition(now));
  const condition = and(...where);
  const [items, [{ total }]] = await Promise.all([
    joined(db)
      .where(condition)
      .orderBy(desc(serviceRequests.createdAt))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(serviceRequests)
      .innerJoin(beneficiaries, eq(beneficiaries.id, serviceRequests.beneficiaryId))
      .where(condition),
  ]);
  return { items, total: Number(total) };
}

/** Not triaged by its triage time, or not assigned by its assign time (the same rule as isOverdue). */
export const overdueCondition = (now: Date) =>
  sql`((${serviceRequests.status} = 'new' and (${serviceRequests.triageDueAt} <= ${now} or ${serviceRequests.assignDueAt} <= ${now}))
    or (${serviceRequests.status} = 'triaged' and ${serviceRequests.assignDueAt} <= ${now}))`;

/** Overdue requests below the city level, oldest due first (the escalation step). */
export async function overdueRequests(db: Executor, now: Date, limit = 500) {
  return db
    .select()
    .from(serviceRequests)
    .where(and(overdueCondition(now), lt(serviceRequests.escalationLevel, 3)))
    .orderBy(serviceRequests.assignDueAt)
    .limit(limit)
    .for('update', { skipLocked: true });
}
