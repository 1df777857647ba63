import { and, asc, count, desc, eq, ilike, inArray, like, notInArray, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { accounts, organizations, roleGrants, stationInspections, stationStandards, stations } from '../../db/schema.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { scopeFilter } from '../../platform/policy.ts';

export type StationRow = typeof stations.$inferSelect;
export type NewStation = Omit<typeof stations.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;
export type StationKind = StationRow['kind'];
export const STATION_KINDS = stations.kind.enumValues;
export const STATION_STATUSES = stations.status.enumValues;

/** The codes of the checklist in force, as one array (uncorrelated: PostgreSQL computes it once per statement). */
const activeCodes = sql`(select coalesce(array_agg(${stationStandards.code}), '{}'::text[])
  from ${stationStandards} where ${stationStandards.active})`;

/** Each station's latest inspection: by inspection date, then by when it was recorded. */
function latestInspection(db: Executor) {
  return db
    .select({
      inspectedOn: sql<string>`${stationInspections.inspectedOn}::text`.as('last_inspected_on'),
      itemsMet: stationInspections.itemsMet,
    })
    .from(stationInspections)
    .where(eq(stationInspections.stationId, stations.id))
    .orderBy(desc(stationInspections.inspectedOn), desc(stationInspections.createdAt))
    .limit(1)
    .as('latest');
}

type Latest = ReturnType<typeof latestInspection>;

/**
 * "To standard" is derived, never stored: the latest inspection met every item of today's
 * checklist. Null (unknown) when the station was never inspected, since NULL @> … is NULL.
 */
const toStandardOf = (latest: Latest) => sql<boolean | null>`(${latest.itemsMet} @> ${activeCodes})`;

function selectStations(db: Executor) {
  const latest = latestInspection(db);
  return {
    latest,
    query: db
      .select({
        id: stations.id,
        name: stations.name,
        kind: stations.kind,
        areaCode: stations.areaCode,
        address: stations.address,
        lat: stations.lat,
        lng: stations.lng,
        floorArea: stations.floorArea,
        openingHours: stations.openingHours,
        hostOrganizationId: stations.hostOrganizationId,
        hostOrganizationName: organizations.name,
        status: stations.status,
        lastInspectedOn: latest.inspectedOn,
        toStandard: toStandardOf(latest),
      })
      .from(stations)
      .leftJoin(organizations, eq(organizations.id, stations.hostOrganizationId))
      .leftJoinLateral(latest, sql`true`)
      .$dynamic(),
  };
}

export type StationListRow = NonNullable<Awaited<ReturnType<typeof findStation>>>;

export interface StationFilter {
  within?: string;
  kind?: StationKind;
  q?: string;
  toStandard?: boolean;
  page: number;
  pageSize: number;
}

export async function listStations(db: Executor, actor: Actor, f: StationFilter) {
  const { latest, query } = selectStations(db);
  const escaped = f.q?.replace(/[%_\\]/g, '\\$&');
  const where = and(
    scopeFilter(actor, 'station.read', { areaCode: stations.areaCode, stationId: stations.id }),
    f.within ? like(stations.areaCode, `${f.within}%`) : undefined,
    f.kind ? eq(stations.kind, f.kind) : undefined,
    escaped ? ilike(stations.name, `%${escaped}%`) : undefined,
    f.toStandard === undefined ? undefined : f.toStandard ? sql`${toStandardOf(latest)} is true` : sql`${toStandardOf(latest)} is false`,
  );
  // The count joins the latest inspection only when the filter looks at it.
  let total = db.select({ total: count() }).from(stations).$dynamic();
  if (f.toStandard !== undefined) total = total.leftJoinLateral(latest, sql`true`);
  const [items, [{ total: n }]] = await Promise.all([
    query
      .where(where)
      .orderBy(asc(stations.areaCode), asc(stations.name), asc(stations.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    total.where(where),
  ]);
  return { items, total: n };
}

export async function findStation(db: Executor, id: string) {
  const [row] = await selectStations(db).query.where(eq(stations.id, id));
  return row;
}

export async function findStationRow(db: Executor, id: string): Promise<StationRow | undefined> {
  const [row] = await db.select().from(stations).where(eq(stations.id, id));
  return row;
}

/** Serializes keeper changes of one station (the grant table has no unique key to lean on). */
export async function lockStation(db: Executor, id: string) {
  await db.select({ id: stations.id }).from(stations).where(eq(stations.id, id)).for('update');
}

export async function insertStation(db: Executor, values: NewStation): Promise<string> {
  const [row] = await db.insert(stations).values(values).returning({ id: stations.id });
  return row.id;
}

export async function updateStation(db: Executor, id: string, patch: Partial<NewStation>) {
  await db
    .update(stations)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(stations.id, id));
}

export async function organizationExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, id));
  return !!row;
}

