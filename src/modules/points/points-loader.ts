import { CopyQueue } from '../../db/bulk-insert.ts';
import type { Executor } from '../../db/client.ts';
import { GENESIS, linkMac } from '../../domain/ledger/keyed-chain.ts';
import { basisText, earningBasis, type PointsRule, pointsOf } from '../../domain/points/earning.ts';
import { type MovementFacts, POINTS_LEDGER } from '../../domain/points/points-chain.ts';
import * as q from './points.queries.ts';

const COLUMNS = [
  'seq',
  'currency',
  'debit_account_id',
  'credit_account_id',
  'amount',
  'cause_type',
  'cause_id',
  'basis',
  'at',
  'prev_hash',
  'hash',
] as const;

/**
 * postMovements for loads of many movements (the demo city's year, the benchmark's month): chained
 * exactly as postMovements chains them and written a batch at a time as one COPY (one JSON parameter
 * on PGlite) while the next batch is hashed; the balances are added up in memory and written in one
 * statement at the end, where the floor CHECK still holds. In the caller's transaction, holding the
 * chain's lock (appends by others wait for it to commit).
 */
export class PointsLoader {
  private readonly queue: CopyQueue<typeof COLUMNS>;
  private rows: unknown[][] = [];
  private readonly deltas = new Map<string, number>();
  count = 0;

  private constructor(
    private readonly tx: Executor,
    private readonly key: Buffer,
    private seq: number,
    private prevHash: string,
    private readonly batch: number,
  ) {
    this.queue = new CopyQueue(tx, 'ledger_movements', COLUMNS, 2);
  }

  static async open(tx: Executor, key: Buffer, batch = 20_000): Promise<PointsLoader> {
    await q.lockChain(tx);
    const head = await q.chainHead(tx);
    return new PointsLoader(tx, key, head ? Number(head.seq) : 0, head?.hash ?? GENESIS, batch);
  }

  /** Chains one movement after the last; true when a batch is ready to flush. */
  add(f: MovementFacts): boolean {
    const seq = this.seq + 1;
    const hash = linkMac(this.key, POINTS_LEDGER, seq, this.prevHash, f);
    this.rows.push([
      seq,
      f.currency,
      f.debitAccountId,
      f.creditAccountId,
      f.amount,
      f.causeType,
      f.causeId,
      f.basis,
      f.at,
      this.prevHash,
      hash,
    ]);
    const c = Math.round(Number(f.amount) * 100);
    this.deltas.set(f.debitAccountId, (this.deltas.get(f.debitAccountId) ?? 0) - c);
    this.deltas.set(f.creditAccountId, (this.deltas.get(f.creditAccountId) ?? 0) + c);
    this.seq = seq;
    this.prevHash = hash;
    this.count++;
    return this.rows.length >= this.batch;
  }

  async flush() {
    const rows = this.rows;
    this.rows = [];
    await this.queue.push(rows);
  }

  /** Writes what is left and the balances (accounts locked in id order first). */
  async finish() {
    await this.flush();
    await this.queue.drain();
    const ids = [...this.deltas.keys()].sort();
    if (ids.length === 0) return;
    await q.lockAccounts(this.tx, ids);
    await q.applyDeltas(
      this.tx,
      ids.map((id) => ({ id, delta: ((this.deltas.get(id) ?? 0) / 100).toFixed(2) })),
    );
  }
}

/**
 * Posts the points of every confirmed record that has none yet (the demo city's history, or an
 * installation upgraded to points), set-based: one read of the records, accounts made in one
 * statement, movements through the loader. Returns how many were posted.
 */
export async function backfillRecordPoints(tx: Executor, key: Buffer, rule: PointsRule, at: string): Promise<number> {
  const records = await q.recordsWithoutPoints(tx);
  if (records.length === 0) return 0;
  const issuance = await q.systemAccount(tx, 'points', 'issuance');
  const accounts = await q.volunteerAccounts(
    tx,
    'points',
    records.map((r) => r.volunteer_id),
  );
  const loader = await PointsLoader.open(tx, key);
  for (const r of records) {
    const basis = earningBasis(rule, r.hours, r.category_code, r.risk_level ?? 'low');
    const amount = pointsOf(basis);
    const own = accounts.get(r.volunteer_id);
    if (Number(amount) <= 0 || !own) continue;
    const full = loader.add({
      currency: 'points',
      debitAccountId: issuance,
      creditAccountId: own,
      amount,
      causeType: 'record',
      causeId: r.id,
      basis: basisText(basis),
      at,
    });
    if (full) await loader.flush();
  }
  await loader.finish();
  return loader.count;
}
