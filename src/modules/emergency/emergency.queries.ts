import { and, asc, count, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import { areas, emergencyCalls, emergencyResponses, notifications, organizations, volunteers } from '../../db/schema.ts';
import { areaLineage } from '../../db/schema-registry.ts';
import { levelOfCode } from '../../domain/areas/area-code.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { scopeFilter } from '../../platform/policy.ts';
import { deliveriesOf } from '../notices/index.ts';

export type CallRow = typeof emergencyCalls.$inferSelect;
export type NewCall = typeof emergencyCalls.$inferInsert;

/** Who a call reaches: the area (its subtree), optionally a circle around a centre, and skills. */
export interface Criteria {
  areaCode: string;
  lat?: number | null;
  lng?: number | null;
  radiusMeters?: number | null;
  skills: string[];
}

const EARTH_RADIUS_M = 6_371_000;

/**
 * The volunteers a call reaches: active, opted in to emergency calls (volunteer_reach), living in
 * the area's subtree, within the radius of their reach position when there is one, and holding
 * every skill asked for. A bounding box first (cheap, indexable), then the great-circle distance.
 */
function matching(c: Criteria) {
  const inArea = levelOfCode(c.areaCode)
    ? sql`${areaLineage(volunteers.areaCode)} @> array[${c.areaCode}]::text[]`
    : sql`${volunteers.areaCode} like ${`${c.areaCode}%`}`;
  const skills = c.skills.length ? sql`and ${volunteers.skills} @> ${JSON.stringify(c.skills.map((code) => ({ code })))}::jsonb` : sql``;
  let circle = sql``;
  if (c.radiusMeters != null && c.lat != null && c.lng != null) {
    const dLat = (c.radiusMeters / EARTH_RADIUS_M) * (180 / Math.PI);
    const dLng = dLat / Math.max(Math.cos((c.lat * Math.PI) / 180), 0.01);
    circle = sql`and r.lat between ${c.lat - dLat} and ${c.lat + dLat} and r.lng between ${c.lng - dLng} and ${c.lng + dLng}
      and 2 * ${EARTH_RADIUS_M} * asin(sqrt(power(sin(radians(r.lat - ${c.lat}) / 2), 2)
        + cos(radians(${c.lat})) * cos(radians(r.lat)) * power(sin(radians(r.lng - ${c.lng}) / 2), 2))) <= ${c.radiusMeters}`;
  }
  return sql`from ${volunteers} join volunteer_reach r on r.volunteer_id = ${volunteers.id}
    where r.emergency_opt_in and ${volunteers.status} = 'active' and ${inArea} ${skills} ${circle}`;
}

export async function insertCall(tx: Executor, call: NewCall): Promise<string> {
  const [row] = await tx.insert(emergencyCalls).values(call).returning({ id: emergencyCalls.id });
  return row.id;
}

/** One INSERT … SELECT: a response row ('notified') for every matching volunteer; answers how many. */
export async function insertResponses(tx: Executor, callId: string, c: Criteria): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await tx.execute(sql`with added as (
        insert into emergency_responses (call_id, volunteer_id) select ${callId}::uuid, ${volunteers.id} ${matching(c)}
        returning 1)
      select count(*)::int as n from added`),
  );
  await tx.update(emergencyCalls).set({ notifiedCount: row.n }).where(eq(emergencyCalls.id, callId));
  return row.n;
}

/**
 * One statement: a notice of the given kind to every volunteer of the call whose answer is one of
 * `responses`, and a delivery job for each (webhook/SMS, e-mail); answers how many were told.
 */
export async function insertNotices(
  tx: Executor,
  callId: string,
  responses: readonly string[],
  kind: string,
  params: Record<string, string | number>,
) {
  const [row] = rowsOf<{ n: number }>(
    await tx.execute(sql`with told as (
        insert into ${notifications} (volunteer_id, kind, params)
        select er.volunteer_id, ${kind}, ${JSON.stringify(params)}::jsonb from ${emergencyResponses} er
        where er.call_id = ${callId} and er.response = any(${sql.param([...responses])}::text[])
        returning id),
      queued as (${deliveriesOf('told')})
      select count(*)::int as n from told`),
  );
  return row.n;
}

/** The call, locked until the transaction ends: answers to one call are taken one at a time. */
export async function lockCall(tx: Executor, id: string): Promise<CallRow | undefined> {
  const [row] = await tx.select().from(emergencyCalls).where(eq(emergencyCalls.id, id)).for('update');
  return row;
}

export async function findCall(db: Executor, id: string): Promise<CallRow | undefined> {
  const [row] = await db.select().from(emergencyCalls).where(eq(emergencyCalls.id, id));
  return row;
}

/** Every change the live page shows goes through here: the version (its ETag) moves with it. */
export async function updateCall(tx: Executor, id: string, patch: Partial<NewCall>) {
  await tx
    .update(emergencyCalls)
    .set({ ...patch, version: sql`${emergencyCalls.version} + 1` })
    .where(eq(emergencyCalls.id, id));
}

/** What the live page's poll compares: one row by its key. */
export async function versionOf(db: Executor, id: string) {
  const [row] = await db
    .select({ areaCode: emergencyCalls.areaCode, version: emergencyCalls.version })
    .from(emergencyCalls)
    .where(eq(emergencyCalls.id, id));
  return row;
}

/** Open or full calls whose end time has passed (the expiry job's work). */
export async function expiredCalls(db: Executor, now: Date) {
  return db
    .select({ id: emergencyCalls.id })
    .from(emergencyCalls)
    .where(and(inArray(emergencyCalls.status, ['open', 'full']), lte(emergencyCalls.endsAt, now)))
    .orderBy(asc(emergencyCalls.endsAt));
}

