import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import type { VolunteerLanguage } from '../../db/schema.ts';
import type { Shift } from '../../domain/enrollment/eligibility.ts';

/** km per degree of latitude; a degree of longitude is this × cos(latitude). */
const KM_PER_DEGREE = 111.32;

export interface Origin {
  lat: number;
  lng: number;
  radiusKm: number;
}

/** The box around an origin that holds its radius: what the GiST index is asked first. */
const boxOf = (o: Origin) => {
  const dLat = o.radiusKm / KM_PER_DEGREE;
  const dLng = o.radiusKm / (KM_PER_DEGREE * Math.cos((o.lat * Math.PI) / 180));
  return { x1: o.lng - dLng, y1: o.lat - dLat, x2: o.lng + dLng, y2: o.lat + dLat };
};

/** Distance in km from (lat, lng) to a point column, flat-earth (exact enough within a city). */
const kmFrom = (pos: ReturnType<typeof sql.raw>, o: Origin) =>
  sql`(${KM_PER_DEGREE}::float8 * sqrt(power((${pos})[1] - ${o.lat}::float8, 2) + power(((${pos})[0] - ${o.lng}::float8) * cos(radians(${o.lat}::float8)), 2)))`;

export interface CandidateQuery extends Origin {
  /** Every one of these skill codes (volunteers.skills holds { code } objects). */
  skills: readonly string[];
  /** Language codes a position requires (each one spoken). */
  languages: readonly string[];
  optIn: 'requests' | 'invitations';
  /** The shift's start: shifts held a week either side are read for the working-time limits. */
  around: Date;
  /** People already on it: assigned to this request, or applied/invited for this position. */
  requestId: string | null;
  positionId: string | null;
  /** How many nearest candidates are read and scored. */
  limit: number;
  /** Since when an assignment counts for fairness (30 days back). */
  since: Date;
}

export interface CandidateRow {
  volunteerId: string;
  name: string;
  volunteerNo: string;
  km: number;
  availability: number;
  languages: VolunteerLanguage[];
  birthDate: string | null;
  ratingAvg: number | null;
  ratingCount: number;
  recent: number;
  held: { id: string; title: string; start: string; end: string }[];
}

/**
 * The nearest active volunteers who opted in and have the skills, nearest first through the GiST
 * index (KNN on (lng, lat); the box keeps the walk inside the radius), then for those few only:
 * their ratings, recent assignments and the shifts they hold around the time.
 */
function nearest(q: CandidateQuery) {
  const box = boxOf(q);
  const skills = JSON.stringify(q.skills.map((code) => ({ code })));
  const languages = JSON.stringify(q.languages.map((code) => ({ code })));
  return sql`
    select r.volunteer_id, r.pos
    from volunteer_reach r
    join volunteers v on v.id = r.volunteer_id
    where r.pos <@ box(point(${box.x1}::float8, ${box.y1}::float8), point(${box.x2}::float8, ${box.y2}::float8))
      and (case when ${q.optIn}::text = 'requests' then r.requests_opt_in else r.invitations_opt_in end)
      and v.status = 'active'
      -- "is true": never answered from the skills GIN index, which would list a whole skill city-wide.
      and (v.skills @> ${skills}::jsonb and v.languages @> ${languages}::jsonb) is true
      and (${q.requestId}::uuid is null or not exists (
        select 1 from request_assignments ra where ra.request_id = ${q.requestId}::uuid and ra.volunteer_id = r.volunteer_id))
      and (${q.positionId}::uuid is null or not exists (
        select 1 from enrollments e where e.position_id = ${q.positionId}::uuid and e.volunteer_id = r.volunteer_id
          and e.status not in ('cancelled', 'rejected')))
    order by r.pos <-> point(${q.lng}::float8, ${q.lat}::float8)
    limit ${q.limit}::int`;
}

