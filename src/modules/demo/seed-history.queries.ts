import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';

/**
 * The statements of the demo city's service records: two years of history (seed-history.ts), set
 * based in SQL (generate_series), each record's choices hanging off a hash of its number or its
 * volunteer; and the records of the demo's past activities (seed-records.ts).
 */

const DAYS = 730;

/** A 32-bit pseudo-random number from a bigint expression and a salt (Knuth's multiplicative hash). */
const mix = (x: ReturnType<typeof sql>, salt: number) => sql`((((${x}) + ${sql.raw(String(salt))}) * 2654435761) % 4294967296)`;

/**
 * Who serves: a quarter never do, the rest get slots (demo_slots) in proportion to their weight;
 * the active organizations are numbered (demo_orgs). Both dropped at commit; answers their counts.
 */
export async function createSlots(tx: Executor) {
  await tx.execute(sql`create temp table demo_slots (slot bigint primary key, volunteer_id uuid not null) on commit drop`);
  await tx.execute(sql`insert into demo_slots
    select row_number() over (order by v.id), v.id
    from volunteers v
    cross join lateral generate_series(1,
      case when ('x' || substr(md5(v.id::text), 1, 8))::bit(32)::bigint % 100 < 25 then 0
        else (1 + ('x' || substr(md5(v.id::text), 9, 2))::bit(8)::int % 4)
          * (1 + coalesce(nullif(substr(v.area_code, 5, 2), ''), '0')::int % 3)
          * case when v.cadre then 3 else 1 end
          -- Party and league members turn out more in some districts than in others.
          * case when v.political_status in ('cpc_member', 'cpc_probationary', 'cyl_member')
                   and coalesce(nullif(substr(v.area_code, 5, 2), ''), '0')::int % 2 = 0 then 2 else 1 end end) w
    where v.status <> 'merged' and v.account_id is null`);
  await tx.execute(sql`create temp table demo_orgs (k int primary key, id uuid not null) on commit drop`);
  await tx.execute(sql`insert into demo_orgs select row_number() over (order by id), id from organizations where status = 'active'`);
  await tx.execute(sql`analyze demo_slots, demo_orgs`);
  const [counts] = rowsOf<{ slots: number; orgs: number }>(
    await tx.execute(sql`select (select count(*) from demo_slots)::int as slots, (select count(*) from demo_orgs)::int as orgs`),
  );
  return counts;
}

/** Writes records g = lo…hi of `total` and answers the confirmed ones with what their ledger entries need. */
export async function insertHistoryChunk(
  tx: Executor,
  lo: number,
  hi: number,
  total: number,
  counts: { slots: number; orgs: number },
  today: string,
  startedAt: number,
) {
  return rowsOf<{ id: string; volunteer_id: string; credit: string; added: string; at: string }>(
    await tx.execute(chunkStatement(lo, hi, total, counts, today, startedAt)),
  );
}

/**
 * Records g = lo…hi of `total`, dated in order over the last two years (so the ledger's order is
 * roughly the order of service); answers the confirmed ones with what their ledger entries need.
 */
