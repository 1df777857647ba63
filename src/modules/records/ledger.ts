import { CopyQueue } from '../../db/bulk-insert.ts';
import type { Executor } from '../../db/client.ts';
import type { ledgerEntries } from '../../db/schema.ts';
import {
  ChainVerifier,
  chainNext,
  entryHash,
  GENESIS,
  type LedgerEntry,
  type LedgerFacts,
  type Verdict,
} from '../../domain/records/ledger-chain.ts';
import * as q from './ledger.queries.ts';

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
  await q.lockLedger(tx);
  const head = await q.ledgerHead(tx);
  let prev: LedgerEntry | undefined = head ? toEntry(head) : undefined;
  const out: LedgerEntry[] = [];
  for (const f of facts) {
    const e = chainNext(prev, { ...f, hours: Number(f.hours).toFixed(2) });
    out.push(e);
    prev = e;
  }
  await q.insertLedgerEntries(tx, out);
  return out;
}

const LEDGER_COLUMNS = ['seq', 'volunteer_id', 'record_id', 'kind', 'hours', 'at', 'prev_hash', 'hash'] as const;

/**
 * appendLedger for loads of many entries (the demo city's history): entries are chained exactly as
 * appendLedger chains them (same facts, same entryHash) and written a batch at a time as one
 * COPY (or one JSON parameter on PGlite) while the next batch is hashed. In the caller's
 * transaction, holding the ledger's lock. `add` only hashes and buffers (millions of entries take
 * no promise each); when it answers true a batch is full and the caller awaits `flush`.
 */
export class LedgerLoader {
  private readonly queue: CopyQueue<typeof LEDGER_COLUMNS>;
  private rows: unknown[][] = [];
  count = 0;

  private constructor(
    tx: Executor,
    private seq: number,
    private prevHash: string,
    private readonly batch: number,
    depth: number,
  ) {
    this.queue = new CopyQueue(tx, 'ledger_entries', LEDGER_COLUMNS, depth);
  }

  /** `depth` batches may wait for the connection at a time (hashed ahead while it runs other statements). */
  static async open(tx: Executor, batch = 20_000, depth = 2): Promise<LedgerLoader> {
    await q.lockLedger(tx);
    const head = await q.ledgerHeadHash(tx);
    return new LedgerLoader(tx, head ? Number(head.seq) : 0, head?.hash ?? GENESIS, batch, depth);
  }

  /** Chains one entry after the last; true when a batch is ready to flush. */
  add(facts: Omit<LedgerFacts, 'seq'>): boolean {
    const e = {
      seq: this.seq + 1,
      volunteerId: facts.volunteerId,
      recordId: facts.recordId,
      kind: facts.kind,
      hours: Number(facts.hours).toFixed(2),
      at: facts.at,
    };
    const hash = entryHash(this.prevHash, e);
    this.rows.push([e.seq, e.volunteerId, e.recordId, e.kind, e.hours, e.at, this.prevHash, hash]);
    this.seq = e.seq;
    this.prevHash = hash;
    this.count++;
    return this.rows.length >= this.batch;
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

  /** Runs another statement on the connection after the batches sent so far (and before later ones). */
  enqueue<T>(work: () => PromiseLike<T>): Promise<T> {
    return this.queue.enqueue(work);
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
    const rows = await q.ledgerPage(db, after, PAGE);
    for (const r of rows) if (verifier.push(toEntry(r))) return verifier.verdict();
    if (rows.length < PAGE) return verifier.verdict();
    after = Number(rows[rows.length - 1].seq);
    await onProgress?.(verifier.count);
  }
}
