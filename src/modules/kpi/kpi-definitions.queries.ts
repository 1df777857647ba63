import { type SQL, sql } from 'drizzle-orm';
import { LEAGUE_STATUSES, PARTY_STATUSES, PUPIL_SCHOOL_TYPES, REGISTERED_STATUSES } from '../../domain/kpi/figures.ts';

/**
 * The SQL of the KPI definitions (docs/kpi.md) that both the rollups and the direct queries use:
 * who counts as registered, a party or league member, a cadre, a student. How they then count
 * and add up is written twice, independently, so the two can check each other.
 */

const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** The flags of a volunteer row aliased `v`. */
export const isRegistered = sql`(v.status in (${list(REGISTERED_STATUSES)}))`;
export const isParty = sql`coalesce(v.political_status in (${list(PARTY_STATUSES)}), false)`;
export const isPartyLeague = sql`coalesce(v.political_status in (${list([...PARTY_STATUSES, ...LEAGUE_STATUSES])}), false)`;
/** 党员干部: a cadre who is a CPC member. */
export const isCadre = sql`(v.cadre and ${isParty})`;
export const isCollege = sql`coalesce(v.school_type = 'college', false)`;
export const isPupil = sql`coalesce(v.school_type in (${list(PUPIL_SCHOOL_TYPES)}), false)`;
/** A registration in its month, China time; a merged duplicate was never a person of its own. */
export const countsAsRegistration = sql`(v.status <> 'merged')`;
export const createdMonth = sql`date_trunc('month', v.created_at at time zone 'Asia/Shanghai')::date`;

/**
 * The area and every ancestor of a code, as rows `l.code`: a volunteer, station or unit counts in
 * its own area and in each area above it (the code's 4-, 6-, 9- and 12-digit prefixes it has).
 */
export const lineageOf = (code: SQL) =>
  sql`cross join lateral (select left(${code}, n) as code from unnest(array[4, 6, 9, 12]) as n where n <= length(${code})) l`;

/** A 'YYYY-MM' month as the date of its first day. */
export const monthDate = (month: string) => sql`${`${month}-01`}::date`;

/**
 * A station row aliased `s` is to standard when its latest inspection (by date, then by when it
 * was recorded) met every item of the checklist in force, as on the stations page; never
 * inspected is not to standard.
 */
export const stationToStandard = sql`coalesce((
    select i.items_met from station_inspections i where i.station_id = s.id
    order by i.inspected_on desc, i.created_at desc limit 1
  ) @> (select coalesce(array_agg(st.code), '{}'::text[]) from station_standards st where st.active), false)`;

/** An area row aliased `a` has a volunteer organization of its own (any kind, active). */
export const hasOrganization = sql`exists (select 1 from organizations o where o.area_code = a.code and o.status = 'active')`;
