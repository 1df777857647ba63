import { asc, desc, gt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { ledgerEntries } from '../../db/schema.ts';
import { ChainVerifier, chainNext, type LedgerEntry, type LedgerFacts, type Verdict } from '../../domain/records/ledger-chain.ts';

/** One lock for every append: the chain has one head, so appends take their turn. */
const LEDGER_LOCK = 7_331_001;
const PAGE = 10_000;

const toEntry = (r: typeof ledgerEntries.$inferSelect): LedgerEntry => ({
  seq: Number(r.seq),
  volunteerId: r.volunteerId,
  recordId: r.recordId,
  kind: r.kind,
  hours: Number(r.hours).toFixed(2),
  at: r.at,
  prevHash: r.prevHash,
  hash: r.hash,
});

/** Appends entries after the current head, in the caller's transaction (commit or nothing). */
export async function appendLedger(tx: Executor, facts: Omit<LedgerFacts, 'seq'>[]): Promise<LedgerEntry[]> {
  if (facts.length === 0) return [];
  await tx.execute(sql`select pg_advisory_xact_lock(${LEDGER_LOCK})`);
  const [head] = await tx.select().from(ledgerEntries).orderBy(desc(ledgerEntries.seq)).limit(1);
  let prev: LedgerEntry | undefined = head ? toEntry(head) : undefined;
  const out: LedgerEntry[] = [];
  for (const f of facts) {
    const e = chainNext(prev, { ...f, hours: Number(f.hours).toFixed(2) });
    out.push(e);
    prev = e;
  }
  await tx.insert(ledgerEntries).values(out);
  return out;
}

/** Recomputes the whole chain a page at a time and names the first entry that does not fit. */
export async function verifyLedger(
  db: Executor,
  onProgress?: (entries: number) => void | Promise<void>,
  anchor?: { seq: number; hash: string },
): Promise<Verdict> {
  const verifier = new ChainVerifier(anchor);
  let after = 0;
  for (;;) {
    const rows = await db.select().from(ledgerEntries).where(gt(ledgerEntries.seq, after)).orderBy(asc(ledgerEntries.seq)).limit(PAGE);
    for (const r of rows) if (verifier.push(toEntry(r))) return verifier.verdict();
    if (rows.length < PAGE) return verifier.verdict();
    after = Number(rows[rows.length - 1].seq);
    await onProgress?.(verifier.count);
  }
}
