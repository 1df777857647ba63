import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import { coveredCommunities, DEFAULT_WALK, type WalkSettings } from '../../domain/kpi/coverage.ts';
import { readSetting } from '../../platform/settings.ts';
import { hasOrganization, lineageOf, stationToStandard } from './kpi.sql.ts';

/**
 * The registry figures of every area: administrative units with a volunteer organization, open
 * stations to standard and their floor area, residents within walking time of a station. Areas,
 * organizations and stations are few (thousands, not millions) and change rarely, so the table is
 * recomputed whole, in the refresh's transaction, whenever a trigger marked one of them changed.
 */

export const WALK_SETTING = 'kpi.walk';

declare module '../../platform/settings.ts' {
  interface CitySettings {
    /** Walking speed and detour behind "a station within 20 minutes' walk". */
    'kpi.walk': Partial<WalkSettings>;
  }
}

export async function walkSettingsOf(db: Executor): Promise<WalkSettings> {
  return { ...DEFAULT_WALK, ...((await readSetting(db, WALK_SETTING)) ?? {}) };
}

/**
 * The communities within `prefix` (a whole city with '') and which of them have an open station
 * (anywhere: a station across a district line serves just as well) within walking time of their centre.
 * A community without coordinates cannot be shown to be covered.
 */
export async function walkCoverageOf(db: Executor, prefix: string) {
  // One after the other: inside a transaction they share one connection.
  const communities = await db.execute(
    sql`select code, population, lat, lng from areas where level = 'community' and code like ${`${prefix}%`}`,
  );
  const stations = await db.execute(sql`select lat, lng from stations where status = 'open' and lat is not null and lng is not null`);
  const settings = await walkSettingsOf(db);
  const rows = rowsOf<{ code: string; population: number; lat: number | null; lng: number | null }>(communities);
  const located = rows.filter((c): c is typeof c & { lat: number; lng: number } => c.lat !== null && c.lng !== null);
  const covered = coveredCommunities(located, rowsOf<{ lat: number; lng: number }>(stations), settings);
  return { communities: rows, covered };
}

/** Recomputes kpi_area_registry when something it depends on changed (or it was never computed); true when it did. */
export async function refreshRegistryRollup(tx: Executor): Promise<boolean> {
  const [marks] = rowsOf<{ n: number; never: boolean }>(
    await tx.execute(sql`with d as (delete from kpi_dirty_registry returning 1)
      select (select count(*)::int from d) as n, (select registry_refreshed_at is null from kpi_state where id = 1) as never`),
  );
  if (marks.n === 0 && !marks.never) return false;
  const { covered } = await walkCoverageOf(tx, '');
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
  await tx.execute(sql`update kpi_state set registry_refreshed_at = now() where id = 1`);
  return true;
}
