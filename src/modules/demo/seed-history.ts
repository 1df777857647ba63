import { setImmediate } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { withBulkLoad } from '../../db/bulk-insert.ts';
import { type Executor, rowsOf } from '../../db/client.ts';
import { todayInChina } from '../../platform/clock.ts';
import { LedgerLoader } from '../records/index.ts';
import type { DemoSize } from './demo-city.ts';

/**
 * Two years of service records for the demo city (issue 6), so every KPI has a value: records
 * written set-based in SQL (generate_series), the confirmed ones chained into the hour ledger in
 * Node exactly as appendLedger chains them (chainNext: same facts, same hash), a chunk at a time.
 * Who served how much hangs off a hash of the volunteer id: a quarter never serve, the rest serve
 * in proportion to a weight that is larger in some districts than in others and three times as
 * large for party-member cadres, so some areas meet the hour targets and some do not.
 */
export const HISTORY_SIZES: Record<DemoSize, { records: number }> = {
  small: { records: 40_000 },
  city: { records: 20_000_000 },
};

const CHUNK = 500_000;
const LEDGER_BATCH = 20_000;
/** Rows hashed between two turns of the event loop, in which the connection's COPYs and replies move on. */
const YIELD_EVERY = 250;
const BULK_LOAD = 1_000_000;
const DAYS = 730;

/** A 32-bit pseudo-random number from a bigint expression and a salt (Knuth's multiplicative hash). */
const mix = (x: ReturnType<typeof sql>, salt: number) => sql`((((${x}) + ${sql.raw(String(salt))}) * 2654435761) % 4294967296)`;

export interface HistorySummary {
  records: number;
  confirmed: number;
  ledgerEntries: number;
}

/** Writes `records` service records spread over the last two years; in the caller's transaction. */
export async function seedHistory(
  tx: Executor,
  records: number,
  onProgress: (done: number) => void = () => {},
  /** Other records to load first, in the same bulk load (with the indexes built and keys checked afterwards). */
  first: () => Promise<unknown> = async () => {},
): Promise<HistorySummary> {
  const today = todayInChina();
  const startedAt = Date.now();
  await markCadres(tx);
  await reportAllPlatformTotals(tx, today);
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
  if (counts.slots === 0 || counts.orgs === 0) {
    await first();
    return { records: 0, confirmed: 0, ledgerEntries: 0 };
  }

  // Pipelined on the one connection: the next chunk's INSERT is queued before this chunk's ledger
  // entries are hashed, so the server writes records while Node hashes, and the COPYs follow it.
  // The hashing yields to the event loop often: the COPYs need its turns to move their data.
  const write = async () => {
    await first();
    const ledger = await LedgerLoader.open(tx, LEDGER_BATCH, Math.ceil(CHUNK / LEDGER_BATCH) + 1);
    // In the ledger's queue: sent the moment the COPYs before it are done.
    const chunk = (lo: number) =>
      ledger.enqueue(() => tx.execute(insertChunk(lo, Math.min(records, lo + CHUNK - 1), records, counts, today, startedAt)));
    let next = chunk(1);
    let confirmed = 0;
    for (let lo = 1; lo <= records; lo += CHUNK) {
      const rows = rowsOf<{ id: string; volunteer_id: string; credit: string; added: string; at: string }>(await next);
      if (lo + CHUNK <= records) next = chunk(lo + CHUNK);
      let n = 0;
      for (const r of rows) {
        if (++n % YIELD_EVERY === 0) await setImmediate();
        let full = false;
        if (r.credit !== '0.00')
          full = ledger.add({ volunteerId: r.volunteer_id, recordId: r.id, kind: 'credit', hours: r.credit, at: r.at });
        if (r.added !== '0.00')
          full = ledger.add({ volunteerId: r.volunteer_id, recordId: r.id, kind: 'added', hours: r.added, at: r.at }) || full;
        if (full) await ledger.flush();
      }
      confirmed += rows.length;
      await ledger.flush();
      onProgress(Math.min(records, lo + CHUNK - 1));
    }
    await ledger.drain();
    return { records, confirmed, ledgerEntries: ledger.count };
  };
  if (records < BULK_LOAD) return write();
  return withBulkLoad(tx, ['service_records', 'ledger_entries'], '512MB', write);
}

/**
 * Records g = lo…hi of `total`, dated in order over the last two years (so the ledger's order is
 * roughly the order of service); answers the confirmed ones with what their ledger entries need.
 */
function insertChunk(lo: number, hi: number, total: number, counts: { slots: number; orgs: number }, today: string, startedAt: number) {
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
async function markCadres(tx: Executor) {
  await tx.execute(sql`update volunteers set cadre = true
    where political_status in ('cpc_member', 'cpc_probationary') and not cadre
      and birth_date between current_date - interval '60 years' and current_date - interval '25 years'
      and ('x' || substr(md5(id::text || 'cadre'), 1, 8))::bit(32)::bigint % 5 = 0`);
}

/**
 * The offices' reconciled figures of all registered volunteers on every platform (unifiedPlatformShare),
 * for the city and each district: Volunet's own count over 0.6–0.95, so some districts reach 75 % and some do not.
 */
async function reportAllPlatformTotals(tx: Executor, today: string) {
  await tx.execute(sql`insert into kpi_registered_totals (area_code, total, reported_on, note)
    select a.code,
      ceil(count(v.id) / (0.6 + ('x' || substr(md5(a.code), 1, 4))::bit(16)::int % 36 / 100.0))::int,
      ${today}::date - 30, '示范数据：各平台报表去重汇总 (demo: platform reports reconciled)'
    from areas a join volunteers v on v.area_code like a.code || '%' and v.status in ('active', 'suspended')
    where a.level in ('city', 'district')
    group by a.code`);
}
