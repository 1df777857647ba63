import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import {
  countsAsRegistration,
  createdMonth,
  isCadre,
  isCollege,
  isPartyLeague,
  isPupil,
  isRegistered,
  lineageOf,
} from './kpi-definitions.queries.ts';

/**
 * The statements of a KPI rollup refresh (kpi.rollups.ts), in the refresh's transaction: the
 * state and its watermark, the touched volunteers, their contributions taken away and added
 * again through the temporary kpi_delta, and the net change folded into the area rollups.
 */

/** One refresh at a time across every server (the ledger's own lock is 7_331_001). */
const KPI_LOCK = 7_331_101;

/** Waits for any other refresh, and makes sure the state row exists. */
export async function lockRefresh(tx: Executor) {
  await tx.execute(sql`select pg_advisory_xact_lock(${KPI_LOCK})`);
  await tx.execute(sql`insert into kpi_state (id) values (1) on conflict do nothing`);
}

/** The watermark, the ledger's head and whether volunteers are queued, with the state row locked. */
export async function refreshState(tx: Executor) {
  const [state] = rowsOf<{ wm: string; head: string; dirty: boolean }>(
    await tx.execute(sql`select s.ledger_seq::text as wm,
        coalesce((select max(seq) from ledger_entries), 0)::text as head,
        exists (select 1 from kpi_dirty_volunteers) as dirty
      from kpi_state s where s.id = 1 for update`),
  );
  return state;
}

/** The net change of one refresh, per area and month (no month: the totals); dropped at commit. */
export async function createDelta(tx: Executor) {
  await tx.execute(sql`create temp table kpi_delta (
      area_code text not null, month date, registered int, party_league int, cadres int, college int, school int,
      never_served int, hours numeric, cadre_hours numeric, college_hours numeric, school_hours numeric,
      active int, active_party_league int, registrations int) on commit drop`);
}

/** The ledger is folded in up to `hi`. */
export async function markRefreshed(tx: Executor, hi: number) {
  await tx.execute(sql`update kpi_state set ledger_seq = ${hi}, refreshed_at = now() where id = 1`);
}

/** The volunteers to look at again: queued ones (taken off the queue) and those with new ledger entries. */
export async function touch(tx: Executor, wm: number, hi: number, maxVolunteers: number): Promise<number> {
  await tx.execute(sql`create temp table kpi_touched (volunteer_id uuid primary key) on commit drop`);
  const [row] = rowsOf<{ n: number }>(
    await tx.execute(sql`with queued as (
        delete from kpi_dirty_volunteers
        where id in (select id from kpi_dirty_volunteers order by id limit ${maxVolunteers})
        returning volunteer_id),
      touched as (
        insert into kpi_touched
        select volunteer_id from queued
        union
        select volunteer_id from ledger_entries where seq > ${wm} and seq <= ${hi}
        on conflict do nothing
        returning 1)
      select count(*)::int as n from touched`),
  );
  await tx.execute(sql`analyze kpi_touched`);
  return row.n;
}

export async function hasMoreDirty(tx: Executor): Promise<boolean> {
  const [row] = rowsOf<{ more: boolean }>(await tx.execute(sql`select exists (select 1 from kpi_dirty_volunteers) as more`));
  return row.more;
}

/**
 * Adds (sign 1) or takes away (sign −1) the touched volunteers' contributions, as they stand in
 * kpi_volunteer_facts and kpi_volunteer_months, to every area of their lineage.
 */
