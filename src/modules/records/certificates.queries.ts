import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import { certificates, volunteers } from '../../db/schema.ts';

/** The certificates' statements (certificates.ts): the facts a certificate states, issuing, revoking, finding. */

/** What a certificate names of its volunteer. */
export async function certificatePerson(db: Executor, volunteerId: string) {
  const [person] = await db
    .select({ name: volunteers.name, volunteerNo: volunteers.volunteerNo, docMasked: volunteers.docMasked })
    .from(volunteers)
    .where(eq(volunteers.id, volunteerId));
  return person;
}

/** The volunteer's confirmed hours in the period per recording organization, most hours first. */
export async function hoursByOrganization(db: Executor, volunteerId: string, period: { from: string; to: string }) {
  return rowsOf<{ name: string; hours: string; records: number }>(
    await db.execute(sql`select o.name, sum(l.hours)::text as hours, count(distinct r.id)::int as records
      from ledger_entries l join service_records r on r.id = l.record_id join organizations o on o.id = r.organization_id
      where l.volunteer_id = ${volunteerId} and r.service_date between ${period.from} and ${period.to}
      group by o.name having sum(l.hours) > 0 order by sum(l.hours) desc, o.name`),
  );
}

export async function insertCertificate(db: Executor, values: typeof certificates.$inferInsert) {
  const [row] = await db.insert(certificates).values(values).returning();
  return row;
}

/** The volunteer's other valid certificates for the same period are superseded by the new one. */
export async function supersedeCertificates(db: Executor, volunteerId: string, newId: string, period: { from: string; to: string }) {
  await db
    .update(certificates)
    .set({ status: 'superseded', supersededBy: newId })
    .where(
      and(
        eq(certificates.volunteerId, volunteerId),
        eq(certificates.status, 'valid'),
        sql`${certificates.id} <> ${newId}`,
        sql`${certificates.facts}->>'from' = ${period.from} and ${certificates.facts}->>'to' = ${period.to}`,
      ),
    );
}

export async function certificatesOf(db: Executor, volunteerId: string) {
  return db
    .select({
      id: certificates.id,
      code: certificates.code,
      facts: certificates.facts,
      status: certificates.status,
      issuedAt: certificates.issuedAt,
    })
    .from(certificates)
    .where(eq(certificates.volunteerId, volunteerId))
    .orderBy(desc(certificates.issuedAt));
}

export async function findCertificate(db: Executor, id: string) {
  const [row] = await db.select().from(certificates).where(eq(certificates.id, id));
  return row;
}

/** A certificate's state with its volunteer's area (an office revokes within its own). */
export async function certificateForRevoking(db: Executor, id: string) {
  const [row] = await db
    .select({ id: certificates.id, status: certificates.status, areaCode: volunteers.areaCode })
    .from(certificates)
    .innerJoin(volunteers, eq(volunteers.id, certificates.volunteerId))
    .where(eq(certificates.id, id));
  return row;
}

export async function revokeCertificateRow(db: Executor, id: string, reason: string) {
  await db.update(certificates).set({ status: 'revoked', revokedReason: reason, revokedAt: sql`now()` }).where(eq(certificates.id, id));
}

/** A certificate by its verification code, with its volunteer's area. */
export async function certificateWithCode(db: Executor, code: string) {
  const [row] = await db
    .select({
      id: certificates.id,
      code: certificates.code,
      status: certificates.status,
      revokedReason: certificates.revokedReason,
      issuedAt: certificates.issuedAt,
      facts: certificates.facts,
      areaCode: volunteers.areaCode,
    })
    .from(certificates)
    .innerJoin(volunteers, eq(volunteers.id, certificates.volunteerId))
    .where(eq(certificates.code, code));
  return row;
}

export async function certificatesWithCodes(db: Executor, codes: string[]) {
  return db.select().from(certificates).where(inArray(certificates.code, codes));
}
