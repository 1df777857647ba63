import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';

/**
 * The time bank's reconciliation (currency 'time_credit'), set-based, beside the points' own
 * (points-verify.queries.ts). A deposit's basis is [hours, rate, day, daily cap, deposited that day
 * before, lifetime cap, deposited in a lifetime before, rule version].
 */

/** The record-caused time-credit movements, each with its record, signed as the volunteer sees it. */
const deposits = sql`select m.seq, m.amount, m.cause_type, m.basis::jsonb as b, m.credit_account_id, m.debit_account_id,
    c.status as correction_status, c.requested_hours, r.id as rid, r.volunteer_id, r.service_date, r.status,
    r.credit_hours + r.added_hours as hours,
    case when m.cause_type = 'record_reversal' then -m.amount else m.amount end as signed
  from ledger_movements m
  left join record_corrections c on m.cause_type in ('record_reversal', 'record_repost') and c.id = m.cause_id
  left join service_records r on r.id = case when m.cause_type = 'record' then m.cause_id else c.record_id end
  where m.currency = 'time_credit' and m.cause_type in ('record', 'record_reversal', 'record_repost')`;

/**
 * The first time-credit movement that does not match its cause: a deposit (or repost) goes from
 * issuance to the volunteer of a confirmed record (an accepted correction), a reversal back; its
 * hours are the record's (the correction's), its day the record's service date, what it says was
 * deposited before (that day, in a lifetime) is what the ledger held before it, and its amount is
 * hours × rate clipped by both caps; each record's movements net to its latest deposit.
 */
export async function firstUnreconciledDeposit(db: Executor) {
  const [row] = rowsOf<{ bad: string | null }>(
    await db.execute(sql`with s as (${deposits}), w as (
        select s.*,
          coalesce(sum(signed) over (partition by volunteer_id order by seq rows between unbounded preceding and 1 preceding), 0) as life_before,
          coalesce(sum(signed) over (partition by volunteer_id, service_date order by seq rows between unbounded preceding and 1 preceding), 0) as day_before
        from s
      ), bad_cause as (
        select min(w.seq) as seq from w
        join ledger_accounts cr on cr.id = w.credit_account_id
        join ledger_accounts dr on dr.id = w.debit_account_id
        where w.rid is null or w.status <> 'confirmed'
          or (w.cause_type <> 'record_reversal' and (cr.kind <> 'volunteer' or cr.owner_id <> w.volunteer_id or dr.kind <> 'issuance'))
          or (w.cause_type = 'record_reversal' and (dr.kind <> 'volunteer' or dr.owner_id <> w.volunteer_id or cr.kind <> 'issuance'))
          or (w.cause_type <> 'record' and w.correction_status is distinct from 'accepted')
          or (w.cause_type <> 'record_reversal' and (w.b is null
            or (w.b->>0)::numeric <> case when w.cause_type = 'record' then w.hours else w.requested_hours end
            or w.b->>2 <> w.service_date::text
            or (w.b->>4)::numeric <> w.day_before
            or (w.b->>6)::numeric <> w.life_before
            or w.amount <> least(round((w.b->>0)::numeric * (w.b->>1)::numeric, 2),
              greatest(0, (w.b->>3)::numeric - (w.b->>4)::numeric), greatest(0, (w.b->>5)::numeric - (w.b->>6)::numeric))))
      ), nets as (
        select rid, sum(signed) as net, max(seq) as last_seq,
          (array_agg(case when cause_type = 'record_reversal' then 0 else amount end order by seq desc))[1] as last
        from w group by rid
      ), other_cause as (
        -- Time credits come from hours or move between people, pools and services: a bonus is not the bank's.
        select min(seq) as seq from ledger_movements
        where currency = 'time_credit' and cause_type not in (${BANK_CAUSES})
      )
      select least((select seq from bad_cause), (select min(last_seq) from nets where net <> last), (select seq from other_cause))::text as bad`),
  );
  return row?.bad ? Number(row.bad) : undefined;
}

/**
 * The first confirmed record of an eligible category (a served request's, else its own) without its deposit. A record whose day or
 * whose volunteer's lifetime is already at the cap in force was clipped to nothing (a movement is
 * never 0) and is left out; so a cap raised later can show such a record as missing.
 */
