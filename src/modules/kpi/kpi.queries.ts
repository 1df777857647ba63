import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import type { AreaLevel } from '../../domain/areas/area-code.ts';
import type { KpiInputs } from '../../domain/kpi/figures.ts';
import { firstDay, type KpiWindow } from '../../domain/kpi/window.ts';

/** An area as the KPI pages name it. */
export interface KpiArea {
  code: string;
  name: string;
  nameEn: string | null;
  level: AreaLevel;
}

const toNumber = (v: string | number | null) => (v === null ? 0 : Number(v));

/** The office's latest figure for all registered volunteers of an area `a`, on every platform. */
export const allPlatformsTotal = sql`(select k.total from kpi_registered_totals k where k.area_code = a.code
  order by k.reported_on desc, k.created_at desc limit 1)`;

interface RollupRow {
  code: string;
  name: string;
  name_en: string | null;
  level: AreaLevel;
  population: number;
  all_platforms: number | null;
  registered: number | null;
  cadres: number | null;
  college: number | null;
  school: number | null;
  never_served: number | null;
  active: string | null;
  active_party_league: string | null;
  hours: string | null;
  cadre_hours: string | null;
  college_hours: string | null;
  school_hours: string | null;
  city_units: number | null;
  city_units_with_org: number | null;
  district_units: number | null;
  district_units_with_org: number | null;
  street_units: number | null;
  street_units_with_org: number | null;
  community_units: number | null;
  community_units_with_org: number | null;
  stations_open: number | null;
  stations_to_standard: number | null;
  floor_area: string | null;
  walk_residents: string | number | null;
  walk_covered: string | number | null;
}

const toInputs = (r: RollupRow): KpiInputs => ({
  residents: r.population,
  registered: toNumber(r.registered),
  registeredAllPlatforms: r.all_platforms,
  cadres: toNumber(r.cadres),
  college: toNumber(r.college),
  school: toNumber(r.school),
  neverServed: toNumber(r.never_served),
  active: toNumber(r.active),
  activePartyLeague: toNumber(r.active_party_league),
  hours: toNumber(r.hours),
  cadreHours: toNumber(r.cadre_hours),
  collegeHours: toNumber(r.college_hours),
  schoolHours: toNumber(r.school_hours),
  units: {
    city: { units: toNumber(r.city_units), withOrganization: toNumber(r.city_units_with_org) },
    district: { units: toNumber(r.district_units), withOrganization: toNumber(r.district_units_with_org) },
    street: { units: toNumber(r.street_units), withOrganization: toNumber(r.street_units_with_org) },
    community: { units: toNumber(r.community_units), withOrganization: toNumber(r.community_units_with_org) },
  },
  stations: { open: toNumber(r.stations_open), toStandard: toNumber(r.stations_to_standard), floorArea: toNumber(r.floor_area) },
  walk: { residents: toNumber(r.walk_residents), covered: toNumber(r.walk_covered) },
});

/**
 * The KPI inputs of several areas for one window, from the rollups: per area one row of totals,
 * one of registry figures and its months up to the window's end (the active count is the sum of
 * the active changes up to then). Areas in the order asked; unknown codes are left out.
 */
export async function rollupInputsOf(db: Executor, codes: string[], window: KpiWindow) {
  if (codes.length === 0) return [];
  const rows = rowsOf<RollupRow>(
    await db.execute(sql`select a.code, a.name, a.name_en, a.level, a.population, ${allPlatformsTotal} as all_platforms,
        t.registered, t.cadres, t.college, t.school, t.never_served,
        m.active::text, m.active_party_league::text, m.hours::text, m.cadre_hours::text, m.college_hours::text, m.school_hours::text,
        r.city_units, r.city_units_with_org, r.district_units, r.district_units_with_org,
        r.street_units, r.street_units_with_org, r.community_units, r.community_units_with_org,
        r.stations_open, r.stations_to_standard, r.floor_area::text, r.walk_residents, r.walk_covered
      from areas a
      left join kpi_area_totals t on t.area_code = a.code
      left join kpi_area_registry r on r.area_code = a.code
      left join lateral (
        select sum(m.active) as active, sum(m.active_party_league) as active_party_league,
          sum(m.hours) filter (where m.month >= ${firstDay(window.from)}::date) as hours,
          sum(m.cadre_hours) filter (where m.month >= ${firstDay(window.from)}::date) as cadre_hours,
          sum(m.college_hours) filter (where m.month >= ${firstDay(window.from)}::date) as college_hours,
          sum(m.school_hours) filter (where m.month >= ${firstDay(window.from)}::date) as school_hours
        from kpi_area_months m where m.area_code = a.code and m.month <= ${firstDay(window.until)}::date
      ) m on true
      where a.code = any(${sql.param(codes)}::text[])`),
  );
  const byCode = new Map(rows.map((r) => [r.code, r]));
  return codes.flatMap((code) => {
    const r = byCode.get(code);
    return r ? [{ area: { code: r.code, name: r.name, nameEn: r.name_en, level: r.level }, inputs: toInputs(r) }] : [];
  });
}

