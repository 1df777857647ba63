import { and, asc, desc, eq, gt, type SQL, sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import { ledgerChecks, ledgerEntries } from '../../db/schema.ts';

/** The hour ledger's statements (ledger.ts) and its checks' (ledger-checks.ts). */

/** One lock for every append: the chain has one head, so appends take their turn. */
const LEDGER_LOCK = 7_331_001;

export async function lockLedger(tx: Executor) {
  await tx.execute(sql`select pg_advisory_xact_lock(${LEDGER_LOCK})`);
}

export async function ledgerHead(tx: Executor) {
  const [head] = await tx.select().from(ledgerEntries).orderBy(desc(ledgerEntries.seq)).limit(1);
  return head;
}

/** The head's sequence number and hash alone, as text (the bulk loader's start). */
export async function ledgerHeadHash(tx: Executor) {
  const [head] = rowsOf<{ seq: string; hash: string }>(
    await tx.execute(sql`select l.seq::text as seq, l.hash from ledger_entries l order by l.seq desc limit 1`),
  );
  return head;
}

export async function insertLedgerEntries(tx: Executor, entries: (typeof ledgerEntries.$inferInsert)[]) {
  await tx.insert(ledgerEntries).values(entries);
}

/** Up to `limit` entries after `after`, in order. */
export async function ledgerPage(db: Executor, after: number, limit: number) {
  return db.select().from(ledgerEntries).where(gt(ledgerEntries.seq, after)).orderBy(asc(ledgerEntries.seq)).limit(limit);
}

/** A running check's progress: the entries it has verified so far. */
export async function setCheckProgress(db: Executor, id: string, entries: number) {
  await db.update(ledgerChecks).set({ entries }).where(eq(ledgerChecks.id, id));
}

/** What a check found (or why it failed), when it finished. */
export async function finishCheck(db: Executor, id: string, outcome: Partial<typeof ledgerChecks.$inferInsert>) {
  const [row] = await db.update(ledgerChecks).set(outcome).where(eq(ledgerChecks.id, id)).returning();
  return row;
}

/** A check still running that has said something since `since`. */
export async function runningCheck(db: Executor, since: Date) {
  const [running] = await db
    .select()
    .from(ledgerChecks)
    .where(and(eq(ledgerChecks.status, 'running'), gt(ledgerChecks.startedAt, since)))
    .limit(1);
  return running;
}

/** How many entries the ledger has (its head's sequence number). */
export async function ledgerLength(db: Executor) {
  const [{ total }] = await db.select({ total: sql<number>`coalesce(max(${ledgerEntries.seq}), 0)`.mapWith(Number) }).from(ledgerEntries);
  return total;
}

export async function insertCheck(db: Executor, values: typeof ledgerChecks.$inferInsert) {
  const [row] = await db.insert(ledgerChecks).values(values).returning();
  return row;
}

export async function findCheck(db: Executor, id: string) {
  const [row] = await db.select().from(ledgerChecks).where(eq(ledgerChecks.id, id));
  return row;
}

export async function recentChecks(db: Executor, limit: number) {
  return db.select().from(ledgerChecks).orderBy(desc(ledgerChecks.startedAt)).limit(limit);
}

/** The entry carrying this link (a moved entry's former neighbour). */
export async function seqOfLink(db: Executor, hash: string) {
  const [row] = rowsOf<{ seq: string }>(await db.execute(sql`select seq::text as seq from ledger_entries where hash = ${hash} limit 1`));
  return row ? Number(row.seq) : undefined;
}

/** A volunteer's entries, each with the link of the entry just before it in the whole chain. */
export async function entriesOfVolunteer(db: Executor, volunteerId: string) {
  return rowsOf<{
    seq: string;
    volunteer_id: string;
    record_id: string;
    kind: 'credit' | 'added' | 'correction';
    hours: string;
    at: string;
    prev_hash: string;
    hash: string;
    before: string | null;
  }>(
    await db.execute(sql`select l.seq::text as seq, l.volunteer_id, l.record_id, l.kind, l.hours::text as hours, l.at, l.prev_hash, l.hash,
        p.hash as before
      from ledger_entries l left join ledger_entries p on p.seq = l.seq - 1
      where l.volunteer_id = ${volunteerId} order by l.seq`),
  );
}

/**
 * Reconciliation, set-based: each record's entries against the record (it exists, is confirmed, is
 * the same volunteer's; one credit entry of its credit hours and one added entry of its added hours,
 * when it has them; no more correction entries than accepted corrections, and all its entries
 * summing to the latest accepted correction's hours, or to credit plus added without one). The first
 * entry of the first record that does not match, by sequence number. `scope` limits it to the
 * records and entries of one volunteer.
 */
export async function firstUnreconciledEntry(db: Executor, volunteerId?: string) {
  const scope: SQL = volunteerId
    ? sql`where l.volunteer_id = ${volunteerId} or l.record_id in (select id from service_records where volunteer_id = ${volunteerId})`
    : sql``;
  const [row] = rowsOf<{ bad_seq: string }>(
    await db.execute(sql`with e as (
        select l.record_id, min(l.seq) as first_seq, max(l.seq) as last_seq,
          bool_or(r.id is null or r.status <> 'confirmed') as unconfirmed,
          min(l.seq) filter (where l.volunteer_id <> r.volunteer_id) as other_volunteer,
          count(*) filter (where l.kind = 'credit') as n_credit, coalesce(sum(l.hours) filter (where l.kind = 'credit'), 0) as credit,
          max(l.seq) filter (where l.kind = 'credit') as credit_seq,
          count(*) filter (where l.kind = 'added') as n_added, coalesce(sum(l.hours) filter (where l.kind = 'added'), 0) as added,
          max(l.seq) filter (where l.kind = 'added') as added_seq,
          count(*) filter (where l.kind = 'correction') as n_corrections, max(l.seq) filter (where l.kind = 'correction') as correction_seq,
          sum(l.hours) as total,
          min(r.credit_hours) as record_credit, min(r.added_hours) as record_added
        from ledger_entries l left join service_records r on r.id = l.record_id
        ${scope}
        group by l.record_id
      ), k as (
        select c.record_id, count(*) as n, (array_agg(c.requested_hours order by c.decided_at desc, c.created_at desc))[1] as hours
        from record_corrections c where c.status = 'accepted' and c.record_id in (select record_id from e) group by c.record_id
      )
      select min(case
          when e.unconfirmed then e.first_seq
          when e.other_volunteer is not null then e.other_volunteer
          when e.n_credit <> (e.record_credit > 0)::int or e.credit <> e.record_credit then coalesce(e.credit_seq, e.first_seq)
          when e.n_added <> (e.record_added > 0)::int or e.added <> e.record_added then coalesce(e.added_seq, e.first_seq)
          when e.n_corrections > coalesce(k.n, 0) then e.correction_seq
          when e.total <> coalesce(k.hours, e.record_credit + e.record_added) then e.last_seq
        end)::text as bad_seq
      from e left join k on k.record_id = e.record_id`),
  );
  return row?.bad_seq ? Number(row.bad_seq) : undefined;
}

/** The first confirmed record (of one volunteer, with `volunteerId`) that has no entry in the ledger. */
export async function firstRecordWithoutEntry(db: Executor, volunteerId?: string) {
  const scope = volunteerId ? sql`and r.volunteer_id = ${volunteerId}` : sql``;
  const [row] = rowsOf<{ id: string }>(
    await db.execute(sql`select r.id from service_records r
      where r.status = 'confirmed' ${scope} and not exists (select 1 from ledger_entries l where l.record_id = r.id)
      order by r.created_at, r.id limit 1`),
  );
  return row?.id;
}

/**
 * Re-linking (`volunet ledger rekey`, once, on an installation upgraded from the unkeyed chain):
 * the append-only trigger is lifted for this transaction's statements only.
 */
export async function relinkEntries(tx: Executor, links: { seq: number; prevHash: string; hash: string }[]) {
  await tx.execute(sql`alter table ledger_entries disable trigger ledger_entries_no_update_delete`);
  await tx.execute(sql`update ledger_entries l set prev_hash = v.prev_hash, hash = v.hash
    from json_to_recordset(${JSON.stringify(links.map((e) => ({ seq: e.seq, prev_hash: e.prevHash, hash: e.hash })))}::json)
      as v(seq bigint, prev_hash text, hash text)
    where l.seq = v.seq`);
  await tx.execute(sql`alter table ledger_entries enable trigger ledger_entries_no_update_delete`);
}