export async function findOrganization(db: Executor, id: string) {
  const [row] = await db
    .select({ id: organizations.id, name: organizations.name, areaCode: organizations.areaCode, status: organizations.status })
    .from(organizations)
    .where(eq(organizations.id, id));
  return row;
}

/**
 * The organizations that may run a call in the area: active, covering it (their area is the
 * area or one above it) and inside the office's scope; the nearest level first, volunteer
 * organizations (an association, a team) before a unit's own team.
 */
export async function organizationsFor(db: Executor, actor: Actor, areaCode: string) {
  return db
    .select({ id: organizations.id, name: organizations.name, areaCode: organizations.areaCode })
    .from(organizations)
    .where(
      and(
        eq(organizations.status, 'active'),
        sql`${areaCode} like ${organizations.areaCode} || '%'`,
        scopeFilter(actor, 'emergency.call', { areaCode: organizations.areaCode }),
      ),
    )
    .orderBy(desc(sql`length(${organizations.areaCode})`), sql`${organizations.kind} = 'unit'`, asc(organizations.name))
    .limit(200);
}

export async function responseOf(db: Executor, callId: string, volunteerId: string) {
  const [row] = await db
    .select()
    .from(emergencyResponses)
    .where(and(eq(emergencyResponses.callId, callId), eq(emergencyResponses.volunteerId, volunteerId)));
  return row;
}

export async function setResponse(
  tx: Executor,
  callId: string,
  volunteerId: string,
  response: (typeof emergencyResponses.$inferSelect)['response'],
  standbyNo: number | null = null,
) {
  await tx
    .update(emergencyResponses)
    .set({ response, standbyNo, respondedAt: sql`now()` })
    .where(and(eq(emergencyResponses.callId, callId), eq(emergencyResponses.volunteerId, volunteerId)));
}

/** Everyone still on the list (not answered, or on standby) is let go when the call ends. */
export async function releaseWaiting(tx: Executor, callId: string) {
  await tx
    .update(emergencyResponses)
    .set({ response: 'released' })
    .where(and(eq(emergencyResponses.callId, callId), sql`${emergencyResponses.response} in ('notified', 'standby')`));
}

/** How many are on the standby list, and the last place given. */
export async function standbyOf(tx: Executor, callId: string) {
  const [row] = await tx
    .select({ n: count(), last: sql<number>`coalesce(max(${emergencyResponses.standbyNo}), 0)::int` })
    .from(emergencyResponses)
    .where(and(eq(emergencyResponses.callId, callId), eq(emergencyResponses.response, 'standby')));
  return row;
}

export async function countsOf(db: Executor, callId: string) {
  const rows = await db
    .select({ response: emergencyResponses.response, n: count() })
    .from(emergencyResponses)
    .where(eq(emergencyResponses.callId, callId))
    .groupBy(emergencyResponses.response);
  const by = Object.fromEntries(rows.map((r) => [r.response, r.n]));
  return {
    notified: rows.reduce((sum, r) => sum + r.n, 0),
    waiting: by.notified ?? 0,
    accepted: by.accepted ?? 0,
    standby: by.standby ?? 0,
    declined: by.declined ?? 0,
    released: by.released ?? 0,
  };
}

/** The answers as they arrive, newest first: who (phone masked), what, when. */
export async function answersOf(db: Executor, callId: string, limit = 200) {
  return db
    .select({
      volunteerId: emergencyResponses.volunteerId,
      name: volunteers.name,
      volunteerNo: volunteers.volunteerNo,
      phoneMasked: volunteers.phoneMasked,
      response: emergencyResponses.response,
      standbyNo: emergencyResponses.standbyNo,
      respondedAt: emergencyResponses.respondedAt,
    })
    .from(emergencyResponses)
    .innerJoin(volunteers, eq(volunteers.id, emergencyResponses.volunteerId))
    .where(and(eq(emergencyResponses.callId, callId), sql`${emergencyResponses.respondedAt} is not null`))
    .orderBy(desc(emergencyResponses.respondedAt))
    .limit(limit);
}

const areaName = sql<string>`(select coalesce(${areas.name}, '') from ${areas} where ${areas.code} = ${emergencyCalls.areaCode})`.as(
  'area_name',
);

export async function listCalls(db: Executor, actor: Actor, f: { page: number; pageSize: number }) {
  const where = scopeFilter(actor, 'emergency.read', { areaCode: emergencyCalls.areaCode });
  const [items, [{ total }]] = await Promise.all([
    db
      .select({
        id: emergencyCalls.id,
        title: emergencyCalls.title,
        areaCode: emergencyCalls.areaCode,
        areaName,
        startsAt: emergencyCalls.startsAt,
        endsAt: emergencyCalls.endsAt,
        headcount: emergencyCalls.headcount,
        standbyCount: emergencyCalls.standbyCount,
        acceptedCount: emergencyCalls.acceptedCount,
        notifiedCount: emergencyCalls.notifiedCount,
        status: emergencyCalls.status,
        createdAt: emergencyCalls.createdAt,
      })
      .from(emergencyCalls)
      .where(where)
      .orderBy(desc(emergencyCalls.createdAt), desc(emergencyCalls.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ total: count() }).from(emergencyCalls).where(where),
  ]);
  return { items, total };
}

export async function areaOf(db: Executor, code: string) {
  const [row] = await db.select({ code: areas.code, name: areas.name }).from(areas).where(eq(areas.code, code));
  return row;
}
