import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';

/**
 * The statements of the demo seed (seed-demo.ts, seed-registry.ts, seed-activities.ts) besides
 * the bulk rows themselves: whether a part is seeded already, the reference data the generators
 * draw from, the registry's lock and volunteer numbers, and planner statistics once loaded.
 */

export async function hasAreas(db: Executor): Promise<boolean> {
  return rowsOf<{ seeded: boolean }>(await db.execute(sql`select exists(select 1 from areas) as seeded`))[0].seeded;
}

export async function hasVolunteers(db: Executor): Promise<boolean> {
  return rowsOf<{ any: boolean }>(await db.execute(sql`select exists(select 1 from volunteers) as any`))[0].any;
}

export async function hasProjects(db: Executor) {
  return rowsOf<{ any: boolean }>(await db.execute(sql`select exists(select 1 from projects) as any`))[0].any;
}

/** Two seeds at once: the second waits here (until the first commits). */
export async function lockVolunteersTable(tx: Executor) {
  await tx.execute(sql`lock table volunteers in share row exclusive mode`);
}

/** More memory for the indexes built after a city's worth of rows, in this transaction only. */
export async function raiseMaintenanceMemory(tx: Executor) {
  await tx.execute(sql`set local maintenance_work_mem = '256MB'`);
}

/**
 * `n` volunteer numbers from the sequence in one round trip, as runs of consecutive numbers
 * [lo, hi] in order (one, unless someone registered meanwhile).
 */
export async function volunteerNumberRuns(db: Executor, n: number): Promise<[number, number][]> {
  return rowsOf<{ lo: string; hi: string }>(
    await db.execute(sql`
      select min(n)::text as lo, max(n)::text as hi
      from (select n, n - row_number() over (order by n) as run
            from (select nextval('volunteer_no_seq') as n from generate_series(1, ${n}::int)) s) t
      group by run order by min(n)`),
  ).map((r) => [Number(r.lo), Number(r.hi)]);
}

export async function builtinSkills(db: Executor) {
  return rowsOf<{ code: string; needs_certificate: boolean }>(
    await db.execute(sql`select code, needs_certificate from skills where builtin order by code`),
  );
}

export async function activeStandards(db: Executor) {
  return rowsOf<{ code: string; name_zh: string }>(
    await db.execute(sql`select code, name_zh from station_standards where active order by sort, code`),
  );
}

export async function activeOrganizations(tx: Executor) {
  return rowsOf<{ id: string; area_code: string; name: string }>(
    await tx.execute(sql`select id, area_code, name from organizations where status = 'active' order by id`),
  );
}

export async function communityPlaces(tx: Executor) {
  return rowsOf<{ code: string; name: string; lat: number | null; lng: number | null }>(
    await tx.execute(sql`select code, name, lat, lng from areas where level = 'community' order by code`),
  );
}

/** Active volunteers with their district (the area code's first six digits). */
export async function activeVolunteerDistricts(tx: Executor) {
  return rowsOf<{ id: string; d: string }>(
    await tx.execute(sql`select id, left(area_code, 6) as d from volunteers where status = 'active' order by id`),
  );
}

// Planner statistics for freshly loaded tables now, not whenever autovacuum gets to them.

export async function analyzeRegistry(db: Executor) {
  await db.execute(sql`ANALYZE volunteers, volunteer_sources, organizations, organization_members, stations, station_inspections`);
}

export async function analyzeActivities(tx: Executor) {
  await tx.execute(sql`ANALYZE projects, project_events, activities, positions, enrollments`);
}

export async function analyzeHistory(db: Executor) {
  await db.execute(sql`ANALYZE service_records, ledger_entries, volunteers`);
}
