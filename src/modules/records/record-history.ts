import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { ledgerEntries, recordCorrections, serviceRecords } from '../../db/schema.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { notFound } from '../../platform/errors.ts';
import { maskName } from '../../platform/masking.ts';
import { authorize } from '../../platform/policy.ts';
import { recordVolunteerName, recordVolunteerNo } from './records.queries.ts';

/**
 * A record as its organization sees it, with everything that ever counted for it: the ledger's
 * entries in order (credit and added hours on confirmation, then each accepted correction's
 * difference) and every correction request. Nothing is overwritten (MCA 2020 measures, Art 12–13),
 * so the original entries and the corrections are shown side by side.
 */
export async function recordHistory(db: Db, actor: Actor, id: string) {
  const [record] = await db
    .select({
      id: serviceRecords.id,
      organizationId: serviceRecords.organizationId,
      activityTitle: serviceRecords.activityTitle,
      serviceDate: serviceRecords.serviceDate,
      volunteerName: recordVolunteerName,
      volunteerNo: recordVolunteerNo,
      channel: serviceRecords.channel,
      checkInAt: serviceRecords.checkInAt,
      checkOutAt: serviceRecords.checkOutAt,
      creditHours: serviceRecords.creditHours,
      addedHours: serviceRecords.addedHours,
      status: serviceRecords.status,
      rejectReason: serviceRecords.rejectReason,
    })
    .from(serviceRecords)
    .where(eq(serviceRecords.id, id));
  if (!record) throw notFound('entity.record');
  authorize(actor, 'record.manage', { organizationId: record.organizationId }, 'entity.record');
  const entries = await db
    .select({ seq: ledgerEntries.seq, kind: ledgerEntries.kind, hours: ledgerEntries.hours, at: ledgerEntries.at })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.recordId, id))
    .orderBy(asc(ledgerEntries.seq));
  const corrections = await db
    .select({
      id: recordCorrections.id,
      status: recordCorrections.status,
      requestedHours: recordCorrections.requestedHours,
      reason: recordCorrections.reason,
      decisionNote: recordCorrections.decisionNote,
      createdAt: recordCorrections.createdAt,
      decidedAt: recordCorrections.decidedAt,
    })
    .from(recordCorrections)
    .where(eq(recordCorrections.recordId, id))
    .orderBy(asc(recordCorrections.createdAt));
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
