import { CopyQueue } from '../../db/bulk-insert.ts';
import type { Executor } from '../../db/client.ts';
import type { ledgerEntries } from '../../db/schema.ts';
import type { Checkpoint, Problem } from '../../domain/ledger/keyed-chain.ts';
import {
  chainNext,
  entryHash,
  GENESIS,
  HOUR_LEDGER,
  type LedgerEntry,
  type LedgerFacts,
  type Verdict,
} from '../../domain/records/ledger-chain.ts';
import { type LedgerStore, verifyKeyedLedger } from '../../platform/keyed-ledger.ts';
import * as q from './ledger.queries.ts';

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

/** Appends entries after the current head, in the caller's transaction (commit or nothing), linked under the ledger key. */
export async function appendLedger(tx: Executor, key: Buffer, facts: Omit<LedgerFacts, 'seq'>[]): Promise<LedgerEntry[]> {
  if (facts.length === 0) return [];
  await q.lockLedger(tx);
  const head = await q.ledgerHead(tx);
  let prev: LedgerEntry | undefined = head ? toEntry(head) : undefined;
  const out: LedgerEntry[] = [];
  for (const f of facts) {
    const e = chainNext(key, prev, { ...f, hours: Number(f.hours).toFixed(2) });
    out.push(e);
    prev = e;
  }
  await q.insertLedgerEntries(tx, out);
  return out;
}

const LEDGER_COLUMNS = ['seq', 'volunteer_id', 'record_id', 'kind', 'hours', 'at', 'prev_hash', 'hash'] as const;

/**
 * appendLedger for loads of many entries (the demo city's history): entries are chained exactly as
 * appendLedger chains them (same facts, same key, same entryHash) and written a batch at a time as
 * one COPY (or one JSON parameter on PGlite) while the next batch is hashed. In the caller's
 * transaction, holding the ledger's lock. `add` only hashes and buffers (millions of entries take
 * no promise each); when it answers true a batch is full and the caller awaits `flush`.
 */
export class LedgerLoader {
  private readonly queue: CopyQueue<typeof LEDGER_COLUMNS>;
  private rows: unknown[][] = [];
  count = 0;

  private constructor(
    tx: Executor,
    private readonly key: Buffer,
    private seq: number,
    private prevHash: string,
    private readonly batch: number,
    depth: number,
  ) {
    this.queue = new CopyQueue(tx, 'ledger_entries', LEDGER_COLUMNS, depth);
  }

  /** `depth` batches may wait for the connection at a time (hashed ahead while it runs other statements). */
  static async open(tx: Executor, key: Buffer, batch = 20_000, depth = 2): Promise<LedgerLoader> {
    await q.lockLedger(tx);
    const head = await q.ledgerHeadHash(tx);
    return new LedgerLoader(tx, key, head ? Number(head.seq) : 0, head?.hash ?? GENESIS, batch, depth);
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
    const hash = entryHash(this.key, this.prevHash, e);
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

/** The hour ledger as the keyed-ledger verification reads it: service records and corrections are its sources. */
function hourStore(db: Executor): LedgerStore<Omit<LedgerFacts, 'seq'>> {
  return {
    def: HOUR_LEDGER,
    page: async (after, limit) => (await q.ledgerPage(db, after, limit)).map(toEntry),
    seqOfLink: (hash) => q.seqOfLink(db, hash),
    reconcile: () => reconcile(db),
  };
}

async function reconcile(db: Executor, volunteerId?: string): Promise<Problem | undefined> {
  const seq = await q.firstUnreconciledEntry(db, volunteerId);
  if (seq !== undefined) return { seq, problem: 'unreconciled' };
  const recordId = await q.firstRecordWithoutEntry(db, volunteerId);
  return recordId ? { seq: null, problem: 'unreconciled', recordId } : undefined;
}

/**
 * Recomputes the whole chain under the key a page at a time (against a saved checkpoint, if given),
 * then reconciles every entry with its record, and names the first entry (or record) that does not fit.
 */
export async function verifyLedger(
  db: Executor,
  key: Buffer,
  options: { checkpoint?: Checkpoint; onProgress?: (entries: number) => void | Promise<void> } = {},
): Promise<Verdict> {
  return verifyKeyedLedger(hourStore(db), key, options);
}

/**
 * One volunteer's part of the ledger, for what may be signed: each of their entries' MAC holds and
 * links to the entry before it in the chain, and their entries and confirmed records reconcile.
 * The first problem, or nothing.
 */
export async function volunteerLedgerProblem(db: Executor, key: Buffer, volunteerId: string): Promise<Problem | undefined> {
  for (const r of await q.entriesOfVolunteer(db, volunteerId)) {
    const e: LedgerEntry = {
      seq: Number(r.seq),
      volunteerId: r.volunteer_id,
      recordId: r.record_id,
      kind: r.kind,
      hours: Number(r.hours).toFixed(2),
      at: r.at,
      prevHash: r.prev_hash,
      hash: r.hash,
    };
    if (entryHash(key, e.prevHash, e) !== e.hash) return { seq: e.seq, problem: 'altered' };
    if (e.prevHash !== (r.before ?? GENESIS) || (r.before === null && e.seq !== 1)) return { seq: e.seq, problem: 'inserted' };
  }
  return reconcile(db, volunteerId);
}
