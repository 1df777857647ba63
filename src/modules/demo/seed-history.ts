import { setImmediate } from 'node:timers/promises';
import { withBulkLoad } from '../../db/bulk-insert.ts';
import type { Executor } from '../../db/client.ts';
import { todayInChina } from '../../platform/clock.ts';
import { LedgerLoader } from '../records/index.ts';
import type { DemoSize } from './demo-city.ts';
import * as q from './seed-history.queries.ts';

/**
 * Two years of service records for the demo city (issue 6), so every KPI has a value: records
 * written set-based in SQL (generate_series), the confirmed ones chained into the hour ledger in
 * Node exactly as appendLedger chains them (chainNext: same facts, same key, same link), a chunk at a time.
 * Who served how much hangs off a hash of the volunteer id: a quarter never serve, the rest serve
 * in proportion to a weight that is larger in some districts than in others and three times as
 * large for party-member cadres, so some areas meet the hour targets and some do not.
 */
export const HISTORY_SIZES: Record<DemoSize, { records: number }> = {
  small: { records: 40_000 },
  city: { records: 20_000_000 },
};

const CHUNK = 500_000;
const LEDGER_BATCH = 20_000;
/** Rows hashed between two turns of the event loop, in which the connection's COPYs and replies move on. */
const YIELD_EVERY = 250;
const BULK_LOAD = 1_000_000;

export interface HistorySummary {
  records: number;
  confirmed: number;
  ledgerEntries: number;
}

/** Writes `records` service records spread over the last two years; in the caller's transaction. */
export async function seedHistory(
  tx: Executor,
  ledgerKey: Buffer,
  records: number,
  onProgress: (done: number) => void = () => {},
  /** Other records to load first, in the same bulk load (with the indexes built and keys checked afterwards). */
  first: () => Promise<unknown> = async () => {},
): Promise<HistorySummary> {
  const today = todayInChina();
  const startedAt = Date.now();
  await q.markCadres(tx);
  await q.reportAllPlatformTotals(tx, today);
  const counts = await q.createSlots(tx);
  if (counts.slots === 0 || counts.orgs === 0) {
    await first();
    return { records: 0, confirmed: 0, ledgerEntries: 0 };
  }

  // Pipelined on the one connection: the next chunk's INSERT is queued before this chunk's ledger
  // entries are hashed, so the server writes records while Node hashes, and the COPYs follow it.
  // The hashing yields to the event loop often: the COPYs need its turns to move their data.
  const write = async () => {
    await first();
    const ledger = await LedgerLoader.open(tx, ledgerKey, LEDGER_BATCH, Math.ceil(CHUNK / LEDGER_BATCH) + 1);
    // In the ledger's queue: sent the moment the COPYs before it are done.
    const chunk = (lo: number) =>
      ledger.enqueue(() => q.insertHistoryChunk(tx, lo, Math.min(records, lo + CHUNK - 1), records, counts, today, startedAt));
    let next = chunk(1);
    let confirmed = 0;
    for (let lo = 1; lo <= records; lo += CHUNK) {
      const rows = await next;
      if (lo + CHUNK <= records) next = chunk(lo + CHUNK);
      let n = 0;
      for (const r of rows) {
        if (++n % YIELD_EVERY === 0) await setImmediate();
        let full = false;
        if (r.credit !== '0.00')
          full = ledger.add({ volunteerId: r.volunteer_id, recordId: r.id, kind: 'credit', hours: r.credit, at: r.at });
        if (r.added !== '0.00')
          full = ledger.add({ volunteerId: r.volunteer_id, recordId: r.id, kind: 'added', hours: r.added, at: r.at }) || full;
        if (full) await ledger.flush();
      }
      confirmed += rows.length;
      await ledger.flush();
      onProgress(Math.min(records, lo + CHUNK - 1));
    }
    await ledger.drain();
    return { records, confirmed, ledgerEntries: ledger.count };
  };
  if (records < BULK_LOAD) return write();
  return withBulkLoad(tx, ['service_records', 'ledger_entries'], '512MB', write);
}