export async function addContributions(tx: Executor, sign: 1 | -1) {
  const zeros = (n: number) => sql.raw(Array(n).fill('0').join(', '));
  const sg = sql.raw(String(sign));
  await tx.execute(sql`insert into kpi_delta
    select l.code, c.month,
      sum(c.registered) * ${sg}, sum(c.party_league) * ${sg}, sum(c.cadres) * ${sg}, sum(c.college) * ${sg},
      sum(c.school) * ${sg}, sum(c.never_served) * ${sg},
      sum(c.hours) * ${sg}, sum(c.cadre_hours) * ${sg}, sum(c.college_hours) * ${sg}, sum(c.school_hours) * ${sg},
      sum(c.active) * ${sg}, sum(c.active_party_league) * ${sg}, sum(c.registrations) * ${sg}
    from (
      select f.area_code, null::date as month, 1 as registered, f.party_league::int as party_league, f.cadre::int as cadres,
        f.college::int as college, f.school::int as school,
        (not exists (select 1 from kpi_volunteer_months m where m.volunteer_id = f.volunteer_id and m.entries > 0))::int as never_served,
        0::numeric as hours, 0::numeric as cadre_hours, 0::numeric as college_hours, 0::numeric as school_hours,
        0 as active, 0 as active_party_league, 0 as registrations
      from kpi_touched t join kpi_volunteer_facts f using (volunteer_id) where f.registered
      union all
      select f.area_code, m.month, ${zeros(6)}, m.hours,
        case when f.cadre then m.hours else 0 end, case when f.college then m.hours else 0 end, case when f.school then m.hours else 0 end,
        0, 0, 0
      from kpi_touched t join kpi_volunteer_facts f using (volunteer_id) join kpi_volunteer_months m using (volunteer_id)
      where f.registered
      union all
      -- Active from each served month for 12 months: +1 where a run of active months starts, −1 the month after it ends.
      select s.area_code, e.month, ${zeros(6)}, ${zeros(4)}, e.delta, case when s.party_league then e.delta else 0 end, 0
      from (
        select f.area_code, f.party_league, m.month, lag(m.month) over w as prev, lead(m.month) over w as next
        from kpi_touched t join kpi_volunteer_facts f using (volunteer_id) join kpi_volunteer_months m using (volunteer_id)
        where f.registered and m.entries > 0
        window w as (partition by m.volunteer_id order by m.month)) s
      cross join lateral (values
        (s.month, case when s.prev is null or s.month >= s.prev + interval '12 months' then 1 else 0 end),
        ((s.month + interval '12 months')::date, case when s.next is null or s.next >= s.month + interval '12 months' then -1 else 0 end)
      ) as e(month, delta)
      where e.delta <> 0
      union all
      select f.area_code, f.created_month, ${zeros(6)}, ${zeros(4)}, 0, 0, 1
      from kpi_touched t join kpi_volunteer_facts f using (volunteer_id) where f.registration
    ) c
    ${lineageOf(sql`c.area_code`)}
    group by l.code, c.month`);
}

/** New ledger entries, each in the month of its record's service date. */
export async function foldEntries(tx: Executor, wm: number, hi: number) {
  if (hi <= wm) return;
  await tx.execute(sql`insert into kpi_volunteer_months (volunteer_id, month, hours, entries)
    select le.volunteer_id, date_trunc('month', r.service_date)::date, sum(le.hours), count(*)
    from ledger_entries le join service_records r on r.id = le.record_id
    where le.seq > ${wm} and le.seq <= ${hi}
    group by 1, 2
    on conflict (volunteer_id, month) do update
      set hours = kpi_volunteer_months.hours + excluded.hours, entries = kpi_volunteer_months.entries + excluded.entries`);
}

/** The touched volunteers' attributes as they are now. */
export async function readFacts(tx: Executor) {
  await tx.execute(sql`insert into kpi_volunteer_facts
      (volunteer_id, area_code, registered, party_league, cadre, college, school, registration, created_month)
    select v.id, v.area_code, ${isRegistered}, ${isPartyLeague}, ${isCadre}, ${isCollege}, ${isPupil}, ${countsAsRegistration}, ${createdMonth}
    from kpi_touched t join volunteers v on v.id = t.volunteer_id
    on conflict (volunteer_id) do update set area_code = excluded.area_code, registered = excluded.registered,
      party_league = excluded.party_league, cadre = excluded.cadre, college = excluded.college, school = excluded.school,
      registration = excluded.registration, created_month = excluded.created_month`);
  await tx.execute(sql`delete from kpi_volunteer_facts f using kpi_touched t
    where f.volunteer_id = t.volunteer_id and not exists (select 1 from volunteers v where v.id = t.volunteer_id)`);
}

/** Adds the net change to the area rollups. */
export async function foldDelta(tx: Executor) {
  await tx.execute(sql`insert into kpi_area_totals (area_code, registered, party_league, cadres, college, school, never_served)
    select area_code, sum(registered), sum(party_league), sum(cadres), sum(college), sum(school), sum(never_served)
    from kpi_delta where month is null group by area_code
    on conflict (area_code) do update set
      registered = kpi_area_totals.registered + excluded.registered,
      party_league = kpi_area_totals.party_league + excluded.party_league,
      cadres = kpi_area_totals.cadres + excluded.cadres,
      college = kpi_area_totals.college + excluded.college,
      school = kpi_area_totals.school + excluded.school,
      never_served = kpi_area_totals.never_served + excluded.never_served`);
  await tx.execute(sql`insert into kpi_area_months
      (area_code, month, hours, cadre_hours, college_hours, school_hours, active, active_party_league, registrations)
    select area_code, month, sum(hours), sum(cadre_hours), sum(college_hours), sum(school_hours),
      sum(active), sum(active_party_league), sum(registrations)
    from kpi_delta where month is not null group by area_code, month
    on conflict (area_code, month) do update set
      hours = kpi_area_months.hours + excluded.hours,
      cadre_hours = kpi_area_months.cadre_hours + excluded.cadre_hours,
      college_hours = kpi_area_months.college_hours + excluded.college_hours,
      school_hours = kpi_area_months.school_hours + excluded.school_hours,
      active = kpi_area_months.active + excluded.active,
      active_party_league = kpi_area_months.active_party_league + excluded.active_party_league,
      registrations = kpi_area_months.registrations + excluded.registrations`);
}
