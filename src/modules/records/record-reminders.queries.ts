import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';

/** The Art 11 reminders' statements (record-reminders.ts): pending records by day, the organizer's counts, the daily sends. */

export interface PendingRow {
  organizationId: string;
  name: string;
  serviceDate: string;
  n: number;
}

/** Pending records counted per organization and service day, for these organizations or all. */
export async function pendingByOrganizationAndDate(db: Executor, organizationIds: string[] | 'all'): Promise<PendingRow[]> {
  const only = organizationIds === 'all' ? sql`true` : sql`r.organization_id = any(${sql.param(organizationIds)}::uuid[])`;
  return rowsOf<PendingRow>(
    await db.execute(sql`select r.organization_id as "organizationId", o.name, r.service_date::text as "serviceDate", count(*)::int as n
      from service_records r join organizations o on o.id = r.organization_id
      where r.status = 'pending' and ${only}
      group by 1, 2, 3`),
  );
}

/** The organizations' names, in name order. */
export async function organizationNames(db: Executor, ids: string[]) {
  return rowsOf<{ id: string; name: string }>(
    await db.execute(sql`select id, name from organizations where id = any(${sql.param(ids)}::uuid[]) order by name`),
  );
}

/** Open correction requests per organization (only those with any). */
export async function openCorrectionCounts(db: Executor, ids: string[]) {
  return rowsOf<{ id: string; n: number }>(
    await db.execute(sql`select r.organization_id as id, count(*)::int as n from record_corrections c
      join service_records r on r.id = c.record_id
      where c.status = 'open' and r.organization_id = any(${sql.param(ids)}::uuid[]) group by 1`),
  );
}

/** Today's reminders, one per organization and day: answers the organizations not reminded yet today. */
export async function insertReminders(tx: Executor, today: string, due: { organizationId: string; overdue: number; dueSoon: number }[]) {
  return rowsOf<{ organizationId: string }>(
    await tx.execute(sql`insert into record_reminders (organization_id, day, overdue, due_soon)
      select * from unnest(${sql.param(due.map((d) => d.organizationId))}::uuid[], ${sql.param(due.map(() => today))}::date[],
        ${sql.param(due.map((d) => d.overdue))}::int[], ${sql.param(due.map((d) => d.dueSoon))}::int[])
      on conflict do nothing returning organization_id as "organizationId"`),
  );
}

/** One organization's reminder of a day, with its name. */
export async function reminderToDeliver(db: Executor, organizationId: string, day: string) {
  const [r] = rowsOf<{ name: string; overdue: number; dueSoon: number }>(
    await db.execute(sql`select o.name, r.overdue, r.due_soon as "dueSoon" from record_reminders r
      join organizations o on o.id = r.organization_id where r.organization_id = ${organizationId} and r.day = ${day}`),
  );
  return r;
}
