import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';

/**
 * The statements of the demand side's demo data (seed-requests.ts): each volunteer's reach, set
 * based (a million rows in one statement), and the reference data the request generator draws from.
 */

/** A number in [0, m) from hex digits `from`…`from + len - 1` of the volunteer's hash (one md5 a row, each choice its own digits). */
const pick = (from: number, len: number, m: number) =>
  sql.raw(`(('x' || lpad(substr(h.h, ${from}, ${len}), 8, '0'))::bit(32)::bigint % ${m})`);

export async function hasBeneficiaries(tx: Executor): Promise<boolean> {
  return rowsOf<{ any: boolean }>(await tx.execute(sql`select exists(select 1 from beneficiaries) as any`))[0].any;
}

/**
 * Every volunteer's reach: home within about 1.5 km of their community's centre (±0.0135° of
 * latitude, ±0.0155° of longitude at Hangzhou's 30°N), most opt into requests and invitations,
 * one in five into emergency calls (the demo volunteer always), one in ten keeps quiet hours.
 */
export async function insertVolunteerReach(tx: Executor): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await tx.execute(sql`with made as (
      insert into volunteer_reach (volunteer_id, lat, lng, requests_opt_in, emergency_opt_in, invitations_opt_in,
        quiet_from, quiet_to, weekly_invitation_cap, weekly_take_cap)
      select v.id,
        round((a.lat + (${pick(1, 5, 27001)} - 13500) / 1000000.0)::numeric, 6)::float8,
        round((a.lng + (${pick(6, 5, 31001)} - 15500) / 1000000.0)::numeric, 6)::float8,
        ${pick(11, 3, 100)} < 85,
        v.account_id is not null or ${pick(14, 3, 100)} < 20,
        ${pick(17, 3, 100)} < 90,
        case when ${pick(20, 3, 100)} < 10 then (array[1320, 1380, 1260])[1 + ${pick(23, 1, 3)}] end,
        case when ${pick(20, 3, 100)} < 10 then (array[420, 480, 450])[1 + ${pick(24, 1, 3)}] end,
        (array[3, 3, 3, 5, 2])[1 + ${pick(25, 1, 5)}],
        (array[3, 3, 2, 5])[1 + ${pick(26, 1, 4)}]
      from volunteers v join areas a on a.code = v.area_code cross join lateral (select md5(v.id::text || 'reach') as h) h
      where v.status = 'active' and a.lat is not null
      -- Every volunteer already has a default reach row (migration matching_reach_pos): the demo's spread replaces it.
      on conflict (volunteer_id) do update set lat = excluded.lat, lng = excluded.lng, requests_opt_in = excluded.requests_opt_in,
        emergency_opt_in = excluded.emergency_opt_in, invitations_opt_in = excluded.invitations_opt_in, quiet_from = excluded.quiet_from,
        quiet_to = excluded.quiet_to, weekly_invitation_cap = excluded.weekly_invitation_cap, weekly_take_cap = excluded.weekly_take_cap
      returning 1)
    select count(*)::int as n from made`),
  );
  return row.n;
}

/** Communities with their centre, street and district names and how many active volunteers live there. */
export async function communities(tx: Executor) {
  return rowsOf<{ code: string; name: string; street: string; lat: number; lng: number; volunteers: number }>(
    await tx.execute(sql`select a.code, a.name, s.name as street, a.lat, a.lng, coalesce(n.volunteers, 0)::int as volunteers
      from areas a join areas s on s.code = a.parent_code
      left join (select area_code, count(*) as volunteers from volunteers where status = 'active' group by area_code) n on n.area_code = a.code
      where a.level = 'community' and a.lat is not null
      order by a.code`),
  );
}

export async function categories(tx: Executor) {
  return rowsOf<{ code: string; max_volunteers: number; guard: { perDay?: number; perWeek?: number; mode: 'warn' | 'block' } | null }>(
    await tx.execute(sql`select code, max_volunteers, guard from request_categories where active order by sort, code`),
  );
}

/**
 * Active organizations with up to 30 of their active members who have no demo login (what a demo
 * account sees starts from what it does itself), and the stations with their community.
 */
export async function servers(tx: Executor) {
  const organizations = rowsOf<{ id: string; area_code: string; members: string[] | null }>(
    await tx.execute(sql`select o.id, o.area_code,
        (select array_agg(m.volunteer_id order by m.volunteer_id) from (
          select m.volunteer_id from organization_members m join volunteers v on v.id = m.volunteer_id
          where m.organization_id = o.id and m.status = 'active' and v.status = 'active' and v.account_id is null
          order by m.volunteer_id limit 30) m) as members
      from organizations o where o.status = 'active' order by o.id`),
  );
  const stations = rowsOf<{ id: string; area_code: string }>(
    await tx.execute(sql`select id, area_code from stations where status = 'open' order by id`),
  );
  return { organizations, stations };
}

/** Up to 20 active volunteers of each community without a demo login: who serves where no organization has members. */
export async function neighbours(tx: Executor) {
  return rowsOf<{ area_code: string; ids: string[] }>(
    await tx.execute(sql`select area_code, array_agg(id order by id) as ids from (
        select v.area_code, v.id, row_number() over (partition by v.area_code order by v.id) as k
        from volunteers v where v.status = 'active' and v.account_id is null) x
      where k <= 20 group by area_code`),
  );
}

