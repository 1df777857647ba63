import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
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

/** The head the latest intact check found (one of a ledger with entries). */
export async function lastIntactHead(db: Executor) {
  const [row] = await db
    .select({ seq: ledgerChecks.entries, hash: ledgerChecks.head })
    .from(ledgerChecks)
    .where(and(eq(ledgerChecks.status, 'intact'), gt(ledgerChecks.entries, 0)))
    .orderBy(desc(ledgerChecks.finishedAt))
    .limit(1);
  return row;
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
