import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import { hasOrganization, lineageOf, stationToStandard } from './kpi-definitions.queries.ts';

/**
 * The statements behind the registry figures (kpi.registry.ts) and the KPI map (kpi-export.ts):
 * communities and open stations with their coordinates, and kpi_area_registry recomputed whole.
 */

/** The communities within `prefix` (a whole city with '') with their residents and centre. */
export async function communitiesWithin(db: Executor, prefix: string) {
  return rowsOf<{ code: string; population: number; lat: number | null; lng: number | null }>(
    await db.execute(sql`select code, population, lat, lng from areas where level = 'community' and code like ${`${prefix}%`}`),
  );
}

/** Where the open stations are (those with coordinates), anywhere in the city. */
export async function openStationPoints(db: Executor) {
  return rowsOf<{ lat: number; lng: number }>(
    await db.execute(sql`select lat, lng from stations where status = 'open' and lat is not null and lng is not null`),
  );
}

/** Takes the registry's change marks off their queue: how many there were, and whether the table was ever computed. */
export async function takeRegistryMarks(tx: Executor) {
  const [marks] = rowsOf<{ n: number; never: boolean }>(
    await tx.execute(sql`with d as (delete from kpi_dirty_registry returning 1)
      select (select count(*)::int from d) as n, (select registry_refreshed_at is null from kpi_state where id = 1) as never`),
  );
  return marks;
}

/** Recomputes kpi_area_registry whole; `covered` are the codes of the communities within walking time of a station. */
export async function replaceRegistry(tx: Executor, covered: Set<string>) {
  const unit = (level: string) =>
    sql.raw(`count(*) filter (where x.level = '${level}'), count(*) filter (where x.level = '${level}' and x.has_org)`);
  await tx.execute(sql`delete from kpi_area_registry`);
  await tx.execute(sql`insert into kpi_area_registry
    select a.code,
      coalesce(u.city_units, 0), coalesce(u.city_with, 0), coalesce(u.district_units, 0), coalesce(u.district_with, 0),
      coalesce(u.street_units, 0), coalesce(u.street_with, 0), coalesce(u.community_units, 0), coalesce(u.community_with, 0),
      coalesce(st.open, 0), coalesce(st.to_standard, 0), coalesce(st.floor_area, 0),
      coalesce(w.residents, 0), coalesce(w.covered, 0)
    from areas a
    left join (
      select l.code, ${unit('city')}, ${unit('district')}, ${unit('street')}, ${unit('community')}
      from (select a.code as area_code, a.level, ${hasOrganization} as has_org from areas a) x
      ${lineageOf(sql`x.area_code`)}
      group by l.code
    ) as u (code, city_units, city_with, district_units, district_with, street_units, street_with, community_units, community_with)
      on u.code = a.code
    left join (
      select l.code, count(*) as open, count(*) filter (where x.to_standard) as to_standard, sum(x.floor_area) as floor_area
      from (select s.area_code, s.floor_area::numeric as floor_area, ${stationToStandard} as to_standard
            from stations s where s.status = 'open') x
      ${lineageOf(sql`x.area_code`)}
      group by l.code
    ) st on st.code = a.code
    left join (
      select l.code, sum(c.population) as residents,
        coalesce(sum(c.population) filter (where c.code = any(${sql.param([...covered])}::text[])), 0) as covered
      from areas c
      ${lineageOf(sql`c.code`)}
      where c.level = 'community'
      group by l.code
    ) w on w.code = a.code`);
}

export async function markRegistryRefreshed(tx: Executor) {
  await tx.execute(sql`update kpi_state set registry_refreshed_at = now() where id = 1`);
}

/** The communities' names within an area, for the map. */
export async function communityNamesWithin(db: Executor, code: string) {
  return rowsOf<{ code: string; name: string; name_en: string | null }>(
    await db.execute(sql`select code, name, name_en from areas where level = 'community' and code like ${`${code}%`}`),
  );
}

/** Every open station with coordinates, by name: the map shows those beyond the area's lines that serve it too. */
export async function locatedOpenStations(db: Executor) {
  return rowsOf<{ id: string; name: string; area_code: string; lat: number; lng: number }>(
    await db.execute(sql`select id, name, area_code, lat, lng from stations
      where status = 'open' and lat is not null and lng is not null order by name`),
  );
}