function chunkStatement(lo: number, hi: number, total: number, counts: { slots: number; orgs: number }, today: string, startedAt: number) {
  const g = sql`g`;
  const u = (salt: number) => mix(g, salt);
  const n = (v: number) => sql.raw(String(Math.trunc(v)));
  // Ids in the order written (the load's second as the first 8 hex digits, then g): the primary key
  // grows at its right edge instead of taking 20 million random inserts.
  const tag = sql.raw(
    `'${Math.floor(startedAt / 1000)
      .toString(16)
      .padStart(8, '0')}'`,
  );
  const day = sql`(${today}::date - ${n(DAYS)} + ((g - 1) * ${n(DAYS)} / ${n(total)})::int)`;
  const recent = sql`(${day} > ${today}::date - 21)`;
  const roll = sql`(${u(6)} % 100)`;
  const status = sql`case when ${recent} then case when ${roll} < 40 then 'confirmed' else 'pending' end
    else case when ${roll} < 92 then 'confirmed' when ${roll} < 95 then 'rejected' else 'pending' end end`;
  return sql`with made as (
      insert into service_records (id, volunteer_id, organization_id, activity_title, service_date, place, content, person_in_charge,
        channel, credit_hours, added_hours, status, decided_at, reject_reason, created_at)
      select (${tag} || '-0000-4000-8000-' || lpad(to_hex(x.g), 12, '0'))::uuid, s.volunteer_id, o.id, x.title, x.day, x.place, x.title, x.chief,
        x.channel, x.credit, x.added, x.status,
        case when x.status <> 'pending' then least(now(), x.day + interval '2 days 10 hours' + (${mix(sql`x.g`, 7)} % 36000) * interval '1 second') end,
        case when x.status = 'rejected' then '未按时到岗，服务时长不予认定' end,
        least(now(), x.day + interval '1 day')
      from (
        select g, ${day} as day, ${status} as status,
          (array['社区环境清洁','关爱空巢老人','文明交通劝导','图书馆志愿服务','垃圾分类宣传','助残陪伴','应急救援演练','校园护学'])[1 + ${u(3)} % 8] as title,
          (array['社区服务站','街道文化家园','城市书房','地铁站口','社区公园','养老服务中心'])[1 + ${u(4)} % 6] as place,
          (array['王站长','李队长','陈老师','张主任','刘书记'])[1 + ${u(5)} % 5] as chief,
          (array['code','manual','device'])[1 + ${u(8)} % 3] as channel,
          (1 + ${u(9)} % 16) * 0.5 as credit,
          case when ${u(10)} % 10 = 0 then 1 else 0 end as added
        from generate_series(${n(lo)}::bigint, ${n(hi)}::bigint) g
      ) x
      join demo_slots s on s.slot = 1 + ${mix(sql`x.g`, 1)} % ${n(counts.slots)}
      join demo_orgs o on o.k = 1 + ${mix(sql`x.g`, 2)} % ${n(counts.orgs)}
      returning id, volunteer_id, credit_hours, added_hours, status, decided_at)
    select id, volunteer_id, credit_hours::text as credit, added_hours::text as added,
      to_char(decided_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at
    from made where status = 'confirmed'`;
}

/**
 * 党员干部: about one CPC member in five of working age is a cadre of a party or government organ
 * or public unit (the demo's people have no cadre flag of their own).
 */
export async function markCadres(tx: Executor) {
  await tx.execute(sql`update volunteers set cadre = true
    where political_status in ('cpc_member', 'cpc_probationary') and not cadre
      and birth_date between current_date - interval '60 years' and current_date - interval '25 years'
      and ('x' || substr(md5(id::text || 'cadre'), 1, 8))::bit(32)::bigint % 5 = 0`);
}

/**
 * The offices' reconciled figures of all registered volunteers on every platform (unifiedPlatformShare),
 * for the city and each district: Volunet's own count over 0.6–0.95, so some districts reach 75 % and some do not.
 */
export async function reportAllPlatformTotals(tx: Executor, today: string) {
  await tx.execute(sql`insert into kpi_registered_totals (area_code, total, reported_on, note)
    select a.code,
      ceil(count(v.id) / (0.6 + ('x' || substr(md5(a.code), 1, 4))::bit(16)::int % 36 / 100.0))::int,
      ${today}::date - 30, '示范数据：各平台报表去重汇总 (demo: platform reports reconciled)'
    from areas a join volunteers v on v.area_code like a.code || '%' and v.status in ('active', 'suspended')
    where a.level in ('city', 'district')
    group by a.code`);
}

/**
 * Whose records: the past activities' (the demo logins left out), or the served requests' and the
 * past emergency call's shifts (everyone, the demo volunteer too: their first hours come from a
 * request they served).
 */
