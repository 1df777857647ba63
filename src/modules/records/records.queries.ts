import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import { activities, enrollments, ledgerEntries, organizations, projects, recordCorrections, serviceRecords } from '../../db/schema.ts';

export type RecordRow = typeof serviceRecords.$inferSelect;

/** The record's volunteer, for the lists and a record's history: a name and number, not the whole person. */
export const recordVolunteerName = sql<string>`(select v.name from volunteers v where v.id = ${serviceRecords.volunteerId})`;
export const recordVolunteerNo = sql<string>`(select v.volunteer_no from volunteers v where v.id = ${serviceRecords.volunteerId})`;

/** An application with what a record of it needs: the activity, its project and organization. */
export async function enrollmentFacts(db: Executor, enrollmentId: string) {
  const [row] = await db
    .select({
      enrollment: enrollments,
      activity: activities,
      project: {
        id: projects.id,
        categoryCode: projects.categoryCode,
        areaCode: projects.areaCode,
        organizationId: projects.organizationId,
      },
      organization: { name: organizations.name, contactName: organizations.contactName },
    })
    .from(enrollments)
    .innerJoin(activities, eq(activities.id, enrollments.activityId))
    .innerJoin(projects, eq(projects.id, activities.projectId))
    .innerJoin(organizations, eq(organizations.id, projects.organizationId))
    .where(eq(enrollments.id, enrollmentId));
  return row;
}

export async function insertRecord(db: Executor, row: typeof serviceRecords.$inferInsert) {
  const [inserted] = await db.insert(serviceRecords).values(row).onConflictDoNothing().returning();
  return inserted;
}

export async function findRecord(db: Executor, id: string) {
  const [row] = await db.select().from(serviceRecords).where(eq(serviceRecords.id, id));
  return row;
}

export async function lockRecord(db: Executor, id: string) {
  const [row] = await db.select().from(serviceRecords).where(eq(serviceRecords.id, id)).for('update');
  return row;
}

export async function updateRecord(db: Executor, id: string, patch: Partial<typeof serviceRecords.$inferInsert>) {
  await db.update(serviceRecords).set(patch).where(eq(serviceRecords.id, id));
}

/** An organization's records waiting for confirmation, oldest first. */
export async function pendingOf(db: Executor, organizationId: string) {
  return db
    .select({
      id: serviceRecords.id,
      volunteerId: serviceRecords.volunteerId,
      volunteerName: recordVolunteerName,
      volunteerNo: recordVolunteerNo,
      activityId: serviceRecords.activityId,
      activityTitle: serviceRecords.activityTitle,
      serviceDate: serviceRecords.serviceDate,
      /** The activity's length: added hours may not exceed it. */
      activityHours: sql<number | null>`(select round((extract(epoch from a.ends_at - a.starts_at) / 3600)::numeric, 2)::float8
        from activities a where a.id = ${serviceRecords.activityId})`,
      channel: serviceRecords.channel,
      checkInAt: serviceRecords.checkInAt,
      checkOutAt: serviceRecords.checkOutAt,
      creditHours: serviceRecords.creditHours,
      addedHours: serviceRecords.addedHours,
    })
    .from(serviceRecords)
    .where(and(eq(serviceRecords.organizationId, organizationId), eq(serviceRecords.status, 'pending')))
    .orderBy(asc(serviceRecords.serviceDate), asc(serviceRecords.createdAt));
}

export async function recordsOfVolunteer(db: Executor, volunteerId: string) {
  return db
    .select({
      id: serviceRecords.id,
      activityTitle: serviceRecords.activityTitle,
      serviceDate: serviceRecords.serviceDate,
      place: serviceRecords.place,
      content: serviceRecords.content,
      organizationName: sql<string>`(select o.name from organizations o where o.id = ${serviceRecords.organizationId})`,
      personInCharge: serviceRecords.personInCharge,
      channel: serviceRecords.channel,
      creditHours: serviceRecords.creditHours,
      addedHours: serviceRecords.addedHours,
      status: serviceRecords.status,
      rejectReason: serviceRecords.rejectReason,
      /** What the ledger holds for the record: its confirmation and any accepted corrections. */
      ledgerHours: sql<number>`(select coalesce(sum(l.hours), 0)::float8 from ledger_entries l where l.record_id = ${serviceRecords.id})`,
      /** The latest correction request and how it stands (open, accepted, rejected), if any. */
      correction: sql<{
        status: 'open' | 'accepted' | 'rejected';
        requestedHours: number;
        decisionNote: string | null;
      } | null>`(select json_build_object('status', c.status,
        'requestedHours', c.requested_hours::float8, 'decisionNote', c.decision_note) from record_corrections c
        where c.record_id = "service_records"."id" order by c.created_at desc limit 1)`,
    })
    .from(serviceRecords)
    .where(eq(serviceRecords.volunteerId, volunteerId))
    .orderBy(desc(serviceRecords.serviceDate));
}

