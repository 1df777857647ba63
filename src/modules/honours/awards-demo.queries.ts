import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';

/** What the demo's award rounds are made of (awards-demo.ts). */

export async function roundCount(db: Executor) {
  const [row] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from award_rounds`));
  return row.n;
}

/** The demo organization's active members with the most confirmed hours, the demo volunteer first. */
export async function demoCandidates(db: Executor, organizationId: string, demoAccountId: string | null, exclude: string | null) {
  return rowsOf<{ id: string; name: string; hours: number }>(
    await db.execute(sql`select v.id, v.name, coalesce((select sum(l.hours) from ledger_entries l where l.volunteer_id = v.id), 0)::float8 as hours
      from organization_members m join volunteers v on v.id = m.volunteer_id
      where m.organization_id = ${organizationId} and m.status = 'active' and v.status = 'active'
        and v.id is distinct from ${exclude}
      order by (v.account_id is not distinct from ${demoAccountId} and ${demoAccountId}::uuid is not null) desc, 3 desc, v.volunteer_no
      limit 8`),
  );
}

/**
 * The sanctioned demo volunteer joins the demo organization (if not a member), so that the
 * organization's nomination of them shows "not eligible" — a demo fact, written once.
 */
export async function ensureDemoMember(db: Executor, organizationId: string, volunteerId: string): Promise<number> {
  return rowsOf(
    await db.execute(sql`insert into organization_members (organization_id, volunteer_id, role, status, joined_at)
    values (${organizationId}, ${volunteerId}, 'member', 'active', now()) on conflict do nothing returning volunteer_id`),
  ).length;
}
