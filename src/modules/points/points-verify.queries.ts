import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import type { MovementRow } from './points.queries.ts';

/** The points ledger's verification: its pages and its reconciliation, set-based (points-verify.ts). */

export async function movementPage(db: Executor, after: number, limit: number): Promise<MovementRow[]> {
  const rows = rowsOf<Record<string, string | null>>(
    await db.execute(sql`select m.seq::text as seq, m.currency, m.debit_account_id, m.credit_account_id, m.amount::text as amount,
        m.cause_type, m.cause_id, m.basis, m.at, m.prev_hash, m.hash
      from ledger_movements m where m.seq > ${after} order by m.seq limit ${limit}`),
  );
  return rows.map((r) => ({
    seq: Number(r.seq),
    currency: r.currency as MovementRow['currency'],
    debitAccountId: r.debit_account_id as string,
    creditAccountId: r.credit_account_id as string,
    amount: r.amount as string,
    causeType: r.cause_type as string,
    causeId: r.cause_id,
    basis: r.basis,
    at: r.at as string,
    prevHash: r.prev_hash as string,
    hash: r.hash as string,
  }));
}

export async function seqOfLink(db: Executor, hash: string) {
  const [row] = rowsOf<{ seq: string }>(await db.execute(sql`select seq::text as seq from ledger_movements where hash = ${hash} limit 1`));
  return row ? Number(row.seq) : undefined;
}

/**
 * The first account whose balance is not its credits less its debits: one aggregation over the
 * balances and both sides of every movement (no join the planner could turn into a loop).
 */
export async function firstUnbalancedAccount(db: Executor) {
  const [row] = rowsOf<{ id: string }>(
    await db.execute(sql`select x.id from (
        select a.id, a.balance as delta from ledger_accounts a
        union all select m.credit_account_id, -m.amount from ledger_movements m
        union all select m.debit_account_id, m.amount from ledger_movements m
      ) x group by x.id having sum(x.delta) <> 0 order by x.id limit 1`),
  );
  return row?.id;
}

/** A currency whose balances do not sum to zero (double entry: every movement adds and takes the same). */
export async function unbalancedCurrency(db: Executor) {
  const [row] = rowsOf<{ currency: string }>(
    await db.execute(sql`select currency from ledger_accounts group by currency having sum(balance) <> 0 limit 1`),
  );
  return row?.currency;
}

/**
 * The first movement that does not match its cause: a record's posting, repost and bonus must come
 * from the issuance account to the volunteer's own for a confirmed record (an accepted correction);
 * a posting's hours must be the record's (a repost's, the correction's) and its amount what its
 * stored basis computes to; a reversal goes back from the volunteer to issuance; and each record's
 * movements must net to its latest posting (or to nothing after a last reversal).
 */
export async function firstUnreconciledMovement(db: Executor) {
  const [row] = rowsOf<{ bad: string | null }>(
    await db.execute(sql`with m as (
        select m.*, m.basis::jsonb as b, c.status as correction_status, c.requested_hours,
          case when m.cause_type in ('record', 'bonus') then m.cause_id else c.record_id end as rid
        from ledger_movements m
        left join record_corrections c on m.cause_type in ('record_reversal', 'record_repost') and c.id = m.cause_id
        where m.currency = 'points' and m.cause_type in ('record', 'record_reversal', 'record_repost', 'bonus')
      ), bad_cause as (
        select min(m.seq) as seq from m
        left join service_records r on r.id = m.rid
        join ledger_accounts cr on cr.id = m.credit_account_id
        join ledger_accounts dr on dr.id = m.debit_account_id
        where r.id is null or r.status <> 'confirmed'
          or (m.cause_type <> 'record_reversal' and (cr.kind <> 'volunteer' or cr.owner_id <> r.volunteer_id or dr.kind <> 'issuance'))
          or (m.cause_type = 'record_reversal' and (dr.kind <> 'volunteer' or dr.owner_id <> r.volunteer_id or cr.kind <> 'issuance'))
          or (m.cause_type in ('record_reversal', 'record_repost') and m.correction_status is distinct from 'accepted')
          or (m.cause_type = 'record' and (m.b is null or (m.b->>0)::numeric <> r.credit_hours + r.added_hours))
          or (m.cause_type = 'record_repost' and (m.b is null or (m.b->>0)::numeric <> m.requested_hours))
          or (m.cause_type in ('record', 'record_repost')
            and m.amount <> round((m.b->>0)::numeric * (m.b->>1)::numeric * (m.b->>2)::numeric * (m.b->>3)::numeric, 2))
      ), nets as (
        select rid, sum(case when cause_type = 'record_reversal' then -amount else amount end) as net, max(seq) as last_seq,
          (array_agg(case when cause_type = 'record_reversal' then 0 else amount end order by seq desc))[1] as last
        from m where cause_type <> 'bonus' group by rid
      )
      select least((select seq from bad_cause), (select min(last_seq) from nets where net <> last))::text as bad`),
  );
  return row?.bad ? Number(row.bad) : undefined;
}

/**
 * The first confirmed record without its points: records of a category or risk level the rule
 * multiplies by 0 earn none and are left out.
 */
export async function firstRecordWithoutPoints(db: Executor, zeroCategories: string[], zeroRisks: string[]) {
  // EXCEPT, not NOT EXISTS / NOT IN: one pass over each side (hashed or sorted, spilling if it must)
  // whatever the planner believes about the tables' sizes, never a lookup per record.
  const [row] = rowsOf<{ id: string }>(
    await db.execute(sql`with missing as (
        select r.id from service_records r left join projects p on p.id = r.project_id
        where r.status = 'confirmed' and r.credit_hours + r.added_hours > 0
          and coalesce(r.category_code, '') not in (select value from json_array_elements_text(${JSON.stringify(zeroCategories)}::json))
          and coalesce(p.risk_level, 'low') not in (select value from json_array_elements_text(${JSON.stringify(zeroRisks)}::json))
        except
        select l.cause_id from ledger_movements l where l.currency = 'points' and l.cause_type = 'record'
      )
      select r.id from service_records r join missing m on m.id = r.id order by r.created_at, r.id limit 1`),
  );
  return row?.id;
}
