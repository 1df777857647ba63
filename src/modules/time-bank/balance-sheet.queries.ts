import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import { requestCategories } from './time-bank.queries.ts';

/**
 * The bank's balance sheet per area (时间银行收支): for each area one level below `prefix`, what its
 * people's and pools' time-credit accounts received and gave by cause, what they hold now, against
 * the hours served in eligible categories by its volunteers. An account belongs to the area it was
 * opened in (a volunteer's area then, a pool's community). Exact: sums over the ledger, no estimate.
 */
export interface SheetRow {
  code: string;
  deposited: string;
  transferred_in: string;
  transferred_out: string;
  donated: string;
  granted: string;
  spent: string;
  in_pools: string;
  outstanding: string;
  hours: string;
}

export async function balanceSheet(db: Executor, prefix: string, childLength: number, categories: string[]) {
  return rowsOf<SheetRow>(
    await db.execute(sql`with acc as (
        select id, kind, coalesce(pool_area, area_code) as area from ledger_accounts
        where currency = 'time_credit' and kind in ('volunteer', 'pool') and coalesce(pool_area, area_code) like ${`${prefix}%`}
      ), side as (
        select left(a.area, ${childLength}) as code, a.kind, m.cause_type, m.amount as inflow, 0::numeric as outflow
        from ledger_movements m join acc a on a.id = m.credit_account_id where m.currency = 'time_credit'
        union all
        select left(a.area, ${childLength}), a.kind, m.cause_type, 0::numeric, m.amount
        from ledger_movements m join acc a on a.id = m.debit_account_id where m.currency = 'time_credit'
      ), flows as (
        select code,
          coalesce(sum(inflow - outflow) filter (where cause_type in ('record', 'record_reversal', 'record_repost')), 0) as deposited,
          coalesce(sum(inflow) filter (where cause_type = 'transfer'), 0) as transferred_in,
          coalesce(sum(outflow) filter (where cause_type = 'transfer'), 0) as transferred_out,
          coalesce(sum(outflow) filter (where cause_type = 'donation'), 0) as donated,
          coalesce(sum(inflow) filter (where cause_type = 'pool_grant'), 0) as granted,
          coalesce(sum(outflow) filter (where cause_type = 'service_payment'), 0) as spent,
          coalesce(sum(inflow - outflow) filter (where kind = 'pool'), 0) as in_pools,
          coalesce(sum(inflow - outflow), 0) as outstanding
        from side group by code
      ), hours as (
        select left(v.area_code, ${childLength}) as code, sum(r.credit_hours + r.added_hours) as hours
        from service_records r join volunteers v on v.id = r.volunteer_id
        left join (${requestCategories}) q on q.activity_id = r.activity_id
        where r.status = 'confirmed' and v.area_code like ${`${prefix}%`}
          and coalesce(q.category_code, r.category_code) in (select value from json_array_elements_text(${JSON.stringify(categories)}::json))
        group by 1
      )
      select coalesce(f.code, h.code) as code, coalesce(f.deposited, 0)::numeric(14,2)::text as deposited,
        coalesce(f.transferred_in, 0)::numeric(14,2)::text as transferred_in, coalesce(f.transferred_out, 0)::numeric(14,2)::text as transferred_out,
        coalesce(f.donated, 0)::numeric(14,2)::text as donated, coalesce(f.granted, 0)::numeric(14,2)::text as granted, coalesce(f.spent, 0)::numeric(14,2)::text as spent,
        coalesce(f.in_pools, 0)::numeric(14,2)::text as in_pools, coalesce(f.outstanding, 0)::numeric(14,2)::text as outstanding, coalesce(h.hours, 0)::numeric(14,2)::text as hours
      from flows f full join hours h on h.code = f.code
      order by 1`),
  );
}

export async function areaNames(db: Executor, codes: string[]) {
  const rows = rowsOf<{ code: string; name: string }>(
    await db.execute(
      sql`select code, name from areas where code in (select value from json_array_elements_text(${JSON.stringify(codes)}::json))`,
    ),
  );
  return new Map(rows.map((r) => [r.code, r.name]));
}
