import { asc, desc, gt, sql } from 'drizzle-orm';
import { CopyQueue, type Row } from '../../db/bulk-insert.ts';
import { type Executor, rowsOf } from '../../db/client.ts';
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

const LEDGER_COLUMNS = ['seq', 'volunteer_id', 'record_id', 'kind', 'hours', 'at', 'prev_hash', 'hash'] as const;

/**
 * appendLedger for loads of many entries (the demo city's history): entries are chained exactly as
 * appendLedger chains them (chainNext: same facts, same hash) and written a batch at a time as one
 * COPY (or one JSON parameter on PGlite) while the next batch is hashed. In the caller's transaction, holding the ledger's lock.
 */
export class LedgerLoader {
  private readonly queue: CopyQueue<typeof LEDGER_COLUMNS>;
  private rows: Row<typeof LEDGER_COLUMNS>[] = [];
  count = 0;

  private constructor(
    tx: Executor,
    private prev: LedgerEntry | undefined,
    private readonly batch: number,
  ) {
    this.queue = new CopyQueue(tx, 'ledger_entries', LEDGER_COLUMNS);
  }

  static async open(tx: Executor, batch = 20_000): Promise<LedgerLoader> {
    await tx.execute(sql`select pg_advisory_xact_lock(${LEDGER_LOCK})`);
    const [head] = rowsOf<{ seq: string; hash: string }>(
      await tx.execute(sql`select l.seq::text as seq, l.hash from ledger_entries l order by l.seq desc limit 1`),
    );
    return new LedgerLoader(tx, head ? ({ seq: Number(head.seq), hash: head.hash } as LedgerEntry) : undefined, batch);
  }

  async add(facts: Omit<LedgerFacts, 'seq'>) {
    const e = chainNext(this.prev, { ...facts, hours: Number(facts.hours).toFixed(2) });
    this.prev = e;
    this.rows.push({
      seq: e.seq,
      volunteer_id: e.volunteerId,
      record_id: e.recordId,
      kind: e.kind,
      hours: e.hours,
      at: e.at,
      prev_hash: e.prevHash,
      hash: e.hash,
    });
    this.count++;
    if (this.rows.length >= this.batch) await this.flush();
  }

  /** Sends what is buffered; the caller may run other statements once `drain` resolves. */
  async flush() {
    const rows = this.rows;
    this.rows = [];
    await this.queue.push(rows);
  }

  async drain() {
    await this.flush();
    await this.queue.drain();
  }
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