export async function candidates(db: Executor, q: CandidateQuery): Promise<CandidateRow[]> {
  const week = 8 * 86_400_000;
  // Planned for each call: a generic plan cannot see the box and sorts a whole district instead of walking the index.
  // No JIT: the laterals' row estimates (a skewed history) pass jit_above_cost, and compiling took ~100 ms
  // on a 1M-volunteer city for a query that runs in a few.
  const result = await db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    return tx.execute(
      sql`
    with near as (${nearest(q)})
    select n.volunteer_id as "volunteerId", v.name, v.volunteer_no as "volunteerNo", ${kmFrom(sql.raw('n.pos'), q)} as km,
      v.availability, v.languages, v.birth_date::text as "birthDate",
      rt.avg as "ratingAvg", rt.n as "ratingCount", fa.n as recent, hs.held
    from near n
    join volunteers v on v.id = n.volunteer_id
    cross join lateral (
      select avg(sr.rating)::float8 as avg, count(sr.rating)::int as n
      from request_assignments ra join service_requests sr on sr.id = ra.request_id
      where ra.volunteer_id = n.volunteer_id and sr.rating is not null) rt
    cross join lateral (
      select count(*)::int as n from request_assignments ra where ra.volunteer_id = n.volunteer_id and ra.at >= ${q.since}::timestamptz) fa
    cross join lateral (
      select coalesce(json_agg(json_build_object('id', a.id, 'title', a.title, 'start', a.starts_at, 'end', a.ends_at)), '[]'::json) as held
      from enrollments e join activities a on a.id = e.activity_id
      where e.volunteer_id = n.volunteer_id and e.status = 'accepted' and a.status = 'scheduled'
        and a.starts_at between ${new Date(q.around.getTime() - week)}::timestamptz and ${new Date(q.around.getTime() + week)}::timestamptz) hs`,
    );
  });
  return rowsOf<CandidateRow>(result).map((r) => ({ ...r, km: Number(r.km) }));
}

/** The anchor the matcher is held against: the same index walk, filtering by distance and skills only. */
export async function plainNearest(db: Executor, q: CandidateQuery) {
  const result = await db.execute(
    sql`with near as (${nearest(q)}) select n.volunteer_id, ${kmFrom(sql.raw('n.pos'), q)} as km from near n`,
  );
  return rowsOf<{ volunteer_id: string; km: number }>(result);
}

export const heldShifts = (rows: CandidateRow['held']): Shift[] =>
  rows.map((h) => ({ id: h.id, title: h.title, start: new Date(h.start), end: new Date(h.end) }));

/** What the matcher needs of a request; its place is its own point, else its area's centroid (or the area's parent's). */
export async function requestForMatch(db: Executor, id: string) {
  const [row] = rowsOf<{
    id: string;
    areaCode: string;
    categoryCode: string;
    organizationId: string | null;
    stationId: string | null;
    lat: number | null;
    lng: number | null;
    windowStart: string;
    windowEnd: string;
    skills: string[];
    status: string;
    headcount: number;
    categoryName: string;
  }>(
    await db.execute(sql`
      select sr.id, sr.area_code as "areaCode", sr.category_code as "categoryCode", sr.organization_id as "organizationId",
        sr.station_id as "stationId", coalesce(sr.lat, a.lat, p.lat) as lat, coalesce(sr.lng, a.lng, p.lng) as lng,
        sr.window_start as "windowStart", sr.window_end as "windowEnd", sr.skills, sr.status, sr.headcount,
        c.name_zh as "categoryName"
      from service_requests sr
      join request_categories c on c.code = sr.category_code
      left join areas a on a.code = sr.area_code
      left join areas p on p.code = a.parent_code
      where sr.id = ${id}`),
  );
  return row && { ...row, windowStart: new Date(row.windowStart), windowEnd: new Date(row.windowEnd) };
}

/** Active organizations whose area holds the request's, with how many requests of the category they served and how well. */
export async function organizationsFor(db: Executor, areaCode: string, categoryCode: string) {
  return rowsOf<{ organizationId: string; name: string; areaCode: string; served: number; ratingAvg: number | null }>(
    await db.execute(sql`
      select o.id as "organizationId", o.name, o.area_code as "areaCode",
        count(sr.id)::int as served, avg(sr.rating)::float8 as "ratingAvg"
      from organizations o
      left join service_requests sr on sr.organization_id = o.id and sr.category_code = ${categoryCode} and sr.done_at is not null
      where o.status = 'active' and ${areaCode} like o.area_code || '%'
      group by o.id
      order by served desc, length(o.area_code) desc
      limit 20`),
  );
}

/** Open stations nearest the origin, within its radius. */
export async function stationsNear(db: Executor, o: Origin, take: number) {
  const km = kmFrom(sql.raw('point(s.lng, s.lat)'), o);
  return rowsOf<{ stationId: string; name: string; address: string; km: number }>(
    await db.execute(sql`
      select s.id as "stationId", s.name, s.address, ${km} as km
      from stations s
      where s.status = 'open' and s.lat is not null and s.lng is not null and ${km} <= ${o.radiusKm}
      order by km limit ${take}`),
  ).map((s) => ({ ...s, km: Number(s.km) }));
}

/** A text[] literal; skill codes are plain words, anything else is dropped rather than quoted. */
const textArray = (items: readonly string[]) => `{${items.filter((s) => /^[\w.-]+$/.test(s)).join(',')}}`;

