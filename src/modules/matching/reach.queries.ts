import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import { volunteerReach } from '../../db/schema.ts';

export type ReachRow = typeof volunteerReach.$inferSelect;
export type ReachValues = Omit<typeof volunteerReach.$inferInsert, 'volunteerId' | 'pos' | 'updatedAt'>;

/** A volunteer's reach (the defaults when the row is missing) and their home community's centroid. */
export async function reachOf(db: Executor, volunteerId: string) {
  const [row] = rowsOf<{
    volunteerId: string;
    lat: number | null;
    lng: number | null;
    requestsOptIn: boolean | null;
    emergencyOptIn: boolean | null;
    invitationsOptIn: boolean | null;
    quietFrom: number | null;
    quietTo: number | null;
    weeklyInvitationCap: number | null;
    weeklyTakeCap: number | null;
    homeLat: number | null;
    homeLng: number | null;
    homeAreaCode: string;
    homeAreaName: string | null;
  }>(
    await db.execute(sql`
      select v.id as "volunteerId", r.lat, r.lng, r.requests_opt_in as "requestsOptIn", r.emergency_opt_in as "emergencyOptIn",
        r.invitations_opt_in as "invitationsOptIn", r.quiet_from as "quietFrom", r.quiet_to as "quietTo",
        r.weekly_invitation_cap as "weeklyInvitationCap", r.weekly_take_cap as "weeklyTakeCap",
        a.lat as "homeLat", a.lng as "homeLng", v.area_code as "homeAreaCode", a.name as "homeAreaName"
      from volunteers v
      left join volunteer_reach r on r.volunteer_id = v.id
      left join areas a on a.code = v.area_code
      where v.id = ${volunteerId}`),
  );
  return row;
}

export async function saveReach(db: Executor, volunteerId: string, values: ReachValues) {
  await db
    .insert(volunteerReach)
    .values({ volunteerId, ...values })
    .onConflictDoUpdate({ target: volunteerReach.volunteerId, set: { ...values, updatedAt: new Date() } });
}

/**
 * The point a volunteer is measured from: the one their reach keeps (their own, else their
 * community's centroid when saved), else their home community's centroid (no reach saved yet).
 */
export async function positionOf(db: Executor, volunteerId: string) {
  const [row] = rowsOf<{ lat: number | null; lng: number | null }>(
    await db.execute(sql`
      select coalesce(r.pos[1], a.lat) as lat, coalesce(r.pos[0], a.lng) as lng
      from volunteers v
      left join volunteer_reach r on r.volunteer_id = v.id
      left join areas a on a.code = v.area_code
      where v.id = ${volunteerId}`),
  );
  return row?.lat != null && row.lng != null ? { lat: Number(row.lat), lng: Number(row.lng) } : undefined;
}

/** The skill codes a volunteer holds. */
export async function skillCodesOf(db: Executor, volunteerId: string) {
  const rows = rowsOf<{ code: string }>(
    await db.execute(sql`select s->>'code' as code from volunteers v, jsonb_array_elements(v.skills) s where v.id = ${volunteerId}`),
  );
  return rows.map((r) => r.code);
}