export async function childCodesOf(db: Executor, code: string): Promise<string[]> {
  const rows = rowsOf<{ code: string }>(await db.execute(sql`select code from areas where parent_code = ${code} order by code`));
  return rows.map((r) => r.code);
}

/** Month by month up to `until`: confirmed hours, active volunteers (12 months to that month), new registrations. */
export async function monthlySeries(db: Executor, code: string, from: string, until: string) {
  const rows = rowsOf<{ month: string; hours: string; active: string; registrations: string }>(
    await db.execute(sql`select to_char(g.month, 'YYYY-MM') as month,
        coalesce(m.hours, 0)::text as hours, coalesce(m.registrations, 0)::text as registrations,
        (select coalesce(sum(x.active), 0) from kpi_area_months x where x.area_code = ${code} and x.month <= g.month)::text as active
      from generate_series(${firstDay(from)}::date, ${firstDay(until)}::date, interval '1 month') as g(month)
      left join kpi_area_months m on m.area_code = ${code} and m.month = g.month
      order by g.month`),
  );
  return rows.map((r) => ({ month: r.month, hours: Number(r.hours), active: Number(r.active), registrations: Number(r.registrations) }));
}

export async function rollupState(db: Executor) {
  const [row] = rowsOf<{ ledger_seq: string; refreshed_at: Date | string | null }>(
    await db.execute(sql`select ledger_seq::text, refreshed_at from kpi_state where id = 1`),
  );
  return {
    ledgerSeq: row ? Number(row.ledger_seq) : 0,
    refreshedAt: row?.refreshed_at ? new Date(row.refreshed_at).toISOString() : null,
  };
}

export async function insertRegisteredTotal(
  db: Executor,
  values: { areaCode: string; total: number; reportedOn: string; note: string; enteredBy: string | null },
) {
  await db.execute(sql`insert into kpi_registered_totals (area_code, total, reported_on, note, entered_by)
    values (${values.areaCode}, ${values.total}, ${values.reportedOn}::date, ${values.note}, ${values.enteredBy})`);
}

export interface RegisteredTotalEntry {
  total: number;
  reportedOn: string;
  note: string;
  enteredBy: string | null;
  enteredAt: string;
}

/** The figures entered for an area, the one in force first (latest report date, then latest entry). */
export async function registeredTotalsOf(db: Executor, areaCode: string, limit = 20): Promise<RegisteredTotalEntry[]> {
  const rows = rowsOf<{ total: number; reported_on: string; note: string; entered_by: string | null; entered_at: string }>(
    await db.execute(sql`select k.total, to_char(k.reported_on, 'YYYY-MM-DD') as reported_on, k.note,
        a.display_name as entered_by, k.created_at as entered_at
      from kpi_registered_totals k left join accounts a on a.id = k.entered_by
      where k.area_code = ${areaCode}
      order by k.reported_on desc, k.created_at desc
      limit ${limit}`),
  );
  return rows.map((r) => ({
    total: r.total,
    reportedOn: r.reported_on,
    note: r.note,
    enteredBy: r.entered_by,
    enteredAt: new Date(r.entered_at).toISOString(),
  }));
}

export async function findArea(db: Executor, code: string): Promise<KpiArea | undefined> {
  const [row] = rowsOf<{ code: string; name: string; name_en: string | null; level: AreaLevel }>(
    await db.execute(sql`select code, name, name_en, level from areas where code = ${code}`),
  );
  return row ? { code: row.code, name: row.name, nameEn: row.name_en, level: row.level } : undefined;
}
