import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import { areas, statements, volunteers } from '../../db/schema.ts';

/** Signed statements (statements.ts): the hours they state, issuing, revoking, finding. */

type Period = { from: string; to: string };

/** Each activity's confirmed hours in the period (a service record is one activity on one day), by date. */
export async function activitiesInPeriod(db: Executor, volunteerId: string, period: Period) {
  return rowsOf<{ date: string; title: string; organization: string; hours: string }>(
    await db.execute(sql`select r.service_date::text as date, r.activity_title as title, o.name as organization, sum(l.hours)::text as hours
      from ledger_entries l join service_records r on r.id = l.record_id join organizations o on o.id = r.organization_id
      where l.volunteer_id = ${volunteerId} and r.service_date between ${period.from} and ${period.to}
      group by r.id, r.service_date, r.activity_title, o.name having sum(l.hours) > 0
      order by r.service_date, r.activity_title`),
  );
}

/** Confirmed hours per calendar year from a year on. */
export async function hoursByYear(db: Executor, volunteerId: string, fromYear: number) {
  return rowsOf<{ year: number; hours: string }>(
    await db.execute(sql`select extract(year from r.service_date)::int as year, sum(l.hours)::text as hours
      from ledger_entries l join service_records r on r.id = l.record_id
      where l.volunteer_id = ${volunteerId} and r.service_date >= make_date(${fromYear}::int, 1, 1)
      group by 1`),
  );
}

/** What an employer reference states of a whole service history, before stars and awards. */
export async function serviceHistory(db: Executor, volunteerId: string) {
  const base = sql`from ledger_entries l join service_records r on r.id = l.record_id where l.volunteer_id = ${volunteerId}`;
  const [span] = rowsOf<{ first: string | null; years: number; total: string | null }>(
    await db.execute(sql`select min(r.service_date)::text as first, count(distinct extract(year from r.service_date))::int as years,
      sum(l.hours)::text as total ${base}`),
  );
  const organizations = rowsOf<{ name: string; hours: string }>(
    await db.execute(sql`select o.name, sum(l.hours)::text as hours
      from ledger_entries l join service_records r on r.id = l.record_id join organizations o on o.id = r.organization_id
      where l.volunteer_id = ${volunteerId} group by o.name having sum(l.hours) > 0 order by sum(l.hours) desc, o.name`),
  );
  const categories = rowsOf<{ name: string; hours: string }>(
    await db.execute(sql`select c.name_zh as name, sum(l.hours)::text as hours
      from ledger_entries l join service_records r on r.id = l.record_id join project_categories c on c.code = r.category_code
      where l.volunteer_id = ${volunteerId} group by c.name_zh having sum(l.hours) > 0 order by sum(l.hours) desc, c.name_zh`),
  );
  return { ...span, organizations, categories };
}

/** A volunteer's area (an office issues within its own) and whether they exist at all. */
export async function volunteerArea(db: Executor, volunteerId: string) {
  const [row] = await db
    .select({ id: volunteers.id, areaCode: volunteers.areaCode })
    .from(volunteers)
    .where(eq(volunteers.id, volunteerId));
  return row;
}

export async function areaName(db: Executor, code: string) {
  const [row] = await db.select({ name: areas.name }).from(areas).where(eq(areas.code, code));
  return row?.name ?? code;
}

export async function insertStatement(db: Executor, values: typeof statements.$inferInsert) {
  const [row] = await db.insert(statements).values(values).returning();
  return row;
}

const listed = {
  id: statements.id,
  code: statements.code,
  kind: statements.kind,
  facts: statements.facts,
  status: statements.status,
  revokedReason: statements.revokedReason,
  issuedAt: statements.issuedAt,
};

export async function statementsOf(db: Executor, volunteerId: string) {
  return db.select(listed).from(statements).where(eq(statements.volunteerId, volunteerId)).orderBy(desc(statements.issuedAt));
}

/** A statement with its volunteer's account and area (who may read and revoke it). */
export async function statementWithOwner(db: Executor, id: string) {
  const [row] = await db
    .select({ statement: statements, accountId: volunteers.accountId, areaCode: volunteers.areaCode })
    .from(statements)
    .innerJoin(volunteers, eq(volunteers.id, statements.volunteerId))
    .where(eq(statements.id, id));
  return row;
}

export async function revokeStatementRow(db: Executor, id: string, reason: string) {
  const [row] = await db
    .update(statements)
    .set({ status: 'revoked', revokedReason: reason, revokedAt: sql`now()` })
    .where(and(eq(statements.id, id), eq(statements.status, 'valid')))
    .returning({ id: statements.id });
  return row;
}

export async function statementsWithCodes(db: Executor, codes: string[]) {
  return db.select().from(statements).where(inArray(statements.code, codes));
}
