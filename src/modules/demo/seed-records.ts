import type { Db, Executor } from '../../db/client.ts';
import { LedgerLoader } from '../records/index.ts';
import * as q from './seed-history.queries.ts';

/**
 * Service records for the demo's past activities, so every records page has something to show:
 * accepted people checked in and out for the activity's time (credit hours, whole half-hours);
 * records older than three weeks are mostly confirmed into the ledger, a few rejected and a few
 * still pending past the Art 11 deadline; the last three weeks' are mostly waiting for the
 * organizer. Choices hang off a hash of the enrollment id, so a reload gives the same city.
 * People with a demo login are left out: what they see starts from what they do themselves.
 */
const LEDGER_BATCH = 20_000;

export function seedRecords(db: Db, ledgerKey: Buffer): Promise<{ records: number; confirmed: number }> {
  return db.transaction((tx) => seedPastRecords(tx, ledgerKey));
}

/**
 * seedRecords in the caller's transaction (the demo city's history loads them with its indexes built
 * afterwards); with scope 'requests', the records of the served requests' shifts (seed-requests.ts).
 */
export async function seedPastRecords(
  tx: Executor,
  ledgerKey: Buffer,
  scope: q.PastRecordScope = 'activities',
): Promise<{ records: number; confirmed: number }> {
  const inserted = await q.insertPastRecords(tx, scope);
  const confirmed = await q.confirmedWithoutLedger(tx, scope);
  const ledger = await LedgerLoader.open(tx, ledgerKey, LEDGER_BATCH);
  for (const r of confirmed)
    if (ledger.add({ volunteerId: r.volunteer_id, recordId: r.id, kind: 'credit', hours: r.hours, at: r.at })) await ledger.flush();
  await ledger.drain();
  return { records: inserted, confirmed: confirmed.length };
}
