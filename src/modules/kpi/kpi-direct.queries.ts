import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import { allPlatformsTotal } from './kpi.queries.ts';
import { hasOrganization, isCadre, isCollege, isPartyLeague, isPupil, isRegistered, stationToStandard } from './kpi-definitions.queries.ts';

/**
 * The plain aggregate queries behind the direct KPI inputs (kpi.direct.ts): straight from the raw
 * tables, no rollup. `within` is an area's subtree as a LIKE pattern (`code%`).
 */

export async function areaFigures(db: Executor, code: string) {
  const [area] = rowsOf<{ population: number; all_platforms: number | null }>(
    await db.execute(sql`select a.population, ${allPlatformsTotal} as all_platforms from areas a where a.code = ${code}`),
  );
  return area;
}

export async function peopleCounts(db: Executor, within: string) {
  const [people] = rowsOf<{ registered: number; cadres: number; college: number; school: number; never_served: number }>(
    await db.execute(sql`select count(*)::int as registered, count(*) filter (where ${isCadre})::int as cadres,
        count(*) filter (where ${isCollege})::int as college, count(*) filter (where ${isPupil})::int as school,
        count(*) filter (where not exists (select 1 from ledger_entries le where le.volunteer_id = v.id))::int as never_served
      from volunteers v where v.area_code like ${within} and ${isRegistered}`),
  );
  return people;
}

/**
 * A confirmed record is one with entries in the ledger; its hours are the sum of its entries
 * (corrections included), dated by the record's service date (`from` inclusive, `until` exclusive).
 */
export async function servedTotals(db: Executor, within: string, from: string, until: string) {
  const [served] = rowsOf<Record<'active' | 'active_pl' | 'hours' | 'cadre_hours' | 'college_hours' | 'school_hours', string>>(
    await db.execute(sql`select count(distinct v.id)::text as active,
        count(distinct v.id) filter (where ${isPartyLeague})::text as active_pl,
        coalesce(sum(le.hours), 0)::text as hours,
        coalesce(sum(le.hours) filter (where ${isCadre}), 0)::text as cadre_hours,
        coalesce(sum(le.hours) filter (where ${isCollege}), 0)::text as college_hours,
        coalesce(sum(le.hours) filter (where ${isPupil}), 0)::text as school_hours
      from ledger_entries le
      join service_records r on r.id = le.record_id
      join volunteers v on v.id = le.volunteer_id
      where v.area_code like ${within} and ${isRegistered}
        and r.service_date >= ${from}::date and r.service_date < ${until}::date`),
  );
  return served;
}

export async function unitCounts(db: Executor, within: string) {
  return rowsOf<{ level: string; units: number; with_org: number }>(
    await db.execute(sql`select a.level, count(*)::int as units, count(*) filter (where ${hasOrganization})::int as with_org
      from areas a where a.code like ${within} group by a.level`),
  );
}

export async function stationCounts(db: Executor, within: string) {
  const [stations] = rowsOf<{ open: number; to_standard: number; floor_area: string }>(
    await db.execute(sql`select count(*)::int as open, count(*) filter (where ${stationToStandard})::int as to_standard,
        coalesce(sum(s.floor_area::numeric), 0)::text as floor_area
      from stations s where s.area_code like ${within} and s.status = 'open'`),
  );
  return stations;
}
