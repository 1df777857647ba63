import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';

/** The volunteer (not merged) an account belongs to: the payer of a request it raised. */
export async function volunteerOfAccount(db: Executor, accountId: string) {
  const [row] = rowsOf<{ id: string }>(
    await db.execute(sql`select id from volunteers where account_id = ${accountId} and status <> 'merged'`),
  );
  return row?.id;
}

export async function balanceOfAccount(db: Executor, accountId: string) {
  const [row] = rowsOf<{ balance: string }>(await db.execute(sql`select balance from ledger_accounts where id = ${accountId}`));
  return Number(row?.balance ?? 0);
}

export async function insertHold(
  tx: Executor,
  h: { requestId: string; payerId: string; hours: string; rate: string; amount: string },
): Promise<string> {
  const [row] = rowsOf<{ id: string }>(
    await tx.execute(sql`insert into time_credit_holds (request_id, payer_id, hours, rate, amount)
      values (${h.requestId}, ${h.payerId}, ${h.hours}, ${h.rate}, ${h.amount}) returning id`),
  );
  return row.id;
}

export interface HoldRow {
  id: string;
  payer_id: string;
  amount: string;
  paid: string;
  rate: string;
}

/**
 * The unreleased (open or closing) hold of the request whose shift a record is of, locked: its payments
 * are decided one at a time, and a request closed before its records are confirmed still pays them.
 */
export async function liveHoldOfRecord(tx: Executor, recordId: string) {
  const [row] = rowsOf<HoldRow>(
    await tx.execute(sql`select h.id, h.payer_id, h.amount, h.paid, h.rate from time_credit_holds h
      join service_requests q on q.id = h.request_id
      join service_records r on r.activity_id = q.activity_id
      where r.id = ${recordId} and h.status <> 'released' for update of h`),
  );
  return row;
}

/** The unreleased hold of a request (or of a hold id), locked. */
export async function liveHold(tx: Executor, by: { requestId: string } | { holdId: string }) {
  const where = 'requestId' in by ? sql`request_id = ${by.requestId}` : sql`id = ${by.holdId}`;
  const [row] = rowsOf<HoldRow>(
    await tx.execute(sql`select id, payer_id, amount, paid, rate from time_credit_holds
      where ${where} and status <> 'released' for update`),
  );
  return row;
}

export async function markClosing(tx: Executor, holdId: string) {
  await tx.execute(sql`update time_credit_holds set status = 'closing' where id = ${holdId}`);
}

/**
 * What can still claim a payment from a hold: its request's state, the end of its shift (else of its
 * window), the shift's pending records, and its accepted enrollments not yet recorded (only these can
 * still get a record: a cancelled shift's enrollments are ended with it).
 */
export async function claimsOn(tx: Executor, holdId: string) {
  const [row] = rowsOf<{ hold_status: string; request_status: string; ends_ms: number; pending: number; unrecorded: number }>(
    await tx.execute(sql`select h.status as hold_status, q.status as request_status,
        (extract(epoch from coalesce(a.ends_at, q.window_end)) * 1000)::float8 as ends_ms,
        (select count(*)::int from service_records r where q.activity_id is not null and r.activity_id = q.activity_id
          and r.status = 'pending') as pending,
        (select count(*)::int from enrollments e where q.activity_id is not null and e.activity_id = q.activity_id
          and e.status = 'accepted' and not exists (select 1 from service_records r where r.enrollment_id = e.id)) as unrecorded
      from time_credit_holds h join service_requests q on q.id = h.request_id
      left join activities a on a.id = q.activity_id
      where h.id = ${holdId}`),
  );
  return row;
}

/**
 * Holds the daily job looks at: closing ones, and open ones whose request's window ended more than ten
 * days ago (a cheap bound; the ten working days are counted in code).
 */
export async function holdsToSettle(db: Executor, before: Date) {
  return rowsOf<{ id: string }>(
    await db.execute(sql`select h.id from time_credit_holds h join service_requests q on q.id = h.request_id
      where h.status = 'closing' or (h.status = 'open' and q.window_end < ${before.toISOString()}::timestamptz)
      order by h.created_at, h.id`),
  );
}

export async function addPaid(tx: Executor, holdId: string, amount: string) {
  await tx.execute(sql`update time_credit_holds set paid = paid + ${amount}::numeric where id = ${holdId}`);
}

export async function markReleased(tx: Executor, holdId: string, amount: string) {
  await tx.execute(sql`update time_credit_holds set status = 'released', released = ${amount}::numeric where id = ${holdId}`);
}

/** A volunteer's holds not yet released (open, or closing: their request ended, records still to decide), with the request's number, newest first. */
export async function openHoldsOf(db: Executor, volunteerId: string) {
  return rowsOf<{ id: string; request_id: string; request_no: string; amount: string; paid: string; created_at: string }>(
    await db.execute(sql`select h.id, h.request_id, q.request_no, h.amount, h.paid, h.created_at::text as created_at from time_credit_holds h
      join service_requests q on q.id = h.request_id
      where h.payer_id = ${volunteerId} and h.status <> 'released' order by h.created_at desc, h.id`),
  );
}

/** The payer of a request's unreleased hold, read without a lock (a check before a step; the chain's lock comes later). */
export async function livePayerOfRequest(db: Executor, requestId: string) {
  const [row] = rowsOf<{ payer_id: string }>(
    await db.execute(sql`select payer_id from time_credit_holds where request_id = ${requestId} and status <> 'released'`),
  );
  return row?.payer_id;
}

/** Whether a request paid in credits has had its hold given back already. */
export async function holdSettled(db: Executor, requestId: string) {
  const [row] = rowsOf<{ id: string }>(
    await db.execute(sql`select id from time_credit_holds where request_id = ${requestId} and status = 'released'`),
  );
  return !!row;
}

/** A payer's unreleased holds of requests for a relative (the beneficiary is the relative by their account), locked. */
export async function liveHoldsForRelative(tx: Executor, payerId: string, relativeId: string) {
  return rowsOf<HoldRow>(
    await tx.execute(sql`select h.id, h.payer_id, h.amount, h.paid, h.rate from time_credit_holds h
      join service_requests q on q.id = h.request_id join beneficiaries b on b.id = q.beneficiary_id
      join volunteers v on v.account_id = b.account_id
      where h.payer_id = ${payerId} and v.id = ${relativeId} and v.id <> ${payerId} and h.status <> 'released'
      order by h.created_at, h.id for update of h`),
  );
}

/**
 * The most hours a record has been paid for (its payments' basis hours: at its confirmation, cause id the
 * record; after a correction, the record named in the basis), undefined if it was never paid.
 */
export async function hoursPaidFor(tx: Executor, recordId: string) {
  const [row] = rowsOf<{ hours: string | null }>(
    await tx.execute(sql`select max(case when cause_type = 'service_payment' then (basis::jsonb->>0)::numeric end)::text as hours
      from ledger_movements where currency = 'time_credit' and cause_type = 'service_payment'
        and (cause_id = ${recordId} or (case when cause_type = 'service_payment' then basis::jsonb->>3 end) = ${recordId}::text)`),
  );
  return row?.hours == null ? undefined : Number(row.hours);
}