const keeperOf = (stationId: string, accountId?: string): SQL | undefined =>
  and(
    eq(roleGrants.role, 'station_keeper'),
    eq(roleGrants.stationId, stationId),
    accountId ? eq(roleGrants.accountId, accountId) : undefined,
  );

export async function keepersOf(db: Executor, stationId: string) {
  return db
    .selectDistinct({ accountId: accounts.id, displayName: accounts.displayName })
    .from(roleGrants)
    .innerJoin(accounts, eq(accounts.id, roleGrants.accountId))
    .where(keeperOf(stationId))
    .orderBy(asc(accounts.displayName), asc(accounts.id));
}

/** Grants the keeper role unless the account holds it already; true when a grant was added. */
export async function insertKeeperGrant(db: Executor, stationId: string, accountId: string): Promise<boolean> {
  const [held] = await db.select({ id: roleGrants.id }).from(roleGrants).where(keeperOf(stationId, accountId)).limit(1);
  if (held) return false;
  await db.insert(roleGrants).values({ accountId, role: 'station_keeper', stationId });
  return true;
}

export async function deleteKeeperGrants(db: Executor, stationId: string, accountId: string): Promise<number> {
  const rows = await db.delete(roleGrants).where(keeperOf(stationId, accountId)).returning({ id: roleGrants.id });
  return rows.length;
}

export async function inspectionsOf(db: Executor, stationId: string) {
  const rows = await db
    .select({
      id: stationInspections.id,
      inspectedOn: sql<string>`${stationInspections.inspectedOn}::text`,
      inspectorName: stationInspections.inspectorName,
      itemsMet: stationInspections.itemsMet,
      notes: stationInspections.notes,
      createdAt: stationInspections.createdAt,
      toStandard: sql<boolean>`(${stationInspections.itemsMet} @> ${activeCodes})`,
    })
    .from(stationInspections)
    .where(eq(stationInspections.stationId, stationId))
    .orderBy(desc(stationInspections.inspectedOn), desc(stationInspections.createdAt));
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}

export async function insertInspection(db: Executor, values: typeof stationInspections.$inferInsert): Promise<string> {
  const [row] = await db.insert(stationInspections).values(values).returning({ id: stationInspections.id });
  return row.id;
}

export type StandardInput = Omit<typeof stationStandards.$inferInsert, 'createdAt'>;

export async function listStandards(db: Executor) {
  return db
    .select({
      code: stationStandards.code,
      nameZh: stationStandards.nameZh,
      nameEn: stationStandards.nameEn,
      active: stationStandards.active,
      sort: stationStandards.sort,
    })
    .from(stationStandards)
    .orderBy(desc(stationStandards.active), asc(stationStandards.sort), asc(stationStandards.code));
}

export async function knownStandardCodes(db: Executor, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.select({ code: stationStandards.code }).from(stationStandards).where(inArray(stationStandards.code, codes));
  return new Set(rows.map((r) => r.code));
}

export async function upsertStandards(db: Executor, items: StandardInput[]) {
  await db
    .insert(stationStandards)
    .values(items)
    .onConflictDoUpdate({
      target: stationStandards.code,
      set: { nameZh: sql`excluded.name_zh`, nameEn: sql`excluded.name_en`, active: sql`excluded.active`, sort: sql`excluded.sort` },
    });
}

/** Retires every standard not in the list; rows stay, since old inspections cite their codes. */
export async function retireStandardsExcept(db: Executor, codes: string[]) {
  await db
    .update(stationStandards)
    .set({ active: false })
    .where(and(eq(stationStandards.active, true), notInArray(stationStandards.code, codes)));
}