export async function firstRecordWithoutCredits(db: Executor, categories: string[], dailyCap: number, lifetimeCap: number) {
  const [row] = rowsOf<{ id: string }>(
    await db.execute(sql`with s as (${deposits}),
      day_full as (select volunteer_id, service_date from s group by volunteer_id, service_date having sum(signed) >= ${dailyCap}),
      life_full as (select volunteer_id from s group by volunteer_id having sum(signed) >= ${lifetimeCap}),
      missing as (
        select r.id from service_records r
        left join (select distinct on (s.activity_id) s.activity_id, s.category_code from service_requests s
          where s.activity_id is not null order by s.activity_id, s.id) q on q.activity_id = r.activity_id
        where r.status = 'confirmed' and r.credit_hours + r.added_hours > 0
          and coalesce(q.category_code, r.category_code) in (select value from json_array_elements_text(${JSON.stringify(categories)}::json))
        except select l.cause_id from ledger_movements l where l.currency = 'time_credit' and l.cause_type = 'record'
        except select r.id from service_records r join day_full d on d.volunteer_id = r.volunteer_id and d.service_date = r.service_date
        except select r.id from service_records r join life_full f on f.volunteer_id = r.volunteer_id
      )
      select r.id from service_records r join missing m on m.id = r.id order by r.created_at, r.id limit 1`),
  );
  return row?.id;
}

const BANK_CAUSES = sql`'record', 'record_reversal', 'record_repost', 'transfer', 'donation', 'pool_grant', 'service_payment',
  'service_hold', 'service_release'`;

/**
 * The first movement of the bank's own causes not backed by its row (set-based, one pass): a transfer
 * by its time_credit_transfers row (same amount, from the giver's account to the relative's) and that
 * row by its relationship (the same two people, confirmed before the transfer and not ended or revoked
 * before it: review 2026-12, a hand-written row to a stranger must not pass), a
 * donation or grant by its time_credit_pool_moves row (volunteer → the community's pool, pool → the
 * person). A service paid in credits (docs/incentives.md "Spending credits on a service"): the hold by
 * its time_credit_holds row (its amount, payer → held; its basis [hours, rate, request] the row's, the amount
 * their product to the cent, the payer the volunteer of the account that raised the request — review 2026-12); a payment by its record (confirmed, of the shift
 * of the hold's request, named in the basis [hours, rate, hold]), held → redeemed, its hours the record's
 * confirmed hours (not merely what its own basis says), at most those hours × the hold's rate (a correction's payment: by its accepted correction, its hours the
 * correction's, at most the hours it added to the record's × rate); a release by its released hold (held → payer, what was left). Each cause id is posted once
 * (the ledger's cause key), so a row backs one movement. Time credits only.
 */
export async function firstUnbackedMove(db: Executor) {
  const [row] = rowsOf<{ seq: string | null }>(
    await db.execute(sql`select min(m.seq)::text as seq
      from ledger_movements m
      join ledger_accounts d on d.id = m.debit_account_id
      join ledger_accounts c on c.id = m.credit_account_id
      left join time_credit_transfers t on m.cause_type = 'transfer' and t.id = m.cause_id
      left join family_relations f on f.id = t.relation_id
      left join time_credit_pool_moves p on m.cause_type in ('donation', 'pool_grant') and p.id = m.cause_id and p.kind = m.cause_type
      left join time_credit_holds h on h.id = case when m.cause_type in ('service_hold', 'service_release') then m.cause_id
        when m.cause_type = 'service_payment' then (case when m.basis::jsonb->>2 ~ '^[0-9a-f-]{36}$' then (m.basis::jsonb->>2)::uuid end) end
      left join service_requests q on q.id = h.request_id
      -- A correction's payment names its record in the basis (4th) and is caused by the correction.
      left join service_records r on m.cause_type = 'service_payment' and r.id = coalesce(case when m.cause_type = 'service_payment'
        and m.basis::jsonb->>3 ~ '^[0-9a-f-]{36}$' then (m.basis::jsonb->>3)::uuid end, m.cause_id)
      left join record_corrections rc on m.cause_type = 'service_payment' and rc.id = m.cause_id
      where m.cause_type in ('transfer', 'donation', 'pool_grant', 'service_payment', 'service_hold', 'service_release')
        and (m.currency <> 'time_credit' or case m.cause_type
          when 'transfer' then t.id is null or t.amount <> m.amount
            or d.kind <> 'volunteer' or d.owner_id <> t.from_volunteer_id or c.kind <> 'volunteer' or c.owner_id <> t.to_volunteer_id
            or f.id is null or f.volunteer_id <> t.from_volunteer_id or f.relative_id <> t.to_volunteer_id
            or f.status not in ('confirmed', 'ended', 'revoked') or f.decided_at is null or f.decided_at > t.created_at
            or (f.ended_at is not null and f.ended_at < t.created_at)
          when 'donation' then p.id is null or p.amount <> m.amount
            or d.kind <> 'volunteer' or d.owner_id <> p.volunteer_id or c.kind <> 'pool' or c.pool_area <> p.pool_area_code
          when 'pool_grant' then p.id is null or p.amount <> m.amount
            or d.kind <> 'pool' or d.pool_area <> p.pool_area_code or c.kind <> 'volunteer' or c.owner_id <> p.volunteer_id
          when 'service_hold' then h.id is null or h.amount <> m.amount
            or d.kind <> 'volunteer' or d.owner_id <> h.payer_id or c.kind <> 'held'
            or m.basis is null or h.amount <> round(h.hours * h.rate, 2)
            or (m.basis::jsonb->>0)::numeric is distinct from h.hours or (m.basis::jsonb->>1)::numeric is distinct from h.rate
            or (m.basis::jsonb->>2) is distinct from h.request_id::text
            or not exists (select 1 from volunteers v where v.id = h.payer_id and v.account_id = q.created_by)
          when 'service_release' then h.id is null or h.status <> 'released' or h.released <> m.amount
            or d.kind <> 'held' or c.kind <> 'volunteer' or c.owner_id <> h.payer_id
          when 'service_payment' then h.id is null or r.id is null or r.status <> 'confirmed'
            or r.activity_id is distinct from q.activity_id or d.kind <> 'held' or c.kind <> 'redeemed'
            or (m.basis::jsonb->>1)::numeric <> h.rate
            or case when m.basis::jsonb->>3 is null then (m.basis::jsonb->>0)::numeric <> r.credit_hours + r.added_hours
                or m.amount > round((r.credit_hours + r.added_hours) * h.rate, 2)
              else rc.id is null or rc.status <> 'accepted' or rc.record_id <> r.id
                or (m.basis::jsonb->>0)::numeric <> rc.requested_hours
                or m.amount > round((rc.requested_hours - (r.credit_hours + r.added_hours)) * h.rate, 2) end
          else true
          end)`),
  );
  return row?.seq ? Number(row.seq) : undefined;
}

