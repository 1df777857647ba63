import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';

/** The time bank's statements over the points ledger (currency 'time_credit'). */

/**
 * A record's category for the time bank: the served request's (elderly care, disability aid …) when
 * the record is of a request's shift — those records carry the requests project's category — else its own.
 */
export const categoryOf = sql`coalesce((select s.category_code from service_requests s
  where s.activity_id = r.activity_id order by s.id limit 1), r.category_code)`;

/** Each request shift's request category (a join, not a lookup per record, for loads of many). */
export const requestCategories = sql`select distinct on (s.activity_id) s.activity_id, s.category_code
  from service_requests s where s.activity_id is not null order by s.activity_id, s.id`;

/** What a record's deposit is computed from: its volunteer, category and service date. */
export async function recordOf(tx: Executor, recordId: string) {
  const [row] = rowsOf<{ volunteer_id: string; category_code: string | null; service_date: string }>(
    await tx.execute(sql`select r.volunteer_id, ${categoryOf} as category_code, r.service_date::text as service_date
      from service_records r where r.id = ${recordId}`),
  );
  return row;
}

/** A volunteer's record-caused time-credit movements, signed as the volunteer sees them, with each record's service date. */
const depositsOf = (volunteerId: string) => sql`select r.id as record_id, r.service_date,
    case when m.cause_type = 'record_reversal' then -m.amount else m.amount end as signed
  from ledger_movements m
  join ledger_accounts a on a.currency = 'time_credit' and a.kind = 'volunteer' and a.owner_id = ${volunteerId}
    and a.id in (m.credit_account_id, m.debit_account_id)
  left join record_corrections c on m.cause_type in ('record_reversal', 'record_repost') and c.id = m.cause_id
  join service_records r on r.id = case when m.cause_type = 'record' then m.cause_id else c.record_id end
  where m.currency = 'time_credit' and m.cause_type in ('record', 'record_reversal', 'record_repost')`;

/** What the volunteer has had deposited: in a lifetime, for service on `day`, and for one record (net of reversals). */
export async function depositedOf(tx: Executor, volunteerId: string, day: string, recordId: string | null = null) {
  const [row] = rowsOf<{ lifetime: string; day: string; record: string }>(
    await tx.execute(sql`select coalesce(sum(d.signed), 0)::text as lifetime,
        coalesce(sum(d.signed) filter (where d.service_date = ${day}::date), 0)::text as day,
        coalesce(sum(d.signed) filter (where d.record_id = ${recordId}), 0)::text as record
      from (${depositsOf(volunteerId)}) d`),
  );
  return { lifetime: Number(row.lifetime), day: Number(row.day), record: Number(row.record) };
}

/** Confirmed records of the eligible categories with hours and no deposit yet (nor an accepted correction), in deposit order. */
export async function recordsWithoutCredits(tx: Executor, categories: string[]) {
  return rowsOf<{ id: string; volunteer_id: string; hours: string; service_date: string }>(
    await tx.execute(sql`with missing as (
        select r.id from service_records r left join (${requestCategories}) q on q.activity_id = r.activity_id
        where r.status = 'confirmed' and r.credit_hours + r.added_hours > 0
          and coalesce(q.category_code, r.category_code) in (select value from json_array_elements_text(${JSON.stringify(categories)}::json))
          and not exists (select 1 from record_corrections c where c.record_id = r.id and c.status = 'accepted')
        except
        select m.cause_id from ledger_movements m where m.currency = 'time_credit' and m.cause_type = 'record'
      )
      select r.id, r.volunteer_id, (r.credit_hours + r.added_hours)::text as hours, r.service_date::text as service_date
      from missing x join service_records r on r.id = x.id
      order by r.volunteer_id, r.service_date, r.created_at, r.id`),
  );
}

/** What every volunteer has had deposited so far, per service day (for a backfill's running caps). */
export async function depositTotals(tx: Executor) {
  return rowsOf<{ volunteer_id: string; service_date: string; total: string }>(
    await tx.execute(sql`select r.volunteer_id, r.service_date::text as service_date,
        sum(case when m.cause_type = 'record_reversal' then -m.amount else m.amount end)::text as total
      from ledger_movements m
      left join record_corrections c on m.cause_type in ('record_reversal', 'record_repost') and c.id = m.cause_id
      join service_records r on r.id = case when m.cause_type = 'record' then m.cause_id else c.record_id end
      where m.currency = 'time_credit' and m.cause_type in ('record', 'record_reversal', 'record_repost')
      group by r.volunteer_id, r.service_date`),
  );
}

/** A volunteer's area, for an office's scope (deregistered and merged records are not shown). */
export async function volunteerAreaOf(db: Executor, volunteerId: string) {
  const [row] = rowsOf<{ area_code: string }>(
    await db.execute(sql`select area_code from volunteers where id = ${volunteerId} and status in ('active', 'suspended')`),
  );
  return row?.area_code ?? null;
}