export type PastRecordScope = 'activities' | 'requests';

/**
 * The records of past activities (seed-records.ts): one per accepted person, checked in and out for
 * the activity's time; older than three weeks mostly confirmed, a few rejected or still pending. A
 * served request's record is confirmed: the request was done and its beneficiary said so.
 * Answers how many were written.
 */
export async function insertPastRecords(tx: Executor, scope: PastRecordScope = 'activities'): Promise<number> {
  const pick = sql`(('x' || substr(md5(e.id::text), 1, 8))::bit(32)::bigint % 100)`;
  const old = sql`a.ends_at < now() - interval '21 days'`;
  const status =
    scope === 'requests'
      ? sql`'confirmed'`
      : sql`case when ${old} then case when ${pick} < 96 then 'confirmed' when ${pick} < 98 then 'rejected' else 'pending' end
          else case when ${pick} < 25 then 'confirmed' else 'pending' end end`;
  const decided =
    scope === 'requests'
      ? sql`least(now(), a.ends_at + interval '2 days')`
      : sql`case when ${old} and ${pick} < 98 or not ${old} and ${pick} < 25 then a.ends_at + interval '2 days' end`;
  const rejected =
    scope === 'requests' ? sql`null` : sql`case when ${old} and ${pick} between 96 and 97 then '未按时到岗，服务时长不予认定' end`;
  const which =
    scope === 'requests'
      ? sql`p.kind = 'demand_service' and (exists (select 1 from service_requests s where s.activity_id = a.id and s.status in ('done', 'rated', 'closed'))
          or exists (select 1 from emergency_calls c where c.activity_id = a.id and c.status = 'closed'))`
      : sql`p.kind = 'regular' and v.account_id is null`;
  const inserted = rowsOf<{ n: number }>(
    await tx.execute(sql`with made as (
      insert into service_records (volunteer_id, activity_id, enrollment_id, project_id, organization_id, activity_title,
        service_date, place, content, category_code, person_in_charge, check_in_at, check_out_at, channel,
        credit_hours, status, decided_at, reject_reason, created_at)
      select e.volunteer_id, a.id, e.id, p.id, p.organization_id, a.title,
        (a.starts_at at time zone 'Asia/Shanghai')::date, coalesce(a.address, ''), p.title, p.category_code, o.contact_name,
        a.starts_at, a.ends_at, 'code',
        least(24, floor(extract(epoch from a.ends_at - a.starts_at) / 1800) / 2),
        ${status}, ${decided}, ${rejected}, a.ends_at
      from enrollments e
      join activities a on a.id = e.activity_id
      join projects p on p.id = a.project_id
      join organizations o on o.id = p.organization_id
      join volunteers v on v.id = e.volunteer_id
      where e.status = 'accepted' and a.status = 'scheduled' and a.ends_at < now() and ${which}
      on conflict do nothing
      returning 1)
    select count(*)::int as n from made`),
  );
  return inserted[0].n;
}

/** Confirmed records with hours and no ledger entries yet, in the order they were decided. */
export async function confirmedWithoutLedger(tx: Executor, scope: PastRecordScope = 'activities') {
  // The requests' records are found from the requests (a few thousand), not among the city's millions.
  const from =
    scope === 'requests'
      ? sql`(select position_id from service_requests union all select position_id from emergency_calls) s
          join enrollments e on e.position_id = s.position_id join service_records r on r.enrollment_id = e.id`
      : sql`service_records r`;
  return rowsOf<{ id: string; volunteer_id: string; hours: string; at: string }>(
    await tx.execute(sql`select r.id, r.volunteer_id, r.credit_hours::text as hours,
        to_char(r.decided_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at
      from ${from}
      where r.status = 'confirmed' and r.credit_hours > 0
        and not exists (select 1 from ledger_entries l where l.record_id = r.id)
      order by r.decided_at, r.id`),
  );
}
