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

/** The open hold of the request whose shift a record is of, locked: its payments are decided one at a time. */
export async function openHoldOfRecord(tx: Executor, recordId: string) {
  const [row] = rowsOf<HoldRow>(
    await tx.execute(sql`select h.id, h.payer_id, h.amount, h.paid, h.rate from time_credit_holds h
      join service_requests q on q.id = h.request_id
      join service_records r on r.activity_id = q.activity_id
      where r.id = ${recordId} and h.status = 'open' for update of h`),
  );
  return row;
}

export async function openHoldOfRequest(tx: Executor, requestId: string) {
  const [row] = rowsOf<HoldRow>(
    await tx.execute(sql`select id, payer_id, amount, paid, rate from time_credit_holds
      where request_id = ${requestId} and status = 'open' for update`),
  );
  return row;
}

export async function addPaid(tx: Executor, holdId: string, amount: string) {
  await tx.execute(sql`update time_credit_holds set paid = paid + ${amount}::numeric where id = ${holdId}`);
}

export async function markReleased(tx: Executor, holdId: string, amount: string) {
  await tx.execute(sql`update time_credit_holds set status = 'released', released = ${amount}::numeric where id = ${holdId}`);
}

/** A volunteer's open holds, with the request's number, newest first. */
export async function openHoldsOf(db: Executor, volunteerId: string) {
  return rowsOf<{ id: string; request_id: string; request_no: string; amount: string; paid: string; created_at: string }>(
    await db.execute(sql`select h.id, h.request_id, q.request_no, h.amount, h.paid, h.created_at::text as created_at from time_credit_holds h
      join service_requests q on q.id = h.request_id
      where h.payer_id = ${volunteerId} and h.status = 'open' order by h.created_at desc, h.id`),
  );
}