/** The demo accounts by login (the requests' actors). */
export async function accountsByLogin(tx: Executor, logins: string[]) {
  const rows = rowsOf<{ login: string; id: string }>(
    await tx.execute(sql`select username as login, id from accounts where username = any (${sql.param(logins)}::text[])`),
  );
  return new Map(rows.map((r) => [r.login, r.id]));
}

/** `n` request numbers' sequence values from request_no_seq, ascending. */
export async function requestSequence(tx: Executor, n: number): Promise<number[]> {
  if (n === 0) return [];
  return rowsOf<{ n: string }>(
    await tx.execute(sql`select n::text from (select nextval('request_no_seq') as n from generate_series(1, ${n}::int)) s order by n`),
  ).map((r) => Number(r.n));
}

/**
 * The volunteers a district's emergency call reaches: active, opted in, living in the district;
 * the demo volunteer first (so they are among the accepted), the rest in a scattered order.
 */
export async function emergencyCandidates(tx: Executor, districtCode: string, limit: number, day: string) {
  // Free that evening and the next morning: the demo keeps one shift a day per person.
  return rowsOf<{ id: string }>(
    await tx.execute(sql`select v.id from volunteers v join volunteer_reach r on r.volunteer_id = v.id
      where r.emergency_opt_in and v.status = 'active' and v.area_code like ${`${districtCode}%`}
        and not exists (select 1 from enrollments e join activities a on a.id = e.activity_id
          where e.volunteer_id = v.id and e.status in ('accepted', 'no_show')
            and (a.starts_at at time zone 'Asia/Shanghai')::date between ${day}::date and ${day}::date + 1)
      order by v.account_id is null, md5(v.id::text || 'flood') limit ${limit}`),
  ).map((r) => r.id);
}

/**
 * The past call's shift, as issuing and accepting make it (emergency-shift.ts), set based: an
 * organization runs it in its emergency project; one activity over the call's window,
 * one position of its headcount, an accepted enrollment per volunteer who accepted. Answers how many.
 */
export async function insertCallShift(
  tx: Executor,
  callId: string,
  project: { title: string; categoryCode: string; description: string; beneficiaries: string },
  fallbackOrganizationId: string,
) {
  // An organization covering the call's area, as issuing requires; a small demo city may have none
  // at the district's level, and then the demo organization ran it on the ground.
  const [org] = rowsOf<{ id: string; area_code: string }>(
    await tx.execute(sql`select o.id, o.area_code from organizations o, emergency_calls c
      where c.id = ${callId} and o.status = 'active' and (c.area_code like o.area_code || '%' or o.id = ${fallbackOrganizationId})
      order by c.area_code like o.area_code || '%' desc, length(o.area_code) desc, o.created_at, o.id limit 1`),
  );
  if (!org) return 0;
  const projectId = sql`md5(${org.id}::text || 'emergency-project')::uuid`;
  const activityId = sql`md5(${callId}::text || 'call-shift')::uuid`;
  const positionId = sql`md5(${callId}::text || 'call-position')::uuid`;
  await tx.execute(sql`insert into projects (id, organization_id, title, category_code, area_code, description, beneficiaries,
      status, kind, created_at, updated_at)
    select ${projectId}, ${org.id}, ${project.title}, ${project.categoryCode}, ${org.area_code}, ${project.description},
      ${project.beneficiaries}, 'running', 'demand_service', c.created_at, c.created_at
    from emergency_calls c where c.id = ${callId}
    on conflict do nothing`);
  await tx.execute(sql`insert into activities (id, project_id, title, starts_at, ends_at, address, lat, lng,
      apply_deadline, cancel_deadline, created_at, updated_at)
    select ${activityId}, ${projectId}, c.title, c.starts_at, c.ends_at, a.name, c.lat, c.lng, c.ends_at, c.starts_at, c.created_at, c.created_at
    from emergency_calls c left join areas a on a.code = c.area_code where c.id = ${callId}`);
  await tx.execute(sql`insert into positions (id, activity_id, name, headcount, review_mode, skills, accepted_count, created_at)
    select ${positionId}, ${activityId}, c.title, c.headcount, 'auto', c.skills, c.accepted_count, c.created_at
    from emergency_calls c where c.id = ${callId}`);
  await tx.execute(sql`update emergency_calls set organization_id = ${org.id}, activity_id = ${activityId}, position_id = ${positionId}
    where id = ${callId}`);
  const [made] = rowsOf<{ n: number }>(
    await tx.execute(sql`with made as (
      insert into enrollments (id, position_id, activity_id, volunteer_id, status, applied_at, decided_at, updated_at)
      select md5(x.call_id::text || x.volunteer_id::text || 'enrollment')::uuid, ${positionId}, ${activityId}, x.volunteer_id,
        'accepted', x.responded_at, x.responded_at, x.responded_at
      from emergency_responses x where x.call_id = ${callId} and x.response = 'accepted'
      returning 1)
    select count(*)::int as n from made`),
  );
  return made.n;
}