/**
 * The first hold whose movements do not add up (named by its hold movement's seq): its payments sum to
 * what the row says was paid, never past the amount, and once released amount − paid − released = 0.
 */
export async function firstUnbalancedHold(db: Executor) {
  const [row] = rowsOf<{ seq: string | null }>(
    await db.execute(sql`with pay as (
        -- CASE, not AND: only a payment's basis is read as JSON (PostgreSQL does not order an AND's terms).
        select (case when cause_type = 'service_payment' then (case when basis::jsonb->>2 ~ '^[0-9a-f-]{36}$'
          then (basis::jsonb->>2)::uuid end) end) as hold_id, sum(amount) as paid from ledger_movements
        where currency = 'time_credit' and cause_type = 'service_payment' group by 1
      )
      select min(m.seq)::text as seq from time_credit_holds h
      left join pay on pay.hold_id = h.id
      left join ledger_movements m on m.currency = 'time_credit' and m.cause_type = 'service_hold' and m.cause_id = h.id
      where coalesce(pay.paid, 0) <> h.paid or h.paid > h.amount
        or (h.status = 'released' and h.amount - h.paid - h.released <> 0)`),
  );
  return row?.seq ? Number(row.seq) : undefined;
}

/**
 * The first hold whose row has no movement behind it: no `service_hold` movement, or released with
 * something left and no `service_release` movement (a row written by hand, or a movement deleted
 * together with its successors). Named by the hold's id.
 */
export async function firstHoldWithoutMovement(db: Executor) {
  const [row] = rowsOf<{ id: string }>(
    await db.execute(sql`select h.id from time_credit_holds h
      where not exists (select 1 from ledger_movements m where m.currency = 'time_credit' and m.cause_type = 'service_hold' and m.cause_id = h.id)
        or (h.status = 'released' and h.released > 0 and not exists (select 1 from ledger_movements m
          where m.currency = 'time_credit' and m.cause_type = 'service_release' and m.cause_id = h.id))
      order by h.created_at, h.id limit 1`),
  );
  return row?.id;
}

/**
 * The city's `held` account against the holds: its balance is what the holds still hold (amount − paid −
 * released, summed). Each movement may match its row and yet the sum not: named by the account.
 */
export async function heldOutOfBalance(db: Executor) {
  const [row] = rowsOf<{ id: string | null }>(
    await db.execute(sql`select a.id from ledger_accounts a
      where a.currency = 'time_credit' and a.kind = 'held'
        and a.balance <> (select coalesce(sum(amount - paid - coalesce(released, 0)), 0) from time_credit_holds)
      limit 1`),
  );
  return row?.id ?? undefined;
}