/** Confirmed hours from the ledger, by year, organization and category. */
export async function hoursSummary(db: Executor, volunteerId: string) {
  const rows = rowsOf<{ year: string; organization: string; category: string | null; hours: string }>(
    await db.execute(sql`select extract(year from r.service_date)::int::text as year, o.name as organization, r.category_code as category,
        sum(l.hours)::text as hours
      from ledger_entries l join service_records r on r.id = l.record_id join organizations o on o.id = r.organization_id
      where l.volunteer_id = ${volunteerId}
      group by 1, 2, 3`),
  );
  const total = rows.reduce((n, r) => n + Number(r.hours), 0);
  const by = (key: 'year' | 'organization' | 'category') => {
    const map = new Map<string, number>();
    for (const r of rows) map.set(r[key] ?? '', (map.get(r[key] ?? '') ?? 0) + Number(r.hours));
    return [...map].map(([k, hours]) => ({ key: k, hours: Math.round(hours * 100) / 100 })).sort((a, b) => b.hours - a.hours);
  };
  return { total: Math.round(total * 100) / 100, byYear: by('year'), byOrganization: by('organization'), byCategory: by('category') };
}

export async function insertCorrection(db: Executor, row: typeof recordCorrections.$inferInsert) {
  const [inserted] = await db.insert(recordCorrections).values(row).onConflictDoNothing().returning();
  return inserted;
}

export async function lockCorrection(db: Executor, id: string) {
  const [row] = await db.select().from(recordCorrections).where(eq(recordCorrections.id, id)).for('update');
  return row;
}

export async function decideCorrection(db: Executor, id: string, patch: Partial<typeof recordCorrections.$inferInsert>) {
  await db.update(recordCorrections).set(patch).where(eq(recordCorrections.id, id));
}

/** The hours a record stands at in the ledger (its confirmation plus accepted corrections). */
export async function ledgerHoursOf(db: Executor, recordId: string): Promise<number> {
  const [row] = rowsOf<{ hours: string | null }>(
    await db.execute(sql`select sum(hours)::text as hours from ledger_entries where record_id = ${recordId}`),
  );
  return Number(row?.hours ?? 0);
}

export async function openCorrectionsOf(db: Executor, organizationId: string) {
  return db
    .select({
      id: recordCorrections.id,
      recordId: recordCorrections.recordId,
      activityTitle: serviceRecords.activityTitle,
      serviceDate: serviceRecords.serviceDate,
      volunteerName: sql<string>`(select v.name from volunteers v where v.id = ${recordCorrections.volunteerId})`,
      currentHours: sql<number>`(select coalesce(sum(l.hours), 0)::float8 from ledger_entries l where l.record_id = ${serviceRecords.id})`,
      requestedHours: recordCorrections.requestedHours,
      reason: recordCorrections.reason,
      createdAt: recordCorrections.createdAt,
    })
    .from(recordCorrections)
    .innerJoin(serviceRecords, eq(serviceRecords.id, recordCorrections.recordId))
    .where(and(eq(serviceRecords.organizationId, organizationId), eq(recordCorrections.status, 'open')))
    .orderBy(asc(recordCorrections.createdAt));
}

/** A record with what its history shows beside the ledger (record-history.ts). */
export async function recordForHistory(db: Executor, id: string) {
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
  return record;
}

/** The ledger's entries for one record, in order. */
export async function ledgerEntriesOfRecord(db: Executor, recordId: string) {
  return db
    .select({ seq: ledgerEntries.seq, kind: ledgerEntries.kind, hours: ledgerEntries.hours, at: ledgerEntries.at })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.recordId, recordId))
    .orderBy(asc(ledgerEntries.seq));
}

/** Every correction request of one record, oldest first. */
export async function correctionsOfRecord(db: Executor, recordId: string) {
  return db
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
    .where(eq(recordCorrections.recordId, recordId))
    .orderBy(asc(recordCorrections.createdAt));
}
