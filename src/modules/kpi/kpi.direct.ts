import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import { AREA_LEVELS } from '../../domain/areas/area-code.ts';
import type { KpiInputs } from '../../domain/kpi/figures.ts';
import { addMonths, firstDay, type KpiWindow } from '../../domain/kpi/window.ts';
import { allPlatformsTotal } from './kpi.queries.ts';
import { walkCoverageOf } from './kpi.registry.ts';
import { hasOrganization, isCadre, isCollege, isPartyLeague, isPupil, isRegistered, stationToStandard } from './kpi.sql.ts';

/**
 * The KPI inputs of one area computed straight from the raw tables (volunteers, the ledger and its
 * records, areas, organizations, stations), with plain aggregate queries and no rollup: the
 * yardstick the rollups are checked against in tests and timed against in the benchmark. They
 * must agree exactly. An area's subtree is `code LIKE prefix%`.
 */
export async function directInputsOf(db: Executor, code: string, window: KpiWindow): Promise<KpiInputs | undefined> {
  const within = `${code}%`;
  const from = firstDay(window.from);
  const until = firstDay(addMonths(window.until, 1));
  const [area] = rowsOf<{ population: number; all_platforms: number | null }>(
    await db.execute(sql`select a.population, ${allPlatformsTotal} as all_platforms from areas a where a.code = ${code}`),
  );
  if (!area) return undefined;

  const [people] = rowsOf<{ registered: number; cadres: number; college: number; school: number; never_served: number }>(
    await db.execute(sql`select count(*)::int as registered, count(*) filter (where ${isCadre})::int as cadres,
        count(*) filter (where ${isCollege})::int as college, count(*) filter (where ${isPupil})::int as school,
        count(*) filter (where not exists (select 1 from ledger_entries le where le.volunteer_id = v.id))::int as never_served
      from volunteers v where v.area_code like ${within} and ${isRegistered}`),
  );

  // A confirmed record is one with entries in the ledger; its hours are the sum of its entries
  // (corrections included), dated by the record's service date.
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

  const unitRows = rowsOf<{ level: string; units: number; with_org: number }>(
    await db.execute(sql`select a.level, count(*)::int as units, count(*) filter (where ${hasOrganization})::int as with_org
      from areas a where a.code like ${within} group by a.level`),
  );
  const units = Object.fromEntries(
    AREA_LEVELS.map((level) => {
      const row = unitRows.find((u) => u.level === level);
      return [level, { units: row?.units ?? 0, withOrganization: row?.with_org ?? 0 }];
    }),
  ) as KpiInputs['units'];

  const [stations] = rowsOf<{ open: number; to_standard: number; floor_area: string }>(
    await db.execute(sql`select count(*)::int as open, count(*) filter (where ${stationToStandard})::int as to_standard,
        coalesce(sum(s.floor_area::numeric), 0)::text as floor_area
      from stations s where s.area_code like ${within} and s.status = 'open'`),
  );

  const walk = await walkCoverageOf(db, code);
  return {
    residents: area.population,
    registered: people.registered,
    registeredAllPlatforms: area.all_platforms,
    cadres: people.cadres,
    college: people.college,
    school: people.school,
    neverServed: people.never_served,
    active: Number(served.active),
    activePartyLeague: Number(served.active_pl),
    hours: Number(served.hours),
    cadreHours: Number(served.cadre_hours),
    collegeHours: Number(served.college_hours),
    schoolHours: Number(served.school_hours),
    units,
    stations: { open: stations.open, toStandard: stations.to_standard, floorArea: Number(stations.floor_area) },
    walk: {
      residents: walk.communities.reduce((sum, c) => sum + c.population, 0),
      covered: walk.communities.reduce((sum, c) => sum + (walk.covered.has(c.code) ? c.population : 0), 0),
    },
  };
}