// Measured from the community's centre, never the place itself: a volunteer who moves their own
// position about must not be able to work out where the person lives before being assigned.
const REQUEST_POINT = sql.raw('point(coalesce(a.lng, sr.lng), coalesce(a.lat, sr.lat))');

/**
 * Published requests waiting for volunteers near a point, asking only for skills the volunteer has:
 * what the task needs and nothing of the person (条例 Art 21), so no notes.
 */
export async function nearbyRequests(db: Executor, volunteerId: string, o: Origin, skills: readonly string[]) {
  const km = kmFrom(REQUEST_POINT, o);
  return rowsOf<{
    id: string;
    requestNo: string;
    categoryCode: string;
    categoryZh: string;
    categoryEn: string;
    areaCode: string;
    placeMasked: string | null;
    windowStart: Date;
    windowEnd: Date;
    urgency: string;
    headcount: number;
    assigned: number;
    skills: string[];
    km: number;
  }>(
    await db.execute(sql`
      select * from (
        select sr.id, sr.request_no as "requestNo", sr.category_code as "categoryCode", c.name_zh as "categoryZh",
          c.name_en as "categoryEn", sr.area_code as "areaCode", sr.place_masked as "placeMasked",
          sr.window_start as "windowStart", sr.window_end as "windowEnd", sr.urgency, sr.headcount,
          (select count(*)::int from request_assignments ra where ra.request_id = sr.id) as assigned,
          sr.skills, ${km} as km
        from service_requests sr
        join request_categories c on c.code = sr.category_code
        left join areas a on a.code = sr.area_code
        where sr.published_at is not null and sr.status in ('triaged', 'assigned')
          and sr.skills <@ ${textArray(skills)}::text[]
          and not exists (select 1 from request_assignments ra where ra.request_id = sr.id and ra.volunteer_id = ${volunteerId})
      ) x
      -- A request with places left stays listed after its first volunteer takes one.
      where x.km <= ${o.radiusKm} and x.assigned < x.headcount
      order by x.km, x."windowStart"
      limit 50`),
  ).map((r) => ({ ...r, km: roundedKm(Number(r.km)), windowStart: new Date(r.windowStart), windowEnd: new Date(r.windowEnd) }));
}

/** How far a request is from a point, measured as the nearby list measures it (null: no place known). */
export async function requestKmFrom(db: Executor, requestId: string, o: Omit<Origin, 'radiusKm'>) {
  const [row] = rowsOf<{ km: number | null }>(
    await db.execute(sql`
      select ${kmFrom(REQUEST_POINT, { ...o, radiusKm: 0 })} as km
      from service_requests sr
      left join areas a on a.code = sr.area_code
      where sr.id = ${requestId}`),
  );
  return row?.km == null ? null : Number(row.km);
}

/** Distances shown before assignment go by half kilometres (at least 0.5). */
export const roundedKm = (km: number) => Math.max(0.5, Math.round(km * 2) / 2);

/** What the matcher needs of a position: its skills and languages, its activity's time and place (else the station's, else the project area's centroid). */
export async function positionForMatch(db: Executor, positionId: string) {
  const [row] = rowsOf<{
    positionId: string;
    positionName: string;
    skills: string[];
    languages: { code: string }[];
    activityId: string;
    title: string;
    startsAt: string;
    endsAt: string;
    organizationId: string;
    organizationName: string;
    workloadLimits: Record<string, number> | null;
    lat: number | null;
    lng: number | null;
  }>(
    await db.execute(sql`
      select p.id as "positionId", p.name as "positionName", p.skills, p.languages, a.id as "activityId", a.title,
        a.starts_at as "startsAt", a.ends_at as "endsAt", pr.organization_id as "organizationId", o.name as "organizationName",
        pr.workload_limits as "workloadLimits",
        coalesce(a.lat, s.lat, ar.lat, o_area.lat) as lat, coalesce(a.lng, s.lng, ar.lng, o_area.lng) as lng
      from positions p
      join activities a on a.id = p.activity_id
      join projects pr on pr.id = a.project_id
      join organizations o on o.id = pr.organization_id
      left join stations s on s.id = a.station_id
      left join areas ar on ar.code = pr.area_code
      left join areas o_area on o_area.code = o.area_code
      where p.id = ${positionId}`),
  );
  return row && { ...row, startsAt: new Date(row.startsAt), endsAt: new Date(row.endsAt) };
}

/** Skill names in both languages, by code. */
export async function skillNames(db: Executor, codes: readonly string[]) {
  if (codes.length === 0) return [];
  return rowsOf<{ code: string; nameZh: string; nameEn: string }>(
    await db.execute(sql`select code, name_zh as "nameZh", name_en as "nameEn" from skills where code in ${[...codes]}`),
  );
}
