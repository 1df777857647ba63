import type { Db } from '../../db/client.ts';
import { refreshRegistryRollup } from './kpi.registry.ts';
import * as q from './kpi-rollups.queries.ts';

/**
 * Keeps the KPI rollups (src/db/schema-kpi.ts) fresh, incrementally. A volunteer's contribution
 * to the area rollups is a function of their attributes (kpi_volunteer_facts) and their served
 * months (kpi_volunteer_months). A refresh takes the volunteers touched since the last one —
 * those with new ledger entries past the watermark and those a trigger queued because their area,
 * status, political status, school or cadre flag changed — takes their old contribution away,
 * folds the new entries in, reads their attributes again and adds the new contribution. Nothing
 * is recomputed for anyone else, so a refresh costs what changed, not what exists.
 */

export interface RefreshOptions {
  /** Ledger entries folded in per refresh at most; the rest wait for the next (a first run over years of records). */
  maxEntries?: number;
  /** Queued volunteers taken per refresh at most (a large import queues a million). */
  maxVolunteers?: number;
}

export interface RefreshResult {
  /** Ledger entries folded in, volunteers whose contribution moved, whether the registry figures were recomputed. */
  entries: number;
  volunteers: number;
  registry: boolean;
  /** Whether everything committed before the refresh began is now reflected. */
  caughtUp: boolean;
  ledgerSeq: number;
}

/**
 * One refresh in one transaction: all of it or none of it. Idempotent (a refresh with nothing new
 * changes nothing) and safe to run from several servers at once: they take turns on an advisory
 * lock, and the second finds the first's work done.
 */
export async function refreshKpiRollups(db: Db, options: RefreshOptions = {}): Promise<RefreshResult> {
  const maxEntries = options.maxEntries ?? 200_000;
  const maxVolunteers = options.maxVolunteers ?? 50_000;
  return db.transaction(async (tx) => {
    await q.lockRefresh(tx);
    const state = await q.refreshState(tx);
    const wm = Number(state.wm);
    const head = Number(state.head);
    const hi = Math.min(head, wm + maxEntries);
    let volunteers = 0;
    let more = false;
    if (hi > wm || state.dirty) {
      volunteers = await q.touch(tx, wm, hi, maxVolunteers);
      more = await q.hasMoreDirty(tx);
      await q.createDelta(tx);
      await q.addContributions(tx, -1);
      await q.foldEntries(tx, wm, hi);
      await q.readFacts(tx);
      await q.addContributions(tx, 1);
      await q.foldDelta(tx);
    }
    const registry = await refreshRegistryRollup(tx);
    await q.markRefreshed(tx, hi);
    return { entries: hi - wm, volunteers, registry, caughtUp: hi === head && !more, ledgerSeq: hi };
  });
}

/** Refreshes until caught up (each round its own transaction); for the background job and on demand. */
export async function refreshKpiRollupsFully(db: Db, options: RefreshOptions = {}): Promise<RefreshResult> {
  let total: RefreshResult = { entries: 0, volunteers: 0, registry: false, caughtUp: false, ledgerSeq: 0 };
  for (;;) {
    const r = await refreshKpiRollups(db, options);
    total = {
      entries: total.entries + r.entries,
      volunteers: total.volunteers + r.volunteers,
      registry: total.registry || r.registry,
      caughtUp: r.caughtUp,
      ledgerSeq: r.ledgerSeq,
    };
    if (r.caughtUp) return total;
  }
}
