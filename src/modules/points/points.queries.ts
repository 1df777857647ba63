import { eq, sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import { volunteers } from '../../db/schema.ts';
import type { RiskLevel } from '../../domain/points/earning.ts';
import type { AccountKind, Currency } from '../../domain/points/points-chain.ts';

/** The points ledger's statements (ledger.ts, points.service.ts); reconciliation is in points-verify.queries.ts. */

/** One lock for every append: the chain has one head (the hour ledger's is 7 331 001). */
const CHAIN_LOCK = 7_331_019;

export async function lockChain(tx: Executor) {
  await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
}

export async function chainHead(tx: Executor) {
  const [head] = rowsOf<{ seq: string; hash: string }>(
    await tx.execute(sql`select m.seq::text as seq, m.hash from ledger_movements m order by m.seq desc limit 1`),
  );
  return head;
}

/** The city's account of a kind without an owner (issuance, redeemed …), made on first use. */
export async function systemAccount(tx: Executor, currency: Currency, kind: Exclude<AccountKind, 'volunteer'>): Promise<string> {
  await tx.execute(sql`insert into ledger_accounts (currency, kind, floor)
    values (${currency}, ${kind}, ${kind === 'issuance' ? null : '0'}) on conflict on constraint ledger_accounts_owner_key do nothing`);
  const [row] = rowsOf<{ id: string }>(
    await tx.execute(sql`select id from ledger_accounts where currency = ${currency} and kind = ${kind} and owner_id is null`),
  );
  return row.id;
}

/** A community's pool (floor 0, one per community: the owner key holds pool_area), made on first use. */
export async function poolAccount(tx: Executor, currency: Currency, areaCode: string): Promise<string> {
  await tx.execute(sql`insert into ledger_accounts (currency, kind, area_code, pool_area, floor)
    values (${currency}, 'pool', ${areaCode}, ${areaCode}, 0) on conflict on constraint ledger_accounts_owner_key do nothing`);
  const [row] = rowsOf<{ id: string }>(
    await tx.execute(sql`select id from ledger_accounts where currency = ${currency} and kind = 'pool' and pool_area = ${areaCode}`),
  );
  return row.id;
}

/** The volunteers' own accounts (floor 0, their area), made on first use; volunteer id → account id. */
export async function volunteerAccounts(tx: Executor, currency: Currency, volunteerIds: string[]): Promise<Map<string, string>> {
  if (volunteerIds.length === 0) return new Map();
  const ids = JSON.stringify([...new Set(volunteerIds)]);
  await tx.execute(sql`insert into ledger_accounts (currency, kind, owner_id, area_code, floor)
    select ${currency}, 'volunteer', v.id, v.area_code, 0 from volunteers v
    where v.id in (select value::uuid from json_array_elements_text(${ids}::json))
    order by v.id
    on conflict on constraint ledger_accounts_owner_key do nothing`);
  const rows = rowsOf<{ id: string; owner_id: string }>(
    await tx.execute(sql`select id, owner_id from ledger_accounts where currency = ${currency} and kind = 'volunteer'
      and owner_id in (select value::uuid from json_array_elements_text(${ids}::json))`),
  );
  return new Map(rows.map((r) => [r.owner_id, r.id]));
}

export interface LockedAccount {
  id: string;
  floor: string | null;
  balance: string;
}

/** Locks the accounts in id order (every poster takes them in the same order, so two never wait on each other in a circle). */
export async function lockAccounts(tx: Executor, ids: string[]): Promise<LockedAccount[]> {
  return rowsOf<LockedAccount>(
    await tx.execute(sql`select id, floor::text as floor, balance::text as balance from ledger_accounts
      where id in (select value::uuid from json_array_elements_text(${JSON.stringify(ids)}::json)) order by id for update`),
  );
}

export interface MovementRow {
  seq: number;
  currency: Currency;
  debitAccountId: string;
  creditAccountId: string;
  amount: string;
  causeType: string;
  causeId: string | null;
  basis: string | null;
  at: string;
  prevHash: string;
  hash: string;
}

export async function insertMovements(tx: Executor, rows: MovementRow[]) {
  const json = JSON.stringify(
    rows.map((r) => [
      r.seq,
      r.currency,
      r.debitAccountId,
      r.creditAccountId,
      r.amount,
      r.causeType,
      r.causeId,
      r.basis,
      r.at,
      r.prevHash,
      r.hash,
    ]),
  );
  await tx.execute(sql`insert into ledger_movements
      (seq, currency, debit_account_id, credit_account_id, amount, cause_type, cause_id, basis, at, prev_hash, hash)
    select (r->>0)::bigint, r->>1, (r->>2)::uuid, (r->>3)::uuid, (r->>4)::numeric, r->>5, (r->>6)::uuid, r->>7, r->>8, r->>9, r->>10
    from json_array_elements(${json}::json) r`);
}

/** Adds each delta to its account's balance; the floor CHECK refuses an overdraft (SQLSTATE 23514). */
export async function applyDeltas(tx: Executor, deltas: { id: string; delta: string }[]) {
  await tx.execute(sql`update ledger_accounts a set balance = a.balance + d.delta
    from json_to_recordset(${JSON.stringify(deltas)}::json) as d(id uuid, delta numeric) where a.id = d.id`);
}

/** What a record's points are computed from: its volunteer, category and project's risk level, and whether it is confirmed. */
export async function recordFacts(tx: Executor, recordId: string) {
  const [row] = rowsOf<{ volunteer_id: string; category_code: string | null; risk_level: string | null; status: string }>(
    await tx.execute(sql`select r.volunteer_id, r.category_code, p.risk_level, r.status
      from service_records r left join projects p on p.id = r.project_id where r.id = ${recordId}`),
  );
  return row;
}

/**
 * What a record has earned on the ledger so far (its posting, reversals and reposts), signed as the
 * volunteer sees it. Reposts and reversals are caused by the record's corrections.
 */
export async function netOfRecord(tx: Executor, currency: Currency, recordId: string, volunteerAccount: string): Promise<string> {
  const [row] = rowsOf<{ net: string }>(
    await tx.execute(sql`select coalesce(sum(case when m.credit_account_id = ${volunteerAccount} then m.amount else -m.amount end), 0)::text as net
      from ledger_movements m
      where m.currency = ${currency}
        and ((m.cause_type = 'record' and m.cause_id = ${recordId})
          or (m.cause_type in ('record_reversal', 'record_repost')
            and m.cause_id in (select c.id from record_corrections c where c.record_id = ${recordId})))`),
  );
  return row.net;
}

export async function accountOf(db: Executor, currency: Currency, volunteerId: string) {
  const [row] = rowsOf<{ id: string; balance: string }>(
    await db.execute(sql`select id, balance::text as balance from ledger_accounts
      where currency = ${currency} and kind = 'volunteer' and owner_id = ${volunteerId}`),
  );
  return row;
}

export interface StatementLine {
  seq: string;
  at: string;
  cause_type: string;
  cause_id: string | null;
  amount: string;
  balance_after: string;
  activity_title: string | null;
}

/**
 * An account's movements, newest first, a page at a time, each signed as the account sees it and
 * with the balance after it (the balance now less what came later), and the activity it was for.
 */
export async function statementOf(db: Executor, accountId: string, balance: string, limit: number, offset: number) {
  return rowsOf<StatementLine>(
    await db.execute(sql`with m as (
        select seq, at, cause_type, cause_id, case when credit_account_id = ${accountId} then amount else -amount end as amount
        from ledger_movements where credit_account_id = ${accountId}
        union all
        select seq, at, cause_type, cause_id, -amount from ledger_movements where debit_account_id = ${accountId}
      ), w as (
        select m.*, ${balance}::numeric - coalesce(sum(amount) over (order by seq desc rows between unbounded preceding and 1 preceding), 0) as balance_after
        from m
      )
      select w.seq::text as seq, w.at, w.cause_type, w.cause_id, w.amount::text as amount, w.balance_after::text as balance_after,
        coalesce(r.activity_title, rc.activity_title, case w.cause_type
          -- The time bank's own lines name the other side: the relative, the community's pool (and the grant's reason), the request.
          when 'transfer' then (select v.name from time_credit_transfers t
            join volunteers v on v.id = case when w.amount < 0 then t.to_volunteer_id else t.from_volunteer_id end where t.id = w.cause_id)
          when 'donation' then (select a.name from time_credit_pool_moves p join areas a on a.code = p.pool_area_code where p.id = w.cause_id)
          when 'pool_grant' then (select a.name || '：' || p.reason from time_credit_pool_moves p join areas a on a.code = p.pool_area_code
            where p.id = w.cause_id)
          -- A service paid in credits: the request's number (XQ…) its credits were held for or given back from.
          when 'service_hold' then (select q.request_no from time_credit_holds h join service_requests q on q.id = h.request_id
            where h.id = w.cause_id)
          when 'service_release' then (select q.request_no from time_credit_holds h join service_requests q on q.id = h.request_id
            where h.id = w.cause_id)
        end) as activity_title
      from w
      left join service_records r on w.cause_type in ('record', 'bonus') and r.id = w.cause_id
      left join record_corrections c on w.cause_type in ('record_reversal', 'record_repost') and c.id = w.cause_id
      left join service_records rc on rc.id = c.record_id
      order by w.seq desc limit ${limit} offset ${offset}`),
  );
}

export async function movementCount(db: Executor, accountId: string) {
  const [row] = rowsOf<{ n: string }>(
    await db.execute(sql`select ((select count(*) from ledger_movements where credit_account_id = ${accountId})
      + (select count(*) from ledger_movements where debit_account_id = ${accountId}))::text as n`),
  );
  return Number(row.n);
}

/** Bonus points a volunteer was given in the China month containing `at`. */
export async function bonusThisMonth(db: Executor, currency: Currency, accountId: string, monthStart: string, monthEnd: string) {
  const [row] = rowsOf<{ total: string }>(
    await db.execute(sql`select coalesce(sum(amount), 0)::text as total from ledger_movements
      where currency = ${currency} and cause_type = 'bonus' and credit_account_id = ${accountId} and at >= ${monthStart} and at < ${monthEnd}`),
  );
  return Number(row.total);
}

/** A record of the organization's (its volunteer and status), or nothing. */
export async function recordOfOrganization(db: Executor, recordId: string, organizationId: string) {
  const [row] = rowsOf<{ volunteer_id: string; status: string; service_date: string; account_id: string | null }>(
    await db.execute(sql`select r.volunteer_id, r.status, r.service_date::text as service_date, v.account_id
      from service_records r join volunteers v on v.id = r.volunteer_id where r.id = ${recordId} and r.organization_id = ${organizationId}`),
  );
  return row;
}

/** The volunteer with this id, as the volunteers module's findVolunteer takes it. */
export const volunteerWithId = (id: string) => eq(volunteers.id, id);

/** Confirmed records with hours and no points yet (nor an accepted correction), oldest first: what a backfill posts. */
export async function recordsWithoutPoints(tx: Executor) {
  return rowsOf<{ id: string; volunteer_id: string; hours: string; category_code: string | null; risk_level: RiskLevel | null }>(
    await tx.execute(sql`with missing as (
        select r.id from service_records r
        where r.status = 'confirmed' and r.credit_hours + r.added_hours > 0
          and not exists (select 1 from record_corrections c where c.record_id = r.id and c.status = 'accepted')
        -- EXCEPT: one pass over each side, never a lookup per record (see firstRecordWithoutPoints).
        except
        select m.cause_id from ledger_movements m where m.currency = 'points' and m.cause_type = 'record'
      )
      select r.id, r.volunteer_id, (r.credit_hours + r.added_hours)::text as hours, r.category_code, p.risk_level
      from missing x join service_records r on r.id = x.id left join projects p on p.id = r.project_id
      order by r.created_at, r.id`),
  );
}

/**
 * An organization's confirmed records since a day, newest first, with the bonus each got and the bonus its
 * volunteer has had in the month (from any organization): bonus.service.ts's list.
 */
export async function bonusCandidates(
  db: Executor,
  organizationId: string,
  since: string,
  [monthStart, monthEnd]: readonly [string, string],
  page: { limit: number; offset: number },
) {
  return rowsOf<{
    id: string;
    volunteer_name: string;
    volunteer_no: string;
    activity_title: string;
    service_date: string;
    hours: string;
    bonus: string | null;
    given_this_month: string;
    total: number;
  }>(
    await db.execute(sql`select r.id, v.name as volunteer_name, v.volunteer_no, r.activity_title, r.service_date::text as service_date,
        (r.credit_hours + r.added_hours)::text as hours, b.amount::text as bonus,
        coalesce((select sum(m.amount) from ledger_movements m join ledger_accounts a on a.id = m.credit_account_id
          where a.currency = 'points' and a.kind = 'volunteer' and a.owner_id = r.volunteer_id
            and m.cause_type = 'bonus' and m.at >= ${monthStart} and m.at < ${monthEnd}), 0)::text as given_this_month,
        count(*) over ()::int as total
      from service_records r join volunteers v on v.id = r.volunteer_id
      left join ledger_movements b on b.currency = 'points' and b.cause_type = 'bonus' and b.cause_id = r.id
      where r.organization_id = ${organizationId} and r.status = 'confirmed' and r.service_date >= ${since}
      order by r.service_date desc, r.id limit ${page.limit} offset ${page.offset}`),
  );
}
