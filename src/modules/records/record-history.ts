import type { Db } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { notFound } from '../../platform/errors.ts';
import { maskName } from '../../platform/masking.ts';
import { authorize } from '../../platform/policy.ts';
import { correctionsOfRecord, ledgerEntriesOfRecord, recordForHistory } from './records.queries.ts';

/**
 * A record as its organization sees it, with everything that ever counted for it: the ledger's
 * entries in order (credit and added hours on confirmation, then each accepted correction's
 * difference) and every correction request. Nothing is overwritten (MCA 2020 measures, Art 12–13),
 * so the original entries and the corrections are shown side by side.
 */
export async function recordHistory(db: Db, actor: Actor, id: string) {
  const record = await recordForHistory(db, id);
  if (!record) throw notFound('entity.record');
  authorize(actor, 'record.manage', { organizationId: record.organizationId }, 'entity.record');
  const entries = await ledgerEntriesOfRecord(db, id);
  const corrections = await correctionsOfRecord(db, id);
  const hours = entries.map((e) => ({ ...e, hours: Number(e.hours) }));
  const { organizationId: _, ...shown } = record;
  return {
    ...shown,
    volunteerName: maskName(record.volunteerName ?? ''),
    ledgerHours: Math.round(hours.reduce((n, e) => n + e.hours, 0) * 100) / 100,
    entries: hours,
    corrections,
  };
}