export async function analyzeRequests(tx: Executor) {
  await tx.execute(
    sql`ANALYZE volunteer_reach, beneficiaries, service_requests, request_events, request_assignments, hotline_calls, emergency_responses`,
  );
}

/** The seeded requests volunteers were put on: assigned and on, or served (the cancelled and merged never became shifts). */
const STAFFED = sql`s.activity_id is null and s.organization_id is not null and s.assigned_at is not null
  and s.status in ('assigned', 'in_progress', 'done', 'rated', 'closed')`;
/** Ids that hang off the request (and organization), so the same city seeds the same shifts. */
const projectId = sql`md5(s.organization_id::text || 'demand-project')::uuid`;
const activityId = sql`md5(s.id::text || 'shift')::uuid`;
const positionId = sql`md5(s.id::text || 'position')::uuid`;

/**
 * The shifts the seeded requests became, as assigning makes them (requests' request-shift.ts), set
 * based: each handling organization's demand-service project, one activity over each request's
 * window at its masked place, one position of its headcount with the assigned volunteers' places
 * taken, and an accepted enrollment per assigned volunteer, linked from the assignment.
 */
export async function insertRequestShifts(
  tx: Executor,
  project: { title: string; categoryCode: string; description: string; beneficiaries: string },
) {
  const [made] = rowsOf<{ projects: number }>(
    await tx.execute(sql`with made as (
      insert into projects (id, organization_id, title, category_code, area_code, description, beneficiaries, status, kind, created_at, updated_at)
      select ${projectId}, s.organization_id, ${project.title}, ${project.categoryCode}, o.area_code, ${project.description},
        ${project.beneficiaries}, 'running', 'demand_service', min(s.assigned_at), min(s.assigned_at)
      from service_requests s join organizations o on o.id = s.organization_id
      where ${STAFFED}
      group by s.organization_id, o.area_code
      returning 1)
    select count(*)::int as projects from made`),
  );
  await tx.execute(sql`insert into activities (id, project_id, title, starts_at, ends_at, station_id, address, lat, lng,
      apply_deadline, cancel_deadline, created_at, updated_at)
    select ${activityId}, ${projectId}, c.name_zh || ' ' || s.request_no, s.window_start, s.window_end, s.station_id,
      coalesce(s.place_masked, '—'), s.lat, s.lng, s.window_end, s.window_start, s.assigned_at, s.assigned_at
    from service_requests s join request_categories c on c.code = s.category_code
    where ${STAFFED}`);
  await tx.execute(sql`insert into positions (id, activity_id, name, headcount, review_mode, skills, accepted_count, created_at)
    select ${positionId}, ${activityId}, c.name_zh, s.headcount, 'auto', s.skills,
      (select count(*) from request_assignments a where a.request_id = s.id), s.assigned_at
    from service_requests s join request_categories c on c.code = s.category_code
    where ${STAFFED}`);
  const [shifts] = rowsOf<{ activities: number }>(
    await tx.execute(sql`with linked as (
      update service_requests s set activity_id = ${activityId}, position_id = ${positionId} where ${STAFFED} returning 1)
    select count(*)::int as activities from linked`),
  );
  const [enrolled] = rowsOf<{ enrollments: number }>(
    await tx.execute(sql`with made as (
      insert into enrollments (id, position_id, activity_id, volunteer_id, status, applied_at, decided_at, updated_at)
      select md5(a.request_id::text || a.volunteer_id::text || 'enrollment')::uuid, s.position_id, s.activity_id, a.volunteer_id,
        'accepted', a.at, a.at, a.at
      from request_assignments a join service_requests s on s.id = a.request_id
      where a.enrollment_id is null and s.position_id is not null
      returning id, position_id, volunteer_id),
    linked as (
      update request_assignments a set enrollment_id = m.id
      from made m join service_requests s on s.position_id = m.position_id
      where a.request_id = s.id and a.volunteer_id = m.volunteer_id
      returning 1)
    select count(*)::int as enrollments from linked`),
  );
  return { projects: made.projects, activities: shifts.activities, enrollments: enrolled.enrollments };
}

/** `volunteerId|China date` of each accepted shift the volunteers hold (the demo keeps one a day). */
export async function shiftDays(tx: Executor, volunteerIds: string[]): Promise<Set<string>> {
  if (volunteerIds.length === 0) return new Set();
  const rows = rowsOf<{ k: string }>(
    await tx.execute(sql`select distinct e.volunteer_id::text || '|' || to_char(a.starts_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as k
      from enrollments e join activities a on a.id = e.activity_id
      where e.volunteer_id = any (${sql.param(volunteerIds)}::uuid[]) and e.status in ('accepted', 'no_show')`),
  );
  return new Set(rows.map((r) => r.k));
}

/** The volunteer the demo volunteer account signs in as. */
export async function volunteerOfAccount(tx: Executor, accountId: string): Promise<string | null> {
  const [row] = rowsOf<{ id: string }>(
    await tx.execute(sql`select id from volunteers where account_id = ${accountId} and status = 'active'`),
  );
  return row?.id ?? null;
}
