import type { Db } from '../../db/client.ts';
import { GENESIS } from '../../domain/ledger/keyed-chain.ts';
import { entryHash, type LedgerEntry, legacyEntryHash } from '../../domain/records/ledger-chain.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import * as q from './ledger.queries.ts';
import { verifyLedger } from './ledger.ts';

export type RekeyOutcome =
  | { status: 'keyed'; entries: number }
  | { status: 'broken'; seq: number; problem: 'altered' | 'removed' | 'inserted' }
  | { status: 'rekeyed'; entries: number; head: string };

const PAGE = 10_000;

/**
 * The one-time upgrade of a ledger written before the key (issue 17), where each link was a plain
 * SHA-256 that anyone could recompute. The old chain is verified first, with the old links; only an
 * intact one is linked again under the key, in one transaction holding the ledger's lock, and the
 * change is audited. A ledger that already verifies under the key is left as it is.
 */
export async function rekeyLedger(db: Db, key: Buffer, ctx: AuditContext): Promise<RekeyOutcome> {
  return db.transaction(async (tx) => {
    await q.lockLedger(tx);
    const first = await q.ledgerPage(tx, 0, 1);
    if (
      first.length === 0 ||
      first[0].hash === entryHash(key, first[0].prevHash, { ...first[0], hours: Number(first[0].hours).toFixed(2) })
    )
      return { status: 'keyed' as const, entries: (await verifyLedger(tx, key)).entries };
    let oldPrev = GENESIS;
    let newPrev = GENESIS;
    let expected = 1;
    let sawKeyed = false;
    for (;;) {
      const rows = await q.ledgerPage(tx, expected - 1, PAGE);
      const links: LedgerEntry[] = [];
      for (const r of rows) {
        const e = {
          seq: Number(r.seq),
          volunteerId: r.volunteerId,
          recordId: r.recordId,
          kind: r.kind,
          hours: Number(r.hours).toFixed(2),
          at: r.at,
        };
        if (e.seq !== expected) return { status: 'broken' as const, seq: expected, problem: 'removed' as const };
        // Entries the upgraded server appended before the re-keying are keyed already; none may follow them unkeyed.
        const keyed = r.hash === entryHash(key, r.prevHash, e);
        if (keyed) sawKeyed = true;
        if (!keyed && (sawKeyed || r.hash !== legacyEntryHash(r.prevHash, e)))
          return { status: 'broken' as const, seq: e.seq, problem: 'altered' as const };
        if (r.prevHash !== oldPrev) return { status: 'broken' as const, seq: e.seq, problem: 'inserted' as const };
        oldPrev = r.hash;
        const hash = entryHash(key, newPrev, e);
        links.push({ ...e, prevHash: newPrev, hash });
        newPrev = hash;
        expected++;
      }
      if (links.length) await q.relinkEntries(tx, links);
      if (rows.length < PAGE) break;
    }
    await recordAudit(tx, ctx, {
      action: 'ledger.rekey',
      entityType: 'ledger',
      entityId: null,
      summary: { ledger: 'hours', entries: expected - 1, oldHead: oldPrev, head: newPrev },
    });
    return { status: 'rekeyed' as const, entries: expected - 1, head: newPrev };
  });
}
